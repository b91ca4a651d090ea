"""Plain Swedish in a real project: ``sphinx-kommun check``'s table, the build's
``kommun.klarsprak`` warnings (``kommun_klarsprak = True``) and ``memos.json``,
on a deliberately bureaucratic memo counted by hand and on the example.

The counts of ``tests/roots/test-klarsprak`` by hand (a word is a run of
letters or digits; long = more than six letters, marked *; a list item or a
table cell without a full stop is a sentence of its own):

memon/byrakratisk.rst (profile klarby: lix_grans 50, and its own word "nyttja")

* beslut (line 16): Kommunstyrelsen* beslutar* i enlighet* med
  förvaltningens* förslag* = 7 words, 1 sentence, 5 long: 7/1 + 500/7 = 78.4
* sammanfattning (line 20), one sentence: Förvaltningen* har erhållit* ett
  bidrag beträffande* lokaler* samt tillhandahåller* härmed en redovisning*
  (12 words, 6 long; "bidrag" and "härmed" have six letters), varvid ett möte
  äger rum innevarande* år i syfte att ombesörja* erforderlig* samordning*
  (13 words, 4 long) = 25 words, 1 sentence, 10 long: 25 + 1000/25 = 65.0
* arendebeskrivning (line 26):
  - Vederbörande* nämnd torde icke kunna företa utredningen* emedan
    underlaget* således* saknas ävensom* resurser* angående* uppföljning* och
    förvaltningen* föreslår* därför att ärendet* tillställs* kommunstyrelsen*
    för beslut och att beslutet* därefter* delges samtliga* berörda* nämnder*
    inom kommunen* i god tid före nästa sammanträde* med kommunstyrelsen*
    = 43 words (the long sentence), 21 long
  - Visionen* lyder: ”…” (the quotation is not judged; its full stop ends the
    sentence) = 2 words, 1 long
  - the block quote and the table of figures: not judged
  - Underlaget* finns i filen ``samt.csv`` på https://… (the literal and the
    bare address are not judged) = 5 words, 1 long
  = 50 words, 3 sentences, 23 long: 50/3 + 2300/50 = 16.667 + 46 = 62.7
* synpunkter (line 50): Delgivning* av beslutet* sker genom förvaltningens*
  försorg* till samtliga* nämnder* och förvaltningen* nyttjar* därvid
  befintliga* rutiner* = 16 words, 1 sentence, 10 long: 16 + 62.5 = 78.5
* konsekvenser (line 55): Beslutet* medför inga kostnader* utöver vad som
  erfordras* för ifrågavarande* lokaler* = 11 words, 1 sentence, 5 long:
  11 + 500/11 = 56.5
* the memo: 7+25+50+16+11 = 109 words, 1+1+3+1+1 = 7 sentences,
  5+10+23+10+5 = 53 long: 109/7 + 5300/109 = 15.571 + 48.624 = 64.2

memon/klar.rst

* beslut: Kommunstyrelsen* bygger en ny förskola* i Vista = 7 words, 2 long
* sammanfattning: Barnen i Vista behöver* fler platser* (6, 2 long) | Vi
  bygger en ny förskola* (5, 1) | Den är klar 2027 (4, 0) | Platser*: 120
  (2, 1) | Kostnad*: 40 miljoner* kronor (4, 2) | the table of words, its
  header row not judged: Förvaltningen* (1, 1) | Ritar huset (2, 0) |
  Nämnden* (1, 1) | Beslutar* om pengarna* (3, 2) = 28 words, 9 sentences,
  10 long
* arendebeskrivning: Huset ritas i år (4, 0) | Bygget börjar i vår (4, 0)
  = 8 words, 2 sentences, 0 long
* konsekvenser: Förskolan* kostar 40 miljoner* kronor = 5 words, 1 sentence, 2 long
* the memo: 48 words, 13 sentences, 14 long: 48/13 + 1400/48 = 3.692 + 29.167 = 32.9
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO, ROOTS, kommun_warnings
from tests.test_json import memos_json

COMMAND = Path(sys.executable).parent / "sphinx-kommun"
ROW = re.compile(
    r"^(?P<memo>\S+)\s+(?P<lix>\d+\.\d)\s+(?P<limit>\d+(?:\.\d+)?)\s+(?P<long>\d+)\s+(?P<hits>\d+)$"
)
FINDING = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+): klarspråk: (?P<message>.+) \[kommun\.klarsprak\]$"
)

#: Every officialese word of the bureaucratic memo, where it was written: the
#: form written and the listed word.  Nothing of the title, the quotations, the
#: table of figures, the literal, the address, the signature, the appendix or
#: the recipients, which hold more.
BUREAUCRATIC_HITS = [
    (18, "i enlighet med", "i enlighet med"),
    (22, "erhållit", "erhålla"),
    (22, "beträffande", "beträffande"),
    (22, "samt", "samt"),
    (22, "tillhandahåller", "tillhandahålla"),
    (23, "härmed", "härmed"),
    (23, "äger rum", "äga rum"),
    (23, "innevarande år", "innevarande år"),
    (23, "i syfte att", "i syfte att"),
    (24, "ombesörja", "ombesörja"),
    (24, "erforderlig", "erforderlig"),
    (28, "Vederbörande", "vederbörande"),
    (28, "torde", "torde"),
    (28, "icke", "icke"),
    (28, "företa", "företa"),
    (28, "emedan", "emedan"),
    (29, "således", "således"),
    (29, "ävensom", "ävensom"),
    (29, "angående", "angående"),
    (30, "tillställs", "tillställa"),
    (31, "delges", "delge"),
    (52, "Delgivning", "delgivning"),
    (53, "nyttjar", "nyttja"),  # the profile's own word
    (53, "därvid", "därvid"),
    (58, "erfordras", "erfordra"),
    (58, "ifrågavarande", "ifrågavarande"),
]


def run_check(tmp_path: Path, root: Path, *args: str) -> tuple[int, list[str]]:
    """``sphinx-kommun check`` as a writer runs it, from the folder above a copy
    of ``root``; its exit status and its lines."""
    shutil.copytree(root, tmp_path / "projekt", ignore=shutil.ignore_patterns("_build"))
    if root == EXAMPLE:
        shutil.copytree(REPO / "locales", tmp_path / "locales")
    result = subprocess.run(
        [str(COMMAND), "check", "projekt", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.stderr == ""
    return result.returncode, result.stdout.splitlines()


def table(lines: list[str]) -> dict[str, tuple[float, float, int, int]]:
    """The klarspråk table: memo → (LIX, limit, long sentences, officialese)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("klarspråk: LIX"))
    assert lines[start + 1].split() == [
        "tjänsteutlåtande",
        "LIX",
        "gräns",
        "långa",
        "meningar",
        "kanslisvenska",
    ]
    rows = {}
    for line in lines[start + 2 :]:
        if not line:
            break
        match = ROW.match(line)
        assert match, line
        rows[match["memo"]] = (
            float(match["lix"]),
            float(match["limit"]),
            int(match["long"]),
            int(match["hits"]),
        )
    return rows


