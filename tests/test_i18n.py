"""Swedish and English from one source: every piece of the writer's text reaches
gettext, the English build replaces it and keeps its structure, the labels are
the extension's own, and ``translate`` / ``status`` serve the translator."""

from __future__ import annotations

import argparse
import html as html_lib
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sphinx.util.console import strip_escape_sequences

from sphinx_kommun.commands import status, translate
from tests.conftest import ROOTS, kommun_warnings
from tests.test_example import SEED, main_text, page

# The seed memo's prose, as written: arguments, signer titles and content.
SEED_PROSE = [
    "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035 – beslut om antagande",
    "Översiktsplanerare",
    "godkänns som grund för Södertörnskommunernas samverkan om regional utveckling.",
    "De åtta Södertörnskommunerna har sedan 2007 ett gemensamt utvecklingsprogram",
    "dnr: :dnr:`KS 2007/270`",
    "Den lyder numera: ”Södertörn driver Stockholmsregionen.",
    "”Stärkt infrastruktur och effektiv samordning",
    "Olikhet och mångfald har tagits bort som samarbetsområde.",
    "I tidigare utvecklingsprogram listades insatser",
    "rådslaget får en ännu mer utåtriktad funktion",
    "ställer sig positiva till revideringen av programmet",
    "inte att utvecklingsprogrammet har några direkta ekonomiska eller juridiska konsekvenser",
    "Kommundirektör",
    "Samhällsbyggnadsdirektör",
]
# Arguments that are whole messages of their own.
SEED_NAMES = [
    "Infrastruktur",
    "Utbildning",
    "Näringsliv",
    "Funktionell samordning",
    "Hållbar utveckling",
    "Södertörns utvecklingsprogram 2035",  # the fokusomraden caption
    "Södertörns utvecklingsprogram 2035 för beslut",  # the bilaga title
]
# What the extension writes in Swedish: never the writer's to translate.
SWEDISH_LABELS = [
    "Datum",
    "Dnr",
    "Handläggare",
    "TJÄNSTEUTLÅTANDE",
    "Förslag till beslut",
    "Kommunstyrelsens beslut",
    "Sammanfattning",
    "Beskrivning av ärendet",
    "Fokusområden",
    "Genomgående",
    "Förvaltningens synpunkter",
    "Ekonomiska och juridiska konsekvenser",
    "Bilaga",
    "Beslutet delges",
    "Huddinge kommun",
    "Kommunstyrelsens förvaltning",
    "Kommunstyrelsen",
    "Botkyrka kommun",
    "juni",
]
ENGLISH = [
    "Huddinge Municipality",
    "Municipal Executive Office",
    "OFFICER’S REPORT",
    "26 June 2019",
    "Maria Strandberg, Comprehensive Planner",
    '<p class="kommun-mottagare">Municipal Executive Board</p>',
    "<h1>Updated development programme for the Södertörn cooperation 2035",
    "<h2>Proposed decision",
    "<h3>Decision of the Municipal Executive Board",
    "<h2>Summary",
    "<h2>Description of the matter",
    "Focus areas",
    "Business and industry",
    "Sustainable development",
    "<h2>The administration’s views",
    "<h2>Financial and legal consequences",
    "Camilla Broo",
    '<p class="kommun-titel">Chief Executive</p>',
    '<p class="kommun-titel">Director of Urban Development</p>',
    "<h2>Appendix",
    "Appendix 1.</span> Södertörn Development Programme 2035, for decision",
    "<h2>The decision is communicated to",
    "Botkyrka Municipality",
]


def messages(pot: Path) -> list[str]:
    with pot.open("rb") as f:
        return [m.id for m in read_po(f) if m.id]


