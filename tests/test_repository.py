"""The repository keeps its promises: the README's commands, CI, the catalogs, lint."""

from __future__ import annotations

import re
import subprocess
import sys

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sphinx_kommun.i18n import LOCALE_DIR
from tests.conftest import REPO


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_the_readme_has_exactly_two_set_up_commands_and_ci_runs_the_second() -> None:
    main_job, tests = readme_commands()
    assert "sphinx-kommun build example_project" in main_job
    assert "pytest" in tests
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci


def hashable(value):
    """A message id or string; a plural one (a list, read from a .mo) as a tuple."""
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogs_match_their_po_files() -> None:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/sphinx_kommun.po")):
        with po_path.open("rb") as f:
            po = read_po(f)
        with po_path.with_suffix(".mo").open("rb") as f:
            mo = read_mo(f)

        def messages(catalog):
            return {
                hashable(m.id): hashable(m.string)
                for m in catalog
                if m.id and m.string and not m.fuzzy
            }

        expected, compiled = messages(po), messages(mo)
        assert compiled == expected, po_path


def test_every_label_of_the_extension_is_translated_in_swedish_and_english() -> None:
    """Every msgid of the code (as ``pybabel extract -k _ -k ngettext:1,2`` finds
    them) and of the committed .pot has a complete msgstr in sv and in en."""
    found = extract_from_dir(str(LOCALE_DIR.parent), keywords={"_": None, "ngettext": (1, 2)})
    wanted = {hashable(message) for _file, _line, message, _comments, _context in found}
    with (LOCALE_DIR / "sphinx_kommun.pot").open("rb") as f:
        wanted |= {hashable(m.id) for m in read_po(f) if m.id}
    assert "Appendix {number}." in wanted
    for lang in ("sv", "en"):
        po_path = LOCALE_DIR / lang / "LC_MESSAGES" / "sphinx_kommun.po"
        with po_path.open("rb") as f:
            po = {hashable(m.id): m for m in read_po(f) if m.id}
        missing = sorted(str(i) for i in wanted if i not in po)
        assert not missing, f"{po_path} lacks {missing}"
        empty = sorted(
            str(i)
            for i in wanted
            if po[i].fuzzy
            or not all(hashable(po[i].string) if isinstance(po[i].id, tuple) else [po[i].string])
        )
        assert not empty, f"{po_path} leaves {empty} untranslated"


LINTED = [d for d in ("sphinx_kommun", "tests", "benchmarks") if (REPO / d).is_dir()]


def test_the_code_is_ruff_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *LINTED],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_is_mypy_clean() -> None:
    """The typed plugin surface (sphinx_kommun.api) and everything behind it
    type-check, with the settings in pyproject.toml."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
