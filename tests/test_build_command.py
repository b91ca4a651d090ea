"""``sphinx-kommun build``, run as the README tells a new user to run it, and
what it publishes: every label in the right language, in HTML and PDF, in
either order of languages; nothing private; nothing stale."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from babel.messages.pofile import read_po

from sphinx_kommun.model.placeholders import TITLE
from tests.conftest import EXAMPLE, REPO

COMMAND = Path(sys.executable).parent / "sphinx-kommun"
CATALOGS = REPO / "sphinx_kommun" / "locale"
#: Labels that are the same word in both languages, or name no language;
#: "Kommun" (a register's column, sv) is also in every postal address, written
#: as the post office reads it ("Botkyrka kommun, 147 85 Tumba") in English too.
SHARED = {"Dnr", "Ref. no.", "Kommun"}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd
    )


def example_copy(tmp_path: Path) -> Path:
    """The example project as a user has it: beside its translations."""
    project = tmp_path / "example_project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    return project


def page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def published_text(project: Path, lang: str) -> dict[str, str]:
    """Every page and PDF of one language, by its path: what a reader gets."""
    out = project / "_build" / lang
    texts = {str(p): page_text(p) for p in sorted((out / "html").rglob("*.html"))}
    texts |= {str(p): pdf_text(p) for p in sorted((out / "pdf").rglob("*.pdf"))}
    assert texts, f"nothing was published for {lang}"
    return texts


def label_fragments(lang: str) -> set[str]:
    """The fixed words of every label of the extension's catalog in ``lang``
    (placeholders cut out) that differ from the other language's.  A message
    to the writer (``#. message`` in the catalog) is no label: it is said in a
    warning, never published."""
    with (CATALOGS / "sv" / "LC_MESSAGES" / "sphinx_kommun.po").open("rb") as f:
        catalog = read_po(f)
    fragments = set()
    for message in catalog:
        if not message.id or "message" in message.auto_comments:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts = strings if lang == "sv" else ids
        others = " ".join(ids if lang == "sv" else strings)
        for text in texts:
            for piece in re.split(r"\{[a-z]+\}", text):
                piece = piece.strip(" .,:()")
                if len(piece) >= 4 and piece not in SHARED and piece not in others:
                    fragments.add(piece)
    return fragments


def leaked_labels(texts: dict[str, str], fragments: set[str]) -> list[str]:
    found = []
    for path, written in texts.items():
        text = written.replace("’", "'")  # typographic apostrophes, as the catalog writes none
        for fragment in fragments:
            # As a word of its own, in any case ("TJÄNSTEUTLÅTANDE" is "Tjänsteutlåtande").
            if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text, flags=re.I):
                found.append(f"{Path(path).name}: {fragment!r}")
    return sorted(found)


@pytest.mark.parametrize("order", ["sv,en", "en,sv"])
def test_each_language_gets_its_own_labels_in_html_and_pdf(tmp_path, order) -> None:
    project = example_copy(tmp_path)
    built = run("build", project, "--lang", order)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr

    english, swedish = published_text(project, "en"), published_text(project, "sv")
    assert leaked_labels(english, label_fragments("sv")) == []
    assert leaked_labels(swedish, label_fragments("en")) == []
    # What each language does say, from the header to the page label.
    memo = "memon/huddinge-utvecklingsprogram-2035"
    en_page = english[str(project / "_build/en/html" / f"{memo}.html")]
    for label in (
        "OFFICER’S REPORT",
        "Proposed decision",
        "Summary",
        "Memo index",
        "The decision is communicated to",
        "Decision of the Municipal Executive Board",
    ):
        assert label in en_page
    sv_pdf = swedish[str(project / "_build/sv/pdf" / f"{memo}.pdf")]
    assert "TJÄNSTEUTLÅTANDE" in sv_pdf and "Förslag till beslut" in sv_pdf
    en_pdf = english[str(project / "_build/en/pdf" / f"{memo}.pdf")]
    assert "OFFICER’S REPORT" in en_pdf and "Proposed decision" in en_pdf

    # The summary: each language's pages, PDFs, warnings and folders.
    # Two memos and two meetings: the memos' PDFs, the Huddinge protokoll with
    # the kallelse before it and its two utdrag, and the Botkyrka kallelse.
    assert re.search(r"sv: 9 pages, 7 PDFs, 0 warnings", built.stdout), built.stdout
    assert re.search(r"en: 9 pages, 7 PDFs, 0 warnings", built.stdout), built.stdout
    assert str(project / "_build" / "en" / "pdf") in built.stdout


def test_published_folders_hold_only_what_a_reader_gets(tmp_path) -> None:
    project = example_copy(tmp_path)
    memo = project / "memon" / "huddinge-utvecklingsprogram-2035.rst"
    memo.write_text(
        memo.read_text(encoding="utf-8") + "\n.. Intern anteckning: ring Camilla före mötet.\n",
        encoding="utf-8",
    )
    assert run("build", project).returncode == 0
    for lang in ("sv", "en"):
        published = project / "_build" / lang
        names = {p.name for p in published.rglob("*")}
        assert not names & {".doctrees", ".buildinfo", "_sources", "environment.pickle"}
        assert not list(published.rglob("*.doctree"))
        assert not list(published.rglob("*.rst*"))
        for path in published.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".js", ".txt", ".inv"}:
                assert "ring Camilla" not in path.read_text(encoding="utf-8", errors="replace")
    # The working folders keep what the next build needs.
    work = project / "_build" / ".work" / "offentlig" / "sv"
    assert (work / "html" / ".buildinfo").is_file()
    assert (work / "doctrees" / "environment.pickle").is_file()


def test_the_pdf_build_reads_nothing_the_html_build_has_read(tmp_path) -> None:
    project = example_copy(tmp_path)
    built = run("build", project, "--lang", "sv")
    assert built.returncode == 0
    doctrees = project / "_build" / ".work" / "offentlig" / "sv" / "doctrees"
    pickles = {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
    assert len(pickles) == 5  # the index, two memos, two meetings
    html = project / "_build" / "sv" / "html" / "memon" / "huddinge-utvecklingsprogram-2035.html"
    pdf = project / "_build" / "sv" / "pdf" / "memon" / "huddinge-utvecklingsprogram-2035.pdf"
    # The PDFs were printed after the pages, from the doctrees the pages were written from.
    assert all(mtime < pdf.stat().st_mtime_ns for mtime in pickles.values())
    assert html.is_file()


def test_a_deleted_memo_is_gone_from_every_output(tmp_path) -> None:
    project = tmp_path / "haninge"
    assert run("new", project, "--kommun", "haninge").returncode == 0
    [first] = (project / "memon").glob("*.rst")
    second = first.with_name("2026-01-15-lekplatsplan.rst")
    second.write_text(
        first.read_text(encoding="utf-8")
        .replace(
            f"{TITLE.written}\n{'=' * len(TITLE.written)}",
            "Lekplatsplan för Haninge\n========================",
        )
        .replace("/1\n", "/2\n"),
        encoding="utf-8",
    )
    shutil.copy(
        REPO / "tests/roots/test-tyreso/bilagor/lekplatsplan.txt",
        project / "memon" / "lekplatser.txt",
    )
    with second.open("a", encoding="utf-8") as f:
        f.write("\n.. bilaga:: Lekplatser i kommunen\n   :fil: lekplatser.txt\n")
    assert run("build", project).returncode == 0
    outputs = [
        project / "_build" / lang / fmt / "memon" / f"{second.stem}.{suffix}"
        for lang in ("sv", "en")
        for fmt, suffix in (("html", "html"), ("pdf", "pdf"))
    ]
    assert all(path.is_file() for path in outputs)
    downloads = list((project / "_build" / "sv" / "html" / "_downloads").rglob("lekplatser.txt"))
    assert downloads

    second.unlink()
    (project / "memon" / "lekplatser.txt").unlink()
    rebuilt = run("build", project)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert [path for path in outputs if path.exists()] == []
    for lang in ("sv", "en"):
        published = project / "_build" / lang
        assert not list(published.rglob("lekplatser.txt"))
        index = (published / "html" / "memoindex.html").read_text(encoding="utf-8")
        assert "Lekplatsplan" not in index
        assert "Lekplatsplan" not in (published / "html" / "searchindex.js").read_text(
            encoding="utf-8"
        )
        assert (published / "html" / "memon" / f"{first.stem}.html").is_file()


def test_a_failed_build_publishes_nothing(tmp_path) -> None:
    project = tmp_path / "tyreso"
    assert run("new", project, "--kommun", "tyreso").returncode == 0
    [memo] = (project / "memon").glob("*.rst")
    memo.write_text(
        memo.read_text(encoding="utf-8").replace("Ärendet i korthet.", "Gäller 811218-9876."),
        encoding="utf-8",
    )
    built = run("build", project, "--format", "html", "-W")
    assert built.returncode != 0
    assert "nothing was published" in built.stdout
    assert not (project / "_build" / "sv" / "html").exists()


def test_a_project_that_names_no_theme_gets_the_kommun_theme(tmp_path) -> None:
    project = tmp_path / "minimal"
    (project / "memon").mkdir(parents=True)
    (project / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nlanguage = "sv"\nkommun_profile = "salem"\n',
        encoding="utf-8",
    )
    (project / "index.rst").write_text("Memon\n=====\n\nText.\n", encoding="utf-8")
    built = run("build", project, "--format", "html", "--lang", "sv")
    assert built.returncode == 0, built.stderr
    page = (project / "_build" / "sv" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<body class="kommun">' in page
    assert "Salems kommun" in page
    assert "alabaster" not in page

    (project / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nlanguage = "sv"\nkommun_profile = "salem"\n'
        'html_theme = "alabaster"\n',
        encoding="utf-8",
    )
    assert run("build", project, "--format", "html", "--lang", "sv").returncode == 0
    page = (project / "_build" / "sv" / "html" / "index.html").read_text(encoding="utf-8")
    assert "alabaster" in page