def findings(lines: list[str]) -> list[tuple[str, int, str]]:
    return [
        (m["file"], int(m["line"]), m["message"]) for line in lines if (m := FINDING.match(line))
    ]


def officialese(found: list[tuple[str, int, str]]) -> list[tuple[int, str, str]]:
    """(line, written, word) of the officialese among ``found``."""
    hits = []
    for _file, line, message in found:
        if match := re.match(r"'([^']+)'(?: \(en form av '([^']+)'\))? är kanslisvenska", message):
            hits.append((line, match[1], match[2] or match[1].lower()))
    return hits


# -- sphinx-kommun check ------------------------------------------------------------


def test_check_reports_the_hand_count_of_the_bureaucratic_memo(tmp_path: Path) -> None:
    status, lines = run_check(tmp_path, ROOTS / "test-klarsprak")
    # Advice, not problems: the project has not asked for them as warnings.
    assert status == 0, lines
    assert lines[0].startswith("klarspråk: LIX")
    assert table(lines) == {
        "projekt/memon/byrakratisk.rst": (64.2, 50.0, 1, 26),
        "projekt/memon/klar.rst": (32.9, 50.0, 0, 0),
    }
    found = findings(lines)
    assert {file for file, _line, _message in found} == {"projekt/memon/byrakratisk.rst"}
    assert officialese(found) == BUREAUCRATIC_HITS
    long_sentences = [(line, m) for _f, line, m in found if m.startswith("en mening på")]
    assert long_sentences == [
        (
            28,
            "en mening på 43 ord (fler än 35): ”Vederbörande nämnd torde icke kunna "
            "företa utredningen emedan …”; dela upp den",
        )
    ]
    # The one section of 40 words or more above the limit, at its directive;
    # the memo is not warned of again.
    lix = [(line, m) for _f, line, m in found if "har LIX" in m]
    assert lix == [
        (
            26,
            "avsnittet 'Beskrivning av ärendet' har LIX 62.7, över 50 (över 50 är "
            "svårläst, över 60 byråkratiskt): skriv kortare meningar och kortare ord",
        )
    ]
    # In the order written.
    assert [line for _f, line, _m in found] == sorted(line for _f, line, _m in found)


