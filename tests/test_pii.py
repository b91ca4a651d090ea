"""Personal identity numbers in a project: found wherever a reader would get
them, located at their own line, never printed in full, and with
``kommun_pii`` deciding between a withheld page and a failed build (the
default), a warning and no scan.  How a number is recognised is tested in
test_model_personnummer.py."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_escape_sequences

from sphinx_kommun import pii
from sphinx_kommun.model.personnummer import find_identity_numbers
from tests.conftest import ROOTS

PROBLEM = re.compile(
    r"^(?P<file>[\w/.-]+\.rst):(?P<line>\d+): (?P<level>WARNING|ERROR): (?P<msg>.*)$"
)


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
    ("memo.rst", 41, "personnummer 811218-****"),  # an option that never reaches the page
    ("personer.rst", 3, "personnummer 19121212-****"),  # an included file
    ("personer.rst", 6, "personnummer 121212-****"),  # and its option
]


def copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "pii"
    shutil.copytree(ROOTS / "test-pii", srcdir)
    return srcdir


def test_by_default_every_number_is_an_error_and_its_page_is_withheld(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From a folder near the project, docutils names the included file relatively.
    monkeypatch.chdir(tmp_path)
    app = make_app("html", srcdir=copy_root(tmp_path))
    app.build()
    found = problems(app)
    assert [(f, n, m.split(":")[0]) for f, n, _level, m in found] == [
        (f, n, m.split(":")[0]) for f, n, m in EVERY_NUMBER
    ]
    assert {level for _f, _n, level, _m in found} == {"ERROR"}
    assert app.statuscode == 1
    # the memo's page is not published; the other memo's numbers are no one's
    assert not (app.outdir / "memo.html").exists()
    assert (app.outdir / "rent.html").is_file()
    assert not any(f == "rent.rst" for f, *_rest in found)
    assert_no_number_in(app.outdir, ["8112189876", "7010632391", "1212121212"])


def test_warn_publishes_with_a_warning(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path), confoverrides={"kommun_pii": "warn"})
    app.build()
    found = problems(app)
    assert len(found) == len(EVERY_NUMBER)
    assert {level for _f, _n, level, _m in found} == {"WARNING"}
    assert app.statuscode == 0
    assert (app.outdir / "memo.html").is_file()


def assert_no_number_in(outdir: Path, digits: list[str]) -> None:
    """No file of ``outdir`` holds one of the numbers: not in its text as a
    reader sees it (markup left out, however it is written), and not as the
    two halves the search index keeps as separate words."""
    for path in outdir.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = {n.digits for n in find_identity_numbers(re.sub(r"<[^>]+>", "", text))}
        found |= {n.digits for n in find_identity_numbers(text)}
        assert not found & set(digits), f"{sorted(found & set(digits))} in {path}"
        if path.name == "searchindex.js":
            for number in digits:
                assert f'"{number[:6]}"' not in text, f"{number[:6]} in {path}"


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
    assert all("kommun_pii = 'error'" in message for *_rest, message in found)
    assert app.statuscode == 1
    # the build went on to its end: every other page was written
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
    warn = ["-q", "-b", "html", "-D", "kommun_pii=warn", str(srcdir), str(tmp_path / "out-warn")]
    assert build_main(warn) == 0


def test_a_number_in_an_image_text_is_found_where_it_is_written(make_app, tmp_path) -> None:
    srcdir = tmp_path / "attributes"
    shutil.copytree(ROOTS / "test-pii-attributes", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"kommun_pii": "warn"})
    app.build()
    found = problems(app)
    assert [(f, n) for f, n, _level, _m in found] == [("index.rst", 18)]
    assert "personnummer 811218-****" in found[0][3]


#: What each page of test-pii-everywhere hides, by page: where the number is
#: reported, and its digits.
EVERYWHERE = {
    "markup": ("markup.rst", 4, "8001021008"),  # split by bold markup
    "substitution": ("substitution.rst", 6, "6408233234"),  # a substitution, space separator
    "comment": ("comment.rst", 6, "2612151007"),  # a comment: never on the page
    "attributes": ("attributes.rst", 5, "4601011234"),  # meta, index, target id, abbr, link
    "caption": ("caption.rst", 5, "8001021008"),  # a toctree caption
    "attachment": ("lista.txt", 3, "6408233234"),  # an attached text file
    "memon/811218-9876": ("memon/811218-9876.rst", 1, "8112189876"),  # the file name
    "index": ("index.rst", 15, "8112189876"),  # and the toctree entry naming that file
}


def test_a_number_anywhere_on_any_page_is_found_and_nothing_of_it_published(
    make_app, tmp_path
) -> None:
    srcdir = tmp_path / "everywhere"
    shutil.copytree(ROOTS / "test-pii-everywhere", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    found = problems_in(app)
    for page, (file, line, _digits) in EVERYWHERE.items():
        assert (file, line) in found, page
        assert not (app.outdir / f"{page}.html").exists(), page
    assert {f for f, _line in found} <= {f for f, _l, _d in EVERYWHERE.values()}
    assert (app.outdir / "rent.html").is_file()
    assert (app.outdir / "translated.html").is_file()  # in Swedish it holds none
    digits = sorted({d for _f, _l, d in EVERYWHERE.values()} | {"7010632391", "7501010008"})
    assert_no_number_in(app.outdir, digits)
    assert app.statuscode == 1


def test_a_number_a_translator_added_is_found_in_that_language(make_app, tmp_path) -> None:
    srcdir = tmp_path / "everywhere"
    shutil.copytree(ROOTS / "test-pii-everywhere", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "en"})
    app.build()
    assert ("translated.rst", 4) in problems_in(app)
    assert not (app.outdir / "translated.html").exists()
    assert_no_number_in(app.outdir, ["8112189876"])


@pytest.mark.parametrize(
    "written",
    [
        "640823\u00ad-3234",  # soft hyphen
        "6408\u200b23-3234",  # zero-width space
        "640823-32\u206034",  # word joiner
        "640823\u22123234",  # minus sign
        "640823\u20123234",  # figure dash
        "640823\u20143234",  # em dash
        "640823\uff0d3234",  # full-width hyphen
        "640823\u00a0-\u00a03234",  # no-break spaces around the separator
        "640823 - 3234",
        "６４０８２３-３２３４",  # full-width digits
    ],
)
def test_a_disguised_number_is_found(make_app, tmp_path, written) -> None:
    srcdir = tmp_path / "disguised"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nkommun_profile = "huddinge"\nshow_warning_types = True\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        f"Ärende\n======\n\nSökanden har {written} som nummer.\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert problems_in(app) == {("index.rst", 4)}
    assert not (app.outdir / "index.html").exists()


def test_thirty_two_thousand_numbers_are_scanned_in_linear_time(make_app, tmp_path) -> None:
    srcdir = tmp_path / "many"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nkommun_profile = "huddinge"\nkommun_pii = "warn"\n',
        encoding="utf-8",
    )
    numbers = "\n\n".join("Sökande 811218-9876." for _ in range(32_000))
    (srcdir / "index.rst").write_text(f"Många\n======\n\n{numbers}\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    started = time.perf_counter()
    app.build()
    elapsed = time.perf_counter() - started
    # Every number is counted, the first ones located: a log of 32,000 lines helps no one.
    assert len(problems_in(app)) == pii.REPORTED_PER_DOCUMENT
    assert "and 31950 more personal identity numbers in this document" in app.warning.getvalue()
    # The old scan re-read the file per number: 35 s for the scan alone.
    assert elapsed < 60, elapsed


def problems_in(app) -> set[tuple[str, int]]:
    """(file, line) of every kommun.pii problem, for any kind of file."""
    text = strip_escape_sequences(app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    pattern = re.compile(r"^(\S+?):(\d+): (?:WARNING|ERROR): .*\[kommun\.pii\]$", re.M)
    return {(m.group(1), int(m.group(2))) for m in pattern.finditer(text)}
