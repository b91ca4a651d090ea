"""Mistakes that passed silently or read badly (issue 18), on real builds.

* ``test-messages``: one memo per mistake a writer new to Sphinx made, in a
  Swedish project: no title, text not indented under its section, an empty
  section, the placeholders ``sphinx-kommun new`` writes, and misspelt
  names.  Each is a located warning with its subtype; with ``language =
  "sv"`` it is in Swedish and names the directive as written, with
  ``-D language=en`` in English.
* ``test-keys``: keys written as the words they are (``Haninge``,
  ``kommunfullmäktige``, ``Haninge:Kommunstyrelsen``, ``miljö``).
* ``test-translation``: what the gettext builder and ``status`` give a
  translator: no message without a line, none of a bare number, and a
  changed source text to review, apart from what is untranslated.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sphinx_kommun.commands import status
from sphinx_kommun.model.keys import find_key, nearest, normalise_key
from tests.conftest import ROOTS, kommun_warnings
from tests.test_cli_check import problem_lines

BIN = Path(sys.executable).parent

#: Every warning of ``test-messages`` in the Swedish build: where, subtype, what.
SWEDISH = [
    (
        "utan-rubrik.rst:1",
        "titel",
        "tjänsteutlåtandet har ingen rubrik: skriv den under `.. arende::`, understruken "
        "med ===; till dess heter sidan 'Tjänsteutlåtande KS 2024/7'",
    ),
    (
        "ej-indraget.rst:15",
        "indrag",
        "den här texten är inte indragen under `.. sammanfattning::` och hör därför inte "
        "till det: dra in den tre blanksteg, som direktivets övriga rader",
    ),
    (
        "ej-indraget.rst:18",
        "avsnitt",
        "`.. arendebeskrivning::` är tomt: skriv texten under det, indragen tre blanksteg",
    ),
    *(
        (
            f"platshallare.rst:{line}",
            "platshallare",
            f"platshållartexten {text!r} från sphinx-kommun new står kvar: skriv "
            "tjänsteutlåtandets egen text i stället",
        )
        for line, text in (
            (5, "Förnamn Efternamn"),
            (5, "Titel"),
            (8, "Rubrik på ärendet"),
            (12, "Kommunstyrelsen beslutar att …"),
            (16, "Ärendet i korthet."),
        )
    ),
    (
        "felstavat.rst:2",
        "unknown-key",
        "`.. arende::`: `:instans:` 'kommunstyrelse' finns inte (menade du 'kommunstyrelsen'?)",
    ),
    (
        "felstavat.rst:3",
        "datum",
        "`.. arende::`: `:datum:` '5 mars 2024' är inget datum skrivet ÅÅÅÅ-MM-DD (som 2019-06-26)",
    ),
    (
        "felstavat.rst:4",
        "dnr",
        "`.. arende::`: `:dnr:` 'KS-2024/10' är inte skrivet som Haninge kommun skriver "
        "diarienummer: skriv till exempel KS 2023/123",
    ),
    (
        "felstavat.rst:6",
        "option",
        "`.. arende::` har inget alternativ `:forvalting:` (menade du `:forvaltning:`?)",
    ),
    (
        "felstavat.rst:15",
        "directive",
        "`.. sammanfatning::` finns inte (menade du `.. sammanfattning::`?); texten under "
        "det utelämnas",
    ),
    (
        "felstavat.rst:30",
        "unknown-key",
        "`.. delges::`: 'botkirka' är ingen mottagarnyckel (menade du 'botkyrka'?)",
    ),
    (
        "felstavat.rst:1",
        "section",
        "avsnittet `.. sammanfattning::` saknas: ett dokument av typen tjänsteutlåtande "
        "behöver det",
    ),
]

#: The same warnings in the English build (``-D language=en``), by place and subtype.
ENGLISH = {
    ("utan-rubrik.rst:1", "titel"): "the memo has no title: write it under `.. arende::`, "
    "underlined with ===; until then its page is titled 'Officer’s report KS 2024/7'",
    ("ej-indraget.rst:15", "indrag"): "this text is not indented under `.. sammanfattning::`, "
    "so it is not part of it: indent it by three spaces",
    ("ej-indraget.rst:18", "avsnitt"): "`.. arendebeskrivning::` is empty",
    ("felstavat.rst:3", "datum"): "is not a date written YYYY-MM-DD (as 2019-06-26)",
    ("felstavat.rst:4", "dnr"): "`:dnr:` 'KS-2024/10' is not written as Haninge Municipality "
    "writes a diarienummer: write it as, for example, KS 2023/123",
    ("felstavat.rst:15", "directive"): "`.. sammanfatning::` does not exist (did you mean "
    "`.. sammanfattning::`?); the text under it is left out",
    ("felstavat.rst:6", "option"): "`.. arende::` has no option `:forvalting:` (did you mean "
    "`:forvaltning:`?)",
}


def located(app) -> list[tuple[str, str, str]]:
    """Every kommun warning as (``file:line``, subtype, message), the file by its name."""
    found = []
    for warning in kommun_warnings(app):
        match = re.match(r"^(?:.*/)?([^/]+\.rst:\d+): WARNING: (.*) \[kommun\.([\w-]+)\]$", warning)
        assert match, warning
        found.append((match[1], match[3], match[2]))
    return found


# -- the mistakes, said in the project's language ----------------------------------


@pytest.fixture
def swedish(build):
    """The root built in Swedish, its conf.py's language.  (Built per test:
    Sphinx keeps one translator per catalog while an application lives, and
    the English build beside it would speak Swedish.)"""
    return build("messages")


def test_every_mistake_is_a_located_warning_in_swedish(swedish) -> None:
    assert sorted(located(swedish)) == sorted(SWEDISH)
    assert "Traceback" not in swedish.warning.getvalue()


def test_a_memo_without_a_title_is_titled_by_its_document_type_and_dnr(swedish) -> None:
    """Not "Förslag till beslut", the first heading the extension wrote: its page,
    its entry in a toctree and in the memo index say what the memo is."""
    out = Path(swedish.outdir)
    page = (out / "utan-rubrik.html").read_text(encoding="utf-8")
    assert "<title>Tjänsteutlåtande KS 2024/7 &#8212;" in page
    toctree = (out / "index.html").read_text(encoding="utf-8")
    assert (
        '<li class="toctree-l1"><a class="reference internal" href="utan-rubrik.html">'
        "Tjänsteutlåtande KS 2024/7</a>"
    ) in toctree
    index = (out / "memoindex.html").read_text(encoding="utf-8")
    assert '<a href="utan-rubrik.html">Tjänsteutlåtande KS 2024/7</a>' in index
    assert "Ett tjänsteutlåtande utan rubrik." in page  # the rest of the memo is there


def test_text_not_indented_is_said_where_it_stands(swedish) -> None:
    """docutils makes the unindented lines a definition list after an empty
    section: the warning is at the text, the page still shows it."""
    page = (Path(swedish.outdir) / "ej-indraget.html").read_text(encoding="utf-8")
    assert "Kommunerna har sedan 2007 ett gemensamt" in page
    assert "Förvaltningen tillstyrker." in page


def test_the_english_build_gives_the_english_messages(build) -> None:
    app = build("messages", language="en")
    found = located(app)
    assert sorted((w, s) for w, s, _m in found) == sorted((w, s) for w, s, _m in SWEDISH)
    for (where, subtype), english in ENGLISH.items():
        [message] = [m for w, s, m in found if (w, s) == (where, subtype)]
        assert english in message, message
    page = html.unescape((Path(app.outdir) / "utan-rubrik.html").read_text(encoding="utf-8"))
    assert "<title>Officer’s report KS 2024/7 —" in page


def test_sphinx_build_with_language_sv_writes_the_swedish_messages(tmp_path) -> None:
    result = subprocess.run(
        [
            *(str(BIN / "sphinx-build"), "-q", "-b", "html", "-D", "language=sv"),
            *(str(ROOTS / "test-messages"), str(tmp_path / "out")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for where, subtype, message in SWEDISH:
        assert f"{where}: WARNING: {message} [kommun.{subtype}]" in result.stderr, message
    assert "Traceback" not in result.stderr


def test_check_prints_every_problem_and_a_summary_in_swedish(tmp_path) -> None:
    """The installed ``sphinx-kommun check``: each problem whole, then one line
    that sums up, in the project's language; exit 1."""
    project = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-messages", project)
    result = subprocess.run(
        [str(BIN / "sphinx-kommun"), "check", "projekt"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    *problems, summary = problem_lines(result.stdout)
    assert sorted(problems) == sorted(
        f"projekt/{where}: {message} [kommun.{subtype}]" for where, subtype, message in SWEDISH
    )
    assert summary == f"{len(SWEDISH)} problem i 4 filer (5 dokument granskade)"


# -- keys as the writer types them ------------------------------------------------------


def test_keys_with_capitals_and_a_a_o_are_the_keys_they_spell(build) -> None:
    app = build("keys")
    assert kommun_warnings(app) == []
    page = (Path(app.outdir) / "nycklar.html").read_text(encoding="utf-8")
    assert '<p class="kommun-kommun">Haninge kommun</p>' in page  # .. Ärende:: :kommun: Haninge
    assert "TJÄNSTEUTLÅTANDE" in page  # :typ: Tjänsteutlåtande
    assert "Kommunstyrelsens förslag till kommunfullmäktige" in page  # :till: kommunfullmäktige
    assert "Ekonomiska och miljömässiga konsekvenser" in page  # :typ: Ekonomiska, miljö
    for recipient in ("Kommunstyrelsen", "Botkyrka kommun", "Kommunfullmäktige", "Akten"):
        assert f"<li><p>{recipient}</p></li>" in page
    assert "Eva Exempelsson" in page  # :handläggare:
    register = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "KS 2024/11" in register  # beslutslista :instans: Kommunfullmäktige
    assert app.config.kommun_profile == "haninge"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("kommunfullmäktige", "kommunfullmaktige"),
        ("miljö", "miljo"),
        ("Haninge", "haninge"),
        ("Haninge:Kommunstyrelsen", "haninge:kommunstyrelsen"),
        (" Haninge : Kommunstyrelsen ", "haninge:kommunstyrelsen"),
        ("Kultur- och fritidsnämnden", "kultur-och-fritidsnamnden"),
        ("Kommundelsnämnden Hölö-Mörkö", "kommundelsnamnden-holo-morko"),
        ("Södertälje", "sodertalje"),
        ("Café", "cafe"),
    ],
)
def test_one_rule_turns_what_was_typed_into_a_key(written, key) -> None:
    assert normalise_key(written) == key