def test_with_kommun_klarsprak_the_findings_are_problems(tmp_path: Path) -> None:
    status, lines = run_check(tmp_path, ROOTS / "test-klarsprak", "-D", "kommun_klarsprak=1")
    assert status == 1
    start = next(i for i, line in enumerate(lines) if line.startswith("klarspråk: LIX"))
    problems, after = lines[:start], lines[start:]
    assert problems[-1] == ""
    assert len(findings(problems)) == 1 + 1 + 26
    assert findings(after) == []  # listed once, with the problems
    assert table(after)["projekt/memon/byrakratisk.rst"] == (64.2, 50.0, 1, 26)


def test_check_reports_the_three_measures_of_the_example(tmp_path: Path) -> None:
    status, lines = run_check(tmp_path, EXAMPLE)
    assert status == 0, lines
    assert table(lines) == {
        "projekt/memon/botkyrka-utvecklingsprogram-2035.rst": (58.0, 55.0, 0, 0),
        "projekt/memon/huddinge-utvecklingsprogram-2035.rst": (56.1, 55.0, 0, 2),
    }
    huddinge = "projekt/memon/huddinge-utvecklingsprogram-2035.rst"
    assert officialese(findings(lines)) == [(25, "samt", "samt"), (80, "samt", "samt")]
    assert (huddinge, 29) in {(f, line) for f, line, _m in findings(lines)}


def test_a_project_in_english_only_is_not_judged(tmp_path: Path) -> None:
    root = tmp_path / "engelska"
    shutil.copytree(ROOTS / "test-klarsprak", root)
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('language = "sv"', 'language = "en"')
        + 'kommun_languages = ["en"]\n',
        encoding="utf-8",
    )
    status, lines = run_check(tmp_path / "kopia", root)
    assert (status, lines) == (0, ["No problems: 3 documents checked"])  # no report


# -- the build ---------------------------------------------------------------------


def klarsprak_warnings(app) -> list[tuple[str, int, str]]:
    found = []
    for line in kommun_warnings(app):
        match = re.match(r"^(?P<file>.+?):(?P<line>\d+): WARNING: klarspråk: (?P<m>.+) \[", line)
        if match:
            found.append((Path(match["file"]).name, int(match["line"]), match["m"]))
    return found


def test_the_build_warns_where_the_project_asks_for_it(build) -> None:
    app = build("klarsprak", "html", kommun_klarsprak=True)
    warnings = klarsprak_warnings(app)
    assert all(name == "byrakratisk.rst" for name, _line, _m in warnings)
    assert officialese(warnings) == BUREAUCRATIC_HITS
    assert len(warnings) == 1 + 1 + 26
    assert kommun_warnings(app) == [w for w in kommun_warnings(app) if "[kommun.klarsprak]" in w]


def test_the_build_is_quiet_by_default_and_in_english(build) -> None:
    assert kommun_warnings(build("klarsprak", "html")) == []
    assert kommun_warnings(build("klarsprak", "html", kommun_klarsprak=True, language="en")) == []


def test_a_memo_over_the_limit_with_only_short_sections_is_warned_of_at_its_header(build) -> None:
    app = build("example", "dummy", kommun_klarsprak=True)
    assert (
        "botkyrka-utvecklingsprogram-2035.rst",
        1,
        "tjänsteutlåtandet har LIX 58.0, över 55 (över 50 är svårläst, över 60 "
        "byråkratiskt): skriv kortare meningar och kortare ord",
    ) in klarsprak_warnings(app)


