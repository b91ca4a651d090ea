"""Every mistake a writer can make in a memo: one bad memo per file in
``tests/roots/test-bad-memos``, each a located ``kommun`` warning of its own
subtype, with no traceback, and with the rest of the memo still on the page."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from tests.conftest import ROOTS

WARNING = re.compile(
    r"^(?P<file>[^\s:]+\.rst):(?P<line>\d+): (?:WARNING|ERROR): .* \[kommun\.(?P<subtype>[\w-]+)\]$"
)
#: What every memo of the corpus ends with: seen on the page, the memo was built
#: to its end.
LAST = "Akten"


def summary(name: str) -> str:
    return f"De åtta kommunerna samarbetar om {name}."


#: bad memo → the warnings it gives, as (subtype, line) in the order of the
#: memo's lines, and texts from the rest of the memo that must still be on its page.
CASES: dict[str, tuple[list[tuple[str, int]], list[str]]] = {
    # arende
    "arende-saknas": ([("arende", 1)], ["Förslaget till utvecklingsprogram godkänns."]),
    "arende-tva": ([("arende", 18)], ["KS-2019/102", "Beslutet medför inga kostnader."]),
    "datum-inte-iso": ([("datum", 3)], ["KS-2019/103", "26 juni 2019"]),
    "datum-finns-inte": ([("datum", 3)], ["KS-2019/104", "2019-02-29"]),
    "datum-saknas": ([("missing-option", 1)], ["KS-2019/105"]),
    "dnr-fel-monster": ([("dnr", 4)], ["2019-1234", "26 juni 2019"]),
    "dnr-saknas": ([("missing-option", 1)], ["26 juni 2019"]),
    "instans-saknas": ([("missing-option", 1)], ["KS-2019/108"]),
    "instans-tom": ([("missing-option", 2)], ["KS-2019/109"]),
    "instans-okand": ([("unknown-key", 2)], ["KS-2019/110"]),
    "forvaltning-okand": ([("unknown-key", 6)], ["KS-2019/111"]),
    "typ-okand": ([("unknown-key", 6)], ["KS-2019/112", "PROTOKOLL"]),
    "kommun-okand": ([("unknown-key", 6)], ["KS-2019/113"]),
    "option-okand": ([("option", 6)], ["KS-2019/114"]),
    # the sections a document type requires
    "saknar-konsekvenser": ([("section", 1)], ["Programmet beskriver hur samarbetet"]),
    "saknar-beslut": ([("section", 1)], ["Beslutet medför inga kostnader."]),
    "saknar-tva-avsnitt": (
        [("section", 1), ("section", 1)],
        ["Förslaget till utvecklingsprogram godkänns."],
    ),
    "tjansteskrivelse-saknar-sammanfattning": (
        [("section", 1)],
        ["TJÄNSTESKRIVELSE", "Programmet beskriver hur samarbetet"],
    ),
    # beslut and konsekvenser
    "beslut-tomt": ([("beslut", 10)], ["Kommunstyrelsens beslut"]),
    "beslut-bara-kommentar": ([("beslut", 10)], ["Kommunstyrelsens beslut"]),
    "beslut-okand-till": ([("unknown-key", 11)], ["Förslaget godkänns."]),
    "beslut-okand-instans": ([("unknown-key", 11)], ["Förslaget godkänns."]),
    "konsekvenser-okand-typ": ([("unknown-key", 23)], ["Ekonomiska konsekvenser", "Inga."]),
    # bilaga
    "bilaga-fil-saknas": ([("bilaga", 32)], ["Utvecklingsprogram 2035"]),
    "bilaga-fil-utanfor": ([("bilaga", 32)], ["Utvecklingsprogram 2035"]),
    "bilaga-fil-absolut": ([("bilaga", 32)], ["Lösenord"]),
    "bilaga-fil-lank-ut": ([("bilaga", 32)], ["Hemligt"]),
    "bilaga-ref-okand": ([("ref", 20)], ["som inte har något namn."]),
    # delges
    "delges-okand-nyckel": ([("unknown-key", 36)], ["Botkyrka kommun", "huddinge:gatunamnden"]),
    "delges-inte-lista": ([("content", 33)], ["Botkyrka kommun och akten."]),
    # fokusomraden
    "fokusomrade-utanfor": ([("content", 22)], ["Infrastruktur"]),
    "fokusomraden-annat-innehall": ([("content", 22)], ["Ett stycke.", "Infrastruktur"]),
    "fokusomraden-tom": ([("content", 22)], ["Fokusområden 2035"]),
    "fokusomrade-flagga-med-varde": ([("option", 25)], ["Infrastruktur"]),
    # underskrift
    "underskrift-tom": ([("content", 27)], ["Utvecklingsprogram 2035"]),
    # a directive written without its title, or with content it does not take
    "bilaga-utan-titel": ([("argument", 31)], ["Camilla Broo"]),
    "fokusomrade-utan-namn": ([("argument", 26)], ["Infrastruktur", "Camilla Broo"]),
    "arende-med-innehall": ([("content", 1)], ["KS-2019/146", "Förslaget till utvecklingsprogram"]),
    # personal identity numbers
    "personnummer-i-text": ([("pii", 21)], ["och bor i kommunen."]),
    "personnummer-i-option": ([("pii", 5)], ["Maria Strandberg"]),
    "personnummer-i-okand-option": ([("option", 34), ("pii", 34)], []),
    "samordningsnummer-i-beslut": ([("pii", 13)], ["Förslaget godkänns."]),
    "personnummer-i-rubrik": ([("pii", 7)], ["Beslutet medför inga kostnader."]),
    "personnummer-i-kommentar": ([("pii", 38)], ["Beslutet medför inga kostnader."]),
    # markup that would run in a reader's browser
    "lank-javascript": ([("link", 20)], ["programmet", "på webben."]),
    "raw-html": ([("raw", 22)], ["Programmet beskriver hur samarbetet"]),
    # and one memo without a mistake
    "utan-fel": ([], ["Förslaget till utvecklingsprogram godkänns.", "Camilla Broo"]),
}
#: Where the last part of the memo is the one with the mistake.
ENDS_OTHERWISE = {"delges-inte-lista"}


@pytest.fixture(scope="module")
def bad_memos(tmp_path_factory: pytest.TempPathFactory):
    """The corpus built once.  ``bilagor/lank-ut.txt`` is made here: a link
    from inside the project to a file outside it (a copied test root would
    have followed it)."""
    base = tmp_path_factory.mktemp("bad-memos")
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-bad-memos", srcdir)
    (base / "hemligt.txt").write_text("utanför projektet\n", encoding="utf-8")
    (srcdir / "bilagor").mkdir()
    (srcdir / "bilagor" / "lank-ut.txt").symlink_to(base / "hemligt.txt")
    # Warned of, not withheld: what a memo with a number loses is its page,
    # which test_pii.py judges; here every page shows what it kept.
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"kommun_pii": "warn"})
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def warnings_by_file(app: SphinxTestApp) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for line in strip_escape_sequences(app.warning.getvalue()).splitlines():
        match = WARNING.match(line.replace(f"{app.srcdir}/", ""))
        if match:
            found[Path(match["file"]).stem].append((match["subtype"], int(match["line"])))
    return {name: sorted(warnings, key=lambda w: w[1]) for name, warnings in found.items()}


def test_corpus_is_large_enough() -> None:
    files = {p.stem for p in (ROOTS / "test-bad-memos").glob("*.rst")} - {"index"}
    assert files == set(CASES)
    assert len([name for name, (expected, _seen) in CASES.items() if expected]) >= 30


def test_nothing_but_kommun_warnings(bad_memos: SphinxTestApp) -> None:
    """No traceback, no docutils error: every line of the log is a located
    kommun warning of a memo in the corpus."""
    text = strip_escape_sequences(bad_memos.warning.getvalue())
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines
    assert all(WARNING.match(line.replace(f"{bad_memos.srcdir}/", "")) for line in lines), text


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_memo(bad_memos: SphinxTestApp, name: str) -> None:
    expected, seen = CASES[name]
    assert warnings_by_file(bad_memos).get(name, []) == expected
    html = (bad_memos.outdir / f"{name}.html").read_text(encoding="utf-8")
    assert "System Message" not in html
    for text in [*seen, *([] if name in ENDS_OTHERWISE else [LAST])]:
        assert text in html, text


def test_second_arende_names_the_first(bad_memos: SphinxTestApp) -> None:
    text = strip_escape_sequences(bad_memos.warning.getvalue())
    assert (
        "arende-tva.rst:18: WARNING: `.. arende::` skrivs en gång i ett tjänsteutlåtande; "
        "det första står på rad 1 (det här utelämnas)"
    ) in text.replace(f"{bad_memos.srcdir}/", "")


def test_unknown_keys_name_the_nearest_or_else_the_valid_ones(bad_memos: SphinxTestApp) -> None:
    """In Swedish, the option as written; the key meant when one is close, else all."""
    text = strip_escape_sequences(bad_memos.warning.getvalue())
    assert (
        "`.. arende::`: `:instans:` 'kommunstyrelse' finns inte (menade du 'kommunstyrelsen'?)"
    ) in text
    assert "`:kommun:` 'stockholm' finns inte (giltiga: 'botkyrka', 'haninge', 'huddinge'," in text
    assert (
        "`:typ:` 'protokoll' finns inte (giltiga: 'delegationsbeslut', 'remissvar', "
        "'svar-pa-medborgarforslag', 'svar-pa-motion', 'tjansteskrivelse', "
        "'tjansteutlatande', 'yttrande')"
    ) in text
    assert (
        "`.. konsekvenser::`: `:typ:` 'kulturella' finns inte "
        "(giltiga: 'barn', 'digitalisering', 'ekonomiska', 'folkhalsa', 'jamstalldhet', "
        "'juridiska', 'landsbygd', 'miljo', 'personal', 'risk', 'sociala', 'tillganglighet')"
    ) in text


def test_refused_files_are_not_copied(bad_memos: SphinxTestApp) -> None:
    downloads = bad_memos.outdir / "_downloads"
    copied = [p.name for p in downloads.rglob("*") if p.is_file()] if downloads.exists() else []
    assert copied == []
    for name in ("bilaga-fil-utanfor", "bilaga-fil-absolut", "bilaga-fil-lank-ut"):
        html = (bad_memos.outdir / f"{name}.html").read_text(encoding="utf-8")
        assert "_downloads" not in html


def test_a_check_is_silenced_by_its_subtype(make_app, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bad-memos", srcdir)
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"suppress_warnings": ["kommun.datum", "kommun.pii"]},
    )
    app.build()
    subtypes = {s for found in warnings_by_file(app).values() for s, _line in found}
    assert "datum" not in subtypes
    assert "pii" not in subtypes
    assert "section" in subtypes


def test_refused_markup_is_not_on_the_page(bad_memos: SphinxTestApp) -> None:
    link = (bad_memos.outdir / "lank-javascript.html").read_text(encoding="utf-8")
    assert "javascript:" not in link
    raw = (bad_memos.outdir / "raw-html.html").read_text(encoding="utf-8")
    assert "alert(" not in raw


def test_lines_hold_with_rst_prolog(make_app, tmp_path: Path) -> None:
    """``rst_prolog`` puts lines before every memo: the warnings stay at the
    memo's own lines."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bad-memos", srcdir)
    prolog = ".. |kommun| replace:: Huddinge kommun\n.. |år| replace:: 2035\n"
    app = make_app("html", srcdir=srcdir, confoverrides={"rst_prolog": prolog})
    app.build()
    found = warnings_by_file(app)
    assert {name: found.get(name, []) for name in CASES} == {
        name: expected for name, (expected, _seen) in CASES.items()
    }


def test_kommun_is_required_without_kommun_profile(make_app, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bad-memos", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"kommun_profile": ""})
    app.build()
    assert warnings_by_file(app)["utan-fel"] == [("missing-option", 1)]
    assert (
        "`.. arende::` behöver `:kommun:` när conf.py inte anger kommun_profile"
    ) in app.warning.getvalue()