def test_a_key_is_found_however_it_is_spelt_and_a_misspelt_one_finds_the_nearest() -> None:
    bodies = {"kommunstyrelsen": 1, "kommunfullmaktige": 2}
    assert find_key(bodies, "Kommunfullmäktige") == ("kommunfullmaktige", 2)
    assert find_key(bodies, "nämnden") is None
    assert nearest("kommunstyrelse", bodies) == "kommunstyrelsen"
    assert nearest("sammanfatning", ["sammanfattning", "synpunkter"]) == "sammanfattning"
    assert nearest("gatunamnden", ["valnamnden", "socialnamnden"]) is None  # not close


# -- what a translator is given -------------------------------------------------------------


@pytest.fixture
def translation(build):
    return build("translation", "gettext")


def test_every_message_has_a_line_and_none_is_a_bare_number(translation) -> None:
    with (Path(translation.outdir) / "index.pot").open("rb") as f:
        messages = [m for m in read_po(f) if m.id]
    ids = [m.id for m in messages]
    for message in messages:
        assert message.locations and all(line > 0 for _path, line in message.locations), message.id
    assert not [i for i in ids if re.fullmatch(r"[\d\s,.%()−-]+", i)], ids
    assert not [i for i in ids if i.startswith("Bilaga")], ids  # the extension's own line
    lines = {m.id: m.locations[0][1] for m in messages}
    assert lines["Karta över lekplatserna"] == 33
    assert lines["Kostnadsberäkning"] == 35
    assert {"År", "Mnkr", "Platser"} <= set(ids)  # a table's words are messages


def test_status_lists_a_changed_source_text_to_review_apart(translation, capsys) -> None:
    project = Path(translation.srcdir)
    capsys.readouterr()
    args = argparse.Namespace(project=project, lang=None, summary=False, check=True)
    assert status.run(args) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "en: 10 % (1 av 10 meddelanden)"
    assert re.search(r"^  index +10 %  1/10, 8 oöversatta, 1 att granska$", out, re.M), out
    assert (
        "rad 11: Budgeten för lekplatser godkänns. (ändrad källtext: granska översättningen)"
    ) in out
    assert "rad 15: Kostnaden fördelas på två år." in out
    assert "8,5" not in out and "2026" not in out
    assert " -: " not in out  # no message without a line
