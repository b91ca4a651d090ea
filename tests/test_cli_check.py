"""``sphinx-kommun check PROJECT``: one ``file:line: message`` entry per problem
(a message of several lines whole, indented beneath), a summary line in the
project's language, exit status 1 on any problem, 0 when clean, and nothing
written into the project."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sphinx_kommun.cli import main
from tests.conftest import ROOTS
from tests.test_checks import CASES

LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<message>.+) \[(?P<type>[\w.-]+)\]$")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project with one good memo, checked from the folder above it."""

    def make(*memos: str, root: str = "bad-memos") -> Path:
        srcdir = tmp_path / "projekt"
        srcdir.mkdir()
        source = ROOTS / f"test-{root}"
        for name in ("conf.py", "index.rst", *(f"{m}.rst" for m in memos)):
            shutil.copy(source / name, srcdir / name)
        monkeypatch.chdir(tmp_path)
        return srcdir

    return make


#: The first line of the plain-language report, which follows the problems.
KLARSPRAK = "klarspråk: LIX"


def problem_lines(out: str) -> list[str]:
    """What ``check`` printed without the plain-language report: the problems
    and the summary line that ends its output."""
    lines = out.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(KLARSPRAK)), None)
    if start is None:
        return lines
    if start and not lines[start - 1]:
        start -= 1
    return lines[:start] + lines[-1:]


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """The exit status, the problems and what went to stderr."""
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, problem_lines(out), err


def test_clean_project(project, capsys) -> None:
    project("utan-fel")
    status, lines, err = check(capsys, "projekt")
    assert (status, lines, err) == (0, ["Inga problem: 2 dokument granskade"], "")


def test_every_problem_of_the_corpus(tmp_path: Path, monkeypatch, capsys) -> None:
    shutil.copytree(ROOTS / "test-bad-memos", tmp_path / "projekt")
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    status, lines, _err = check(capsys, "projekt")
    elapsed = time.monotonic() - started

    assert status == 1
    *lines, summary = lines
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["file"].startswith("projekt/")
        assert match["type"].startswith("kommun.")
        subtype = match["type"].removeprefix("kommun.")
        found.append((Path(match["file"]).stem, subtype, int(match["line"])))
    # Without the link made by test_checks, the linked appendix is a missing one:
    # the same subtype, the same line.
    expected = [(name, s, n) for name, (warnings, _seen) in CASES.items() for s, n in warnings]
    assert sorted(found) == sorted(expected)
    files = len({name for name, _s, _n in found})
    documents = len(list((ROOTS / "test-bad-memos").glob("*.rst")))
    assert summary == f"{len(found)} problem i {files} filer ({documents} dokument granskade)"
    assert elapsed < 20, f"check took {elapsed:.1f} s"
    assert not (tmp_path / "projekt" / "_build").exists()


def test_personnummer_as_error_is_one_line_each(project, capsys) -> None:
    project("personnummer-i-text")
    status, lines, _err = check(capsys, "projekt", "-D", "kommun_pii=error")
    assert status == 1
    assert len(lines) == 2
    assert lines[0].startswith("projekt/personnummer-i-text.rst:21: personnummer 811218-****")
    assert "9876" not in lines[0]
    assert lines[1] == "1 problem i 1 fil (2 dokument granskade)"


def test_pii_off(project, capsys) -> None:
    project("personnummer-i-text", "utan-fel")
    assert check(capsys, "projekt", "-D", "kommun_pii=off")[:2] == (
        0,
        ["Inga problem: 3 dokument granskade"],
    )


def test_a_misspelt_directive_is_one_problem_naming_the_one_meant(project, capsys) -> None:
    srcdir = project("utan-fel")
    memo = srcdir / "utan-fel.rst"
    memo.write_text(
        memo.read_text(encoding="utf-8") + "\n.. sammanfatning::\n\n   Felstavat.\n",
        encoding="utf-8",
    )
    status, lines, _err = check(capsys, "projekt")
    assert status == 1
    assert lines == [
        "projekt/utan-fel.rst:38: `.. sammanfatning::` finns inte (menade du "
        "`.. sammanfattning::`?); texten under det utelämnas [kommun.directive]",
        "1 problem i 1 fil (2 dokument granskade)",
    ]


def test_other_problems_count_too_and_are_printed_whole(project, capsys) -> None:
    """docutils' own errors count as well, all their lines: the first line of
    ``Error in "image" directive:`` alone says nothing."""
    srcdir = project("utan-fel")
    memo = srcdir / "utan-fel.rst"
    memo.write_text(memo.read_text(encoding="utf-8") + "\n.. image::\n", encoding="utf-8")
    status, lines, _err = check(capsys, "projekt")
    assert status == 1
    assert lines == [
        'projekt/utan-fel.rst:38: Error in "image" directive:',
        "    1 argument(s) required, 0 supplied.",
        "    .. image:: [docutils]",
        "1 problem i 1 fil (2 dokument granskade)",
    ]


def test_not_a_project(tmp_path: Path, capsys) -> None:
    status, lines, err = check(capsys, str(tmp_path))
    assert status == 2
    assert lines == []
    assert "has no conf.py" in err


def test_exit_status_from_the_command_line(project) -> None:
    project("utan-fel", "datum-inte-iso")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_kommun.cli", "check", "projekt"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert problem_lines(result.stdout) == [
        "projekt/datum-inte-iso.rst:3: `.. arende::`: `:datum:` '26 juni 2019' är inget datum "
        "skrivet ÅÅÅÅ-MM-DD (som 2019-06-26) [kommun.datum]",
        "1 problem i 1 fil (3 dokument granskade)",
    ]
    assert "Traceback" not in result.stderr


def test_a_translation_is_checked_in_its_own_language(tmp_path: Path) -> None:
    """A translator's .po can bring what the source has not: ``check`` reads
    every language of kommun_languages, the way ``build`` publishes them."""
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-pii-everywhere", srcdir)
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8") + 'kommun_languages = ["sv", "en"]\n'
        'exclude_patterns = ["memon", "markup.rst", "substitution.rst", "comment.rst",\n'
        '                    "attributes.rst", "caption.rst", "attachment.rst", "lista.txt"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   rent\n   translated\n")
    command = Path(sys.executable).parent / "sphinx-kommun"
    result = subprocess.run(
        [str(command), "check", str(srcdir)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    *problems, summary = problem_lines(result.stdout)
    assert len(problems) == 1, problems
    assert problems[0].startswith("[en] ")
    assert "translated.rst:4: personnummer 811218-****" in problems[0]
    assert "the page is published" in problems[0]  # the English build's own words
    assert summary == "1 problem i 1 fil (3 dokument granskade)"  # the project's


def test_check_leaves_the_project_and_its_catalogs_as_they_were(tmp_path: Path) -> None:
    """A check reads every language, and Sphinx compiles each ``.po`` it
    reads: the project's files, compiled catalogs included, are as before."""
    from tests.test_build_command import example_copy, run

    project = example_copy(tmp_path)
    for mo in (tmp_path / "locales").rglob("*.mo"):
        mo.unlink()

    def files() -> dict[str, bytes]:
        return {
            str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
        }

    before = files()
    result = run("check", project.name, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert files() == before
