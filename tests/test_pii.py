"""Personal identity numbers in a memo: found wherever a reader would get them,
located at their own line, never printed in full, and with ``kommun_pii``
deciding between a warning, a failed build and no scan."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_escape_sequences

from sphinx_kommun.pii import find_identity_numbers
from tests.conftest import ROOTS

TODAY = dt.date(2025, 1, 15)
PROBLEM = re.compile(
    r"^(?P<file>[\w/.-]+\.rst):(?P<line>\d+): (?P<level>WARNING|ERROR): (?P<msg>.*)$"
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("811218-9876", "personnummer"),
        ("8112189876", "personnummer"),
        ("19811218-9876", "personnummer"),
        ("198112189876", "personnummer"),
        ("811218–9876", "personnummer"),  # a word processor's dash
        ("121212+1212", "personnummer"),  # born 1912: 100 years or more
        ("121212-1212", "personnummer"),  # born 2012
        ("19121212-1212", "personnummer"),
        ("040229-1231", "personnummer"),  # 29 February of a leap year
        ("701063-2391", "samordningsnummer"),  # the day plus 60
        ("Sökande: 811218-9876.", "personnummer"),
        ("(8112189876)", "personnummer"),
    ],
)
def test_found(text: str, kind: str) -> None:
    found = find_identity_numbers(text, TODAY)
    assert [n.kind for n in found] == [kind]
    assert found[0].text in text
    assert found[0].masked.endswith("****")
    assert found[0].masked[:-4] == found[0].text[:-4]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # the check digit is wrong
        "811318-9875",  # month 13
        "811232-9878",  # day 32
        "030229-1232",  # 29 February 2003 never was
        "20991218-9876",  # not born yet
        "18121218-9870",  # born before 1890
        "212000-0068",  # Huddinge kommun's organisationsnummer: month 20
        "1811218-98765",  # longer runs of digits are something else
        "98112189876",
        "08-535 300 00",
        "2019-06-26",
        "KS-2019/1234",
        "1 234 567 890 kronor",
        "811218 9876",  # a space is no separator
    ],
)
def test_not_found(text: str) -> None:
    assert find_identity_numbers(text, TODAY) == []


def test_several_in_one_text() -> None:
    text = "811218-9876 och 701063-2391, men inte 811218-9875."
    assert [n.text for n in find_identity_numbers(text, TODAY)] == ["811218-9876", "701063-2391"]


def problems(app) -> list[tuple[str, int, str, str]]:
    """(file, line, level, message) of every kommun.pii problem the build logged."""
    text = strip_escape_sequences(app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    found = []
    for line in text.splitlines():
        match = PROBLEM.match(line)
        if match and line.endswith("[kommun.pii]"):
            found.append((match["file"], int(match["line"]), match["level"], match["msg"]))
    return found


#: Every number in tests/roots/test-pii, where it is written.
EVERY_NUMBER = [
    ("memo.rst", 17, "personnummer 811218-****"),  # 2nd line of a paragraph, after markup
    ("memo.rst", 24, "samordningsnummer 701063-****"),  # a table cell
    ("memo.rst", 29, "personnummer 811218****"),  # a literal block
    ("memo.rst", 31, "personnummer 121212+****"),  # a link's address
    ("memo.rst", 41, "personnummer 811218-**** in :name: of bilaga"),  # never on the page
    ("personer.rst", 3, "personnummer 19121212-****"),  # an included file
    ("personer.rst", 6, "personnummer 121212-**** in :name: of bilaga"),  # and its option
]


def copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "pii"
    shutil.copytree(ROOTS / "test-pii", srcdir)
    return srcdir


def test_warn_by_default(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From a folder near the project, docutils names the included file relatively.
    monkeypatch.chdir(tmp_path)
    app = make_app("html", srcdir=copy_root(tmp_path))
    app.build()
    found = problems(app)
    assert [(f, n, m.split(":")[0]) for f, n, _level, m in found] == [
        (f, n, m.split(":")[0]) for f, n, m in EVERY_NUMBER
    ]
    assert {level for _f, _n, level, _m in found} == {"WARNING"}
    assert app.statuscode == 0
    # the other memo's numbers are no one's: dates, amounts, phone and org numbers
    assert not any(f == "rent.rst" for f, *_rest in found)


def test_the_log_never_shows_a_whole_number(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path))
    app.build()
    log = app.warning.getvalue()
    for number in ("9876", "2391", "1212+1212", "19121212-1212"):
        assert number not in log


def test_off(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path), confoverrides={"kommun_pii": "off"})
    app.build()
    assert problems(app) == []
    assert app.statuscode == 0


def test_suppressed_is_off(make_app, tmp_path: Path) -> None:
    app = make_app(
        "html",
        srcdir=copy_root(tmp_path),
        confoverrides={"kommun_pii": "error", "suppress_warnings": ["kommun.pii"]},
    )
    app.build()
    assert problems(app) == []
    assert app.statuscode == 0


def test_error_fails_the_build_after_reporting_all(make_app, tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"kommun_pii": "error"})
    app.build()
    found = problems(app)
    assert len(found) == len(EVERY_NUMBER)
    assert {level for _f, _n, level, _m in found} == {"ERROR"}
    assert all("kommun_pii = 'error'" in message for *_rest, message in found)
    assert app.statuscode == 1
    # the build went on to its end: every page was written
    assert (app.outdir / "rent.html").is_file()


def test_error_is_not_forgotten_by_an_incremental_build(make_app, tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    first = make_app("html", srcdir=srcdir, confoverrides={"kommun_pii": "error"})
    first.build()
    assert first.statuscode == 1

    again = make_app("html", srcdir=srcdir, confoverrides={"kommun_pii": "error"})
    again.build()  # nothing changed, and the memo is read again
    assert len(problems(again)) == len(EVERY_NUMBER)
    assert again.statuscode == 1

    memo = srcdir / "memo.rst"
    text = memo.read_text(encoding="utf-8")
    for number in ("811218-9876", "701063-2391", "8112189876", "121212+1212"):
        text = text.replace(number, "(borttaget)")
    memo.write_text(text, encoding="utf-8")
    (srcdir / "personer.rst").write_text("Sökande: en enskild person.\n", encoding="utf-8")
    fixed = make_app("html", srcdir=srcdir, confoverrides={"kommun_pii": "error"})
    fixed.build()
    assert problems(fixed) == []
    assert fixed.statuscode == 0


def test_error_in_a_parallel_build(make_app, tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    for number in range(8):  # enough documents for Sphinx to read in parallel
        (srcdir / f"sida-{number}.rst").write_text(
            f"Sida {number}\n======\n\nInget personnummer.\n", encoding="utf-8"
        )
    app = make_app("html", srcdir=srcdir, parallel=2, confoverrides={"kommun_pii": "error"})
    app.build()
    assert len(problems(app)) == len(EVERY_NUMBER)
    assert app.statuscode == 1


def test_sphinx_build_exits_with_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srcdir = copy_root(tmp_path)
    argv = ["-q", "-b", "html", "-D", "kommun_pii=error", str(srcdir), str(tmp_path / "out")]
    assert build_main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("[kommun.pii]") == len(EVERY_NUMBER)
    assert build_main(["-q", "-b", "html", str(srcdir), str(tmp_path / "out-warn")]) == 0


def test_a_number_in_an_image_text_is_found_where_it_is_written(make_app, tmp_path) -> None:
    srcdir = tmp_path / "attributes"
    shutil.copytree(ROOTS / "test-pii-attributes", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    found = problems(app)
    assert [(f, n) for f, n, _level, _m in found] == [("index.rst", 18)]
    assert "personnummer 811218-****" in found[0][3]