def test_a_profile_s_unusable_word_is_a_located_warning_and_left_out(build, tmp_path) -> None:
    profile = ROOTS / "test-klarsprak" / "profiler" / "klarby.yaml"
    text = profile.read_text(encoding="utf-8") + "    utan förslag:\n      former: [x]\n"
    app_dir = tmp_path / "klarsprak-profil"
    shutil.copytree(ROOTS / "test-klarsprak", app_dir)
    (app_dir / "profiler" / "klarby.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(COMMAND), "check", str(app_dir)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    line = text.splitlines().index("    utan förslag:") + 1
    problem = result.stdout.splitlines()[0]
    assert problem.startswith(f"{app_dir}/profiler/klarby.yaml:{line}: profilen 'klarby': ")
    assert "klarsprak.ord: utan förslag: 'forslag'" in problem
    assert problem.endswith("utelämnas [kommun.klarsprak]")
    assert table(result.stdout.splitlines())[f"{app_dir}/memon/byrakratisk.rst"][3] == 26


def test_a_long_sentence_is_shown_without_a_personal_identity_number(make_app, tmp_path) -> None:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-klarsprak", srcdir)
    memo = srcdir / "memon" / "klar.rst"
    words = " ".join(["ord"] * 36)
    memo.write_text(
        memo.read_text(encoding="utf-8") + f"\n   Sökande 811218-9876 har skrivit {words}.\n",
        encoding="utf-8",
    )
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"kommun_klarsprak": True, "kommun_pii": "warn"}
    )
    app.build()
    [found] = [
        m for name, _line, m in klarsprak_warnings(app) if name == "klar.rst" and "mening" in m
    ]
    assert "”Sökande 811218-**** har skrivit ord ord ord ord …”" in found
    assert "9876" not in app.warning.getvalue()


# -- memos.json ----------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [0, 2])
def test_memos_json_carries_each_memo_s_lix(build, parallel) -> None:
    data = memos_json(build("klarsprak", "kommunjson", parallel=parallel))
    memos = {Path(m["kalla"]).stem: m["klarsprak"] for m in data["memos"]}
    bureaucratic = memos["byrakratisk"]
    assert {k: bureaucratic[k] for k in ("lix", "antal_ord", "langa_ord", "meningar")} == {
        "lix": 64.2,
        "antal_ord": 109,
        "langa_ord": 53,
        "meningar": 7,
    }
    assert bureaucratic["lix_grans"] == 50
    assert [(s["nyckel"], s["rad"], s["lix"]) for s in bureaucratic["avsnitt"]] == [
        ("beslut", 16, 78.4),
        ("sammanfattning", 20, 65.0),
        ("arendebeskrivning", 26, 62.7),
        ("synpunkter", 50, 78.5),
        ("konsekvenser", 55, 56.5),
    ]
    assert bureaucratic["langa_meningar"] == [{"rad": 28, "antal_ord": 43}]
    assert [(o["rad"], o["skrivet"], o["ord"]) for o in bureaucratic["kanslisvenska"]] == (
        BUREAUCRATIC_HITS
    )
    assert memos["klar"]["lix"] == 32.9
    assert (memos["klar"]["langa_meningar"], memos["klar"]["kanslisvenska"]) == ([], [])


def test_memos_json_in_english_judges_nothing(build) -> None:
    data = memos_json(build("klarsprak", "kommunjson", language="en"))
    assert [m["klarsprak"] for m in data["memos"]] == [None, None]


@pytest.mark.parametrize(("edition", "shown"), [("offentlig", False), ("intern", True)])
def test_a_secret_memo_s_report_is_in_the_internal_edition_only(
    make_app, tmp_path, edition, shown
) -> None:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-klarsprak", srcdir)
    memo = srcdir / "memon" / "byrakratisk.rst"
    memo.write_text(
        memo.read_text(encoding="utf-8").replace(
            "   :dnr: KS-2026/999\n", "   :dnr: KS-2026/999\n   :sekretess: OSL 26 kap. 1 §\n"
        ),
        encoding="utf-8",
    )
    app = make_app("kommunjson", srcdir=srcdir, confoverrides={"kommun_publicering": edition})
    app.build()
    memos = {m["dnr"]: m for m in memos_json(app)["memos"]}
    # The public edition tells of a secret memo its dnr and title alone.
    assert ("klarsprak" in memos["KS-2026/999"]) == shown
    assert memos["KS-2026/1000"]["klarsprak"]["lix"] == 32.9


def test_the_shipped_schema_documents_the_field() -> None:
    schema = json.loads((REPO / "sphinx_kommun" / "schemas" / "memos.schema.json").read_text())
    assert "klarsprak" in schema["$defs"]["memo"]["required"]
