"""The repository keeps its promises: the README's commands, CI, the catalogs, lint."""

from __future__ import annotations

import re
import subprocess
import sys

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


def test_compiled_catalogs_match_their_po_files() -> None:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/sphinx_kommun.po")):
        with po_path.open("rb") as f:
            po = read_po(f)
        with po_path.with_suffix(".mo").open("rb") as f:
            mo = read_mo(f)

        def messages(catalog):
            return {
                m.id: tuple(m.string) if isinstance(m.string, list | tuple) else m.string
                for m in catalog
                if m.id and m.string and not m.fuzzy
            }

        expected, compiled = messages(po), messages(mo)
        assert compiled == expected, po_path


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