def text_of(html: str) -> str:
    """What a reader sees: the tags gone, entities read, white space folded."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def status_of(project: Path, capsys, *, check: bool = False) -> tuple[int, str, str]:
    capsys.readouterr()
    args = argparse.Namespace(project=project, lang=None, summary=False, check=check)
    code = status.run(args)
    out = capsys.readouterr()
    return code, out.out, out.err


# -- gettext ---------------------------------------------------------------------


def test_gettext_extracts_every_prose_string_of_the_seed_memo_and_no_label(build) -> None:
    app = build("example", "gettext")
    found = messages(Path(app.outdir) / f"{SEED}.pot")
    for prose in SEED_PROSE:
        assert any(prose in message for message in found), prose
    for name in SEED_NAMES:
        assert name in found, name
    for label in SWEDISH_LABELS:
        assert label not in found, label
    assert not [m for m in found if "Camilla Broo" in m]  # names are not translated


# -- the English build -----------------------------------------------------------


@pytest.fixture
def english_seed(build) -> str:
    app = build("example", "html", language="en")
    assert not kommun_warnings(app)
    return main_text(page(app, SEED))


def test_the_english_seed_memo_has_no_swedish_label_and_no_untranslated_sentence(
    english_seed,
) -> None:
    seen = text_of(english_seed)
    for swedish in [*SWEDISH_LABELS, *SEED_NAMES]:
        assert not re.search(rf"\b{re.escape(swedish)}\b", seen), swedish
    for prose in SEED_PROSE:
        assert prose.replace(":dnr:`KS 2007/270`", "KS 2007/270") not in seen, prose


def test_the_english_seed_memo_has_the_english_names_in_the_same_structure(
    english_seed,
) -> None:
    for english in ENGLISH:
        assert english in english_seed, english
    # the dnr role survives translation; the "new" flag stays after its area's name
    assert '<span class="kommun-dnr">KS 2007/270</span>' in english_seed
    assert re.search(
        r'<p class="kommun-fokus-namn">Functional coordination\s*'
        r'<span class="kommun-ny">new</span>',
        english_seed,
    )
    assert "<figcaption>Södertörn Development Programme 2035</figcaption>" in english_seed


def test_the_example_translation_is_complete(build, tmp_path, capsys) -> None:
    app = build("example", "gettext")
    code, out, err = status_of(Path(app.srcdir), capsys, check=True)
    assert code == 0, out + err
    assert out.startswith("en: 100 %")


# -- partial, missing and broken translations -------------------------------------


@pytest.fixture
def partial(build):
    return build("i18n", "html", language="en")


def test_a_partial_translation_falls_back_to_swedish_under_english_labels(partial) -> None:
    assert not kommun_warnings(partial)
    seen = text_of(page(partial, "delvis"))
    for english in (
        "New playground in Tumba",
        "5 March 2024",
        "Eva Exempelsson, Development Strategist",
        "The Municipal Executive Board approves the plan for a new playground.",
        "The matter in brief",  # a :titel:
        "The playground in Tumba centre is worn and needs replacing.",
        "Swings new",
        "The parts of the playground",
        "Appendix 1. Drawing of the playground",
        "Proposed decision",
    ):
        assert english in seen, english
    for swedish in (
        "Arbetet finansieras inom befintlig budget.",
        "Barn i området har fått lämna förslag på utformningen.",
        "Tillgänglighet",
    ):
        assert swedish in seen, swedish


def test_a_memo_with_no_translation_has_english_labels_and_swedish_text(partial) -> None:
    seen = text_of(page(partial, "oversatts-inte"))
    for expected in (
        "Botkyrka Municipality",
        "OFFICIAL MEMORANDUM",
        "2 April 2024",
        "Proposed decision",
        "Summary",
        "Appendix 1. Karta över ån",
        "Nya parkbänkar",
        "Kommunstyrelsen godkänner inköpet av nya parkbänkar.",
        "Parkbänkarna längs ån byts ut under sommaren.",
    ):
        assert expected in seen, expected
    for label in ("Förslag till beslut", "Sammanfattning", "Bilaga", "april"):
        assert label not in seen, label


def test_status_reports_each_memo_and_names_what_is_missing(build, capsys) -> None:
    app = build("i18n", "gettext")
    code, out, _err = status_of(Path(app.srcdir), capsys)
    assert code == 0
    lines = out.splitlines()  # in the project's language
    assert lines[0] == "en: 52 % (9 av 17 meddelanden)"
    assert re.search(r"^  delvis +72 %  8/11, 3 oöversatta$", out, re.M)
    assert re.search(r"^  index +100 %  1/1$", out, re.M)
    assert re.search(r"^  oversatts-inte +0 %  0/5, 5 oöversatta$", out, re.M)
    assert "rad 14: Arbetet finansieras inom befintlig budget." in out
    assert "Karta över ån" in out
    assert status_of(Path(app.srcdir), capsys, check=True)[0] == 1


def test_translate_creates_and_updates_the_po_files(build, capsys) -> None:
    app = build("i18n", "gettext")
    project = Path(app.srcdir)
    code = translate.run(argparse.Namespace(project=project, lang=None))
    assert code == 0
    po_dir = project / "locales" / "en" / "LC_MESSAGES"
    created = messages(po_dir / "oversatts-inte.po")
    assert "Karta över ån" in created
    with (po_dir / "delvis.po").open("rb") as f:
        kept = {m.id: m.string for m in read_po(f) if m.id}
    assert kept["Gungor"] == "Swings"  # the translator's work stays
    assert kept["Tillgänglighet"] == ""
    assert not (project / "locales" / "sv").exists()  # the source language is not translated


def test_a_broken_po_file_is_a_clear_error_naming_the_file(tmp_path, make_app, capsys) -> None:
    project = tmp_path / "broken"
    shutil.copytree(ROOTS / "test-i18n", project)
    broken = project / "locales" / "en" / "LC_MESSAGES" / "delvis.po"
    broken.write_text('this is not a po file\nmsgid "Gungor"\nmsgstr "Swings"\n', encoding="utf-8")

    app = make_app("html", srcdir=project, confoverrides={"language": "en"})
    app.build()
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert f"{broken}:1: broken message catalog" in warnings
    assert "[kommun.catalog]" in warnings
    assert "Nya parkbänkar" in (Path(app.outdir) / "oversatts-inte.html").read_text("utf-8")

    code, _out, err = status_of(project, capsys)
    assert code == 1
    assert f"{broken}:1: trasig översättningsfil" in err  # the project's language
    capsys.readouterr()
    assert translate.run(argparse.Namespace(project=project, lang=None)) == 1
    assert str(broken) in capsys.readouterr().err


# -- the same memo in the other language -----------------------------------------


@pytest.mark.parametrize(
    ("lang", "other", "name"), [("sv", "en", "English"), ("en", "sv", "Svenska")]
)
def test_each_page_links_to_itself_in_the_other_language(build, lang, other, name) -> None:
    app = build("example", "html", language=lang)
    html = page(app, SEED)
    href = f"../../../{other}/html/{SEED}.html"
    assert f'<link rel="alternate" hreflang="{other}" href="{href}" />' in html
    assert f'<a href="{href}" hreflang="{other}" lang="{other}">{name}</a>' in html
    root = page(app, "index")
    assert f'hreflang="{other}" href="../../{other}/html/index.html"' in root
