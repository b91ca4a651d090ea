"""The sphinx-kommun command, used as a new user would: new, check, build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kommun.cli import COMMANDS
from sphinx_kommun.model.placeholders import (
    CONSEQUENCES,
    DECISION,
    DESCRIPTION,
    NAME,
    OFFICER_TITLE,
    SUMMARY,
    TITLE,
    VIEWS,
)
from tests.test_cli_check import problem_lines

COMMAND = Path(sys.executable).parent / "sphinx-kommun"
#: What a writer puts in place of each placeholder of the new memo.
WRITTEN = {
    TITLE: "Ny lekplats i centrum",
    NAME: "Eva Exempelsson",
    OFFICER_TITLE: "Utredare",
    DECISION: "Kommunstyrelsen godkänner planen för en ny lekplats.",
    SUMMARY: "Lekplatsen i centrum är sliten och behöver bytas ut.",
    DESCRIPTION: "Förvaltningen har inventerat kommunens lekplatser.",
    VIEWS: "Förvaltningen ser positivt på planen.",
    CONSEQUENCES: "Arbetet finansieras inom befintlig budget.",
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *map(str, args)], capture_output=True, text=True, check=False
    )


def test_new_then_check_then_build_gives_both_languages_as_html_and_pdf(tmp_path) -> None:
    project = tmp_path / "nynashamn"
    created = run("new", project, "--kommun", "nynashamn")
    assert created.returncode == 0, created.stderr
    assert {"conf.py", "index.rst", "Makefile", ".gitignore"} <= {p.name for p in project.iterdir()}
    [memo] = (project / "memon").glob("*.rst")

    # The new memo is to be written: check names each placeholder left, and fails.
    checked = run("check", project)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    *problems, summary = problem_lines(checked.stdout)
    assert problems and all(p.endswith("[kommun.platshallare]") for p in problems), problems
    assert f"{memo.name}:8: platshållartexten 'Rubrik på ärendet'" in checked.stdout
    assert summary == f"{len(problems)} problem i 1 fil (2 dokument granskade)"
    assert "[square brackets]" in created.stdout  # new says what to replace

    # Written: every placeholder replaced by the writer's own text.
    text = memo.read_text(encoding="utf-8")
    for placeholder, written in WRITTEN.items():
        text = text.replace(placeholder.written, written)
    text = text.replace("=" * len(TITLE.written), "=" * len(WRITTEN[TITLE]))
    memo.write_text(text, encoding="utf-8")
    checked = run("check", project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert problem_lines(checked.stdout) == ["Inga problem: 2 dokument granskade"]
    assert checked.stdout.startswith("klarspråk: LIX")  # the plain-language advice

    built = run("build", project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "[en] pdf: published" in built.stdout and "[sv] html: published" in built.stdout
    for lang, title in (("sv", "Nynäshamns kommun"), ("en", "Nynäshamn Municipality")):
        page = project / "_build" / lang / "html" / "memon" / f"{memo.stem}.html"
        assert title in page.read_text(encoding="utf-8")
        pdf = project / "_build" / lang / "pdf" / "memon" / f"{memo.stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert str(pdf.parent.parent) in built.stdout  # the summary says where it went

    # A required section removed: check names the memo and line, and fails.
    text = memo.read_text(encoding="utf-8")
    start = text.index(".. konsekvenser::")
    end = text.index(".. underskrift::")
    memo.write_text(text[:start] + text[end:], encoding="utf-8")
    failed = run("check", project)
    assert failed.returncode == 1
    assert f"{memo.name}:1:" in failed.stdout
    assert "konsekvenser" in failed.stdout
    assert "[kommun.section]" in failed.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_subcommand_has_help(command) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "usage: sphinx-kommun " + command in result.stdout


@pytest.mark.parametrize("command", ["build", "check", "translate", "status"])
def test_a_folder_without_conf_py_is_a_readable_error(command, tmp_path) -> None:
    result = run(command, tmp_path)
    assert result.returncode == 2
    assert "conf.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_refuses_an_unknown_municipality(tmp_path) -> None:
    result = run("new", tmp_path / "p", "--kommun", "gotham")
    assert result.returncode == 2
    assert "unknown --kommun 'gotham'" in result.stderr
    assert not (tmp_path / "p").exists()
