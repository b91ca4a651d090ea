"""Tests build real Sphinx projects from ``tests/roots/test-<name>``."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

pytest_plugins = "sphinx.testing.fixtures"

# The commands the tests run print what a writer reads in a log or a pipe:
# without colour.  A CI runner that sets FORCE_COLOR (or a terminal that asks
# for colour) would otherwise wrap every warning in escape sequences.
for _name in ("FORCE_COLOR", "FORCE_COLOUR"):
    os.environ.pop(_name, None)
os.environ["NO_COLOR"] = "1"

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "example_project"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def build(make_app, tmp_path):
    """Build a copy of a test root (or of the example project) in a fresh folder.

    ``build("basic", "text", kommun_profile="tyreso")`` copies ``tests/roots/test-basic``
    and returns the built application.  Used where one root is built with
    parameters, which ``@pytest.mark.sphinx`` cannot vary.
    """

    def _build(root: str, buildername: str = "html", *, parallel: int = 0, **overrides):
        source = EXAMPLE if root == "example" else ROOTS / f"test-{root}"
        srcdir = tmp_path / f"{root}-{buildername}-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(source, srcdir, ignore=shutil.ignore_patterns("_build"))
        if root == "example" and (REPO / "locales").is_dir():
            shutil.copytree(REPO / "locales", srcdir.parent / "locales", dirs_exist_ok=True)
        app = make_app(buildername, srcdir=srcdir, confoverrides=overrides, parallel=parallel)
        app.build()
        return app

    return _build


#: The PDFs already judged, by content: several tests print the same bytes.
_JUDGED: set[str] = set()


@pytest.fixture(autouse=True)
def _every_printed_pdf_passes_the_validators(request):
    """Every PDF that kommunpdf printed in a test's folder is judged by page
    (PDF/A-2a, PDF/UA-1) and outloud once the test is done; a test that prints
    an invalid PDF fails, whatever it asserted itself."""
    yield
    folder = request.node.funcargs.get("tmp_path")
    if folder is None:
        return
    from tests.pdfcheck import assert_valid_pdf

    for pdf in Path(folder).rglob("*.pdf"):
        data = pdf.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in _JUDGED or b"Typst" not in data:
            continue  # judged already, or not one that kommunpdf printed
        assert_valid_pdf(pdf)
        _JUDGED.add(digest)


def kommun_warnings(app) -> list[str]:
    """The ``kommun`` warnings a build printed, one a line."""
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if "[kommun." in line]


#: The seven municipalities the seed memo's decision is sent to, by official name.
SEED_RECIPIENTS = [
    "Botkyrka kommun",
    "Haninge kommun",
    "Nykvarns kommun",
    "Nynäshamns kommun",
    "Salems kommun",
    "Södertälje kommun",
    "Tyresö kommun",
]


def html_pages(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build by its path, to compare two builds."""
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


LATEXMK_ENGINE = {"pdflatex": "-pdf", "xelatex": "-xelatex", "lualatex": "-lualatex"}


def compile_latex(tex: Path, engine: str) -> None:
    """Compile a Sphinx ``.tex`` with ``engine`` (shell escape off); skip when TeX is absent."""
    if shutil.which(engine) is None or shutil.which("latexmk") is None:
        pytest.skip(f"{engine} is not installed here; the .tex text was checked")
    result = subprocess.run(
        [
            "latexmk",
            LATEXMK_ENGINE[engine],
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            tex.name,
        ],
        cwd=tex.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert tex.with_suffix(".pdf").stat().st_size > 1_000
