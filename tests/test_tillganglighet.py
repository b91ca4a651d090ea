"""The accessibility statement (tillgänglighetsredogörelse): written by the
``kommun`` theme from ``kommun_tillganglighet`` and the profile, in the build's
language, in the order and words of Digg's model statement, linked from every
page's footer; a mistake in conf.py is a located warning and no statement."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import ROOTS, kommun_warnings

DIGG = "https://www.digg.se/tdosanmalan"


def statement(outdir: Path, name: str = "tillganglighet.html") -> list[tuple[str, str]]:
    """The statement page's headings, paragraphs and list items, in order, as
    (tag, text)."""
    tree = lxml_html.fromstring((outdir / name).read_text(encoding="utf-8"))
    [main] = tree.xpath("//main")
    return [
        (element.tag, " ".join(element.text_content().split()))
        for element in main.iter("h1", "h2", "h3", "p", "li")
    ]


def links(outdir: Path, name: str) -> list[tuple[str, str]]:
    tree = lxml_html.fromstring((outdir / name).read_text(encoding="utf-8"))
    return [(a.get("href"), a.text_content()) for a in tree.xpath("//main//a")]


def footer_link(outdir: Path, name: str) -> tuple[str, str] | None:
    tree = lxml_html.fromstring((outdir / name).read_text(encoding="utf-8"))
    found = tree.xpath("//footer//p[@class='kommun-tillganglighet']/a")
    return (found[0].get("href"), found[0].text_content()) if found else None


def test_the_example_s_statement_follows_digg_s_model_in_swedish(build) -> None:
    app = build("example", "html")
    assert kommun_warnings(app) == []
    assert statement(app.outdir) == [
        ("h1", "Tillgänglighet för Södertörnssamarbetet"),
        (
            "p",
            "Huddinge kommun står bakom den här webbplatsen. Vi vill att så många som "
            "möjligt ska kunna använda den. Det här dokumentet beskriver hur "
            "Södertörnssamarbetet uppfyller lagen om tillgänglighet till digital offentlig "
            "service, eventuella kända tillgänglighetsproblem och hur du kan rapportera "
            "brister till oss så att vi kan åtgärda dem.",
        ),
        ("h2", "Hur tillgänglig är webbplatsen?"),
        (
            "p",
            "Vi är medvetna om att delar av webbplatsen inte är helt tillgängliga. Se "
            "avsnittet om innehåll som inte är tillgängligt nedan för mer information.",
        ),
        ("h2", "Vad kan du göra om du inte kan använda delar av webbplatsen?"),
        (
            "p",
            "Om du behöver innehåll från Södertörnssamarbetet som inte är tillgängligt för "
            "dig, men som är undantaget från lagens tillämpningsområde enligt beskrivning "
            "nedan, kan du meddela oss.",
        ),
        ("p", "Svarstiden är normalt två arbetsdagar."),
        ("p", "Du kan kontakta oss på följande sätt:"),
        ("li", "ring 08-535 300 00"),
        ("h2", "Rapportera brister i webbplatsens tillgänglighet"),
        (
            "p",
            "Vi strävar hela tiden efter att förbättra webbplatsens tillgänglighet. Om du "
            "upptäcker problem som inte är beskrivna på den här sidan, eller om du anser att "
            "vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns.",
        ),
        ("h2", "Tillsyn"),
        (
            "p",
            "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen "
            "om tillgänglighet till digital offentlig service. Du kan anmäla till Digg om du "
            "tycker att vår digitala service har brister i tillgänglighet.",
        ),
        (
            "p",
            "Du kan också anmäla till Digg om du tycker att vår bedömning av vad som är "
            "oskäligt betungande ska granskas, om du tycker att vår tillgänglighetsredogörelse "
            "har brister eller om du tycker att vi inte har hanterat din begäran om "
            "tillgängliggörande korrekt.",
        ),
        ("p", "Anmäl bristande tillgänglighet till Digg"),
        ("h2", "Teknisk information om webbplatsens tillgänglighet"),
        (
            "p",
            "Den här webbplatsen är delvis förenlig med lagen om tillgänglighet till digital "
            "offentlig service, på grund av de brister som beskrivs nedan.",
        ),
        ("h2", "Innehåll som inte är tillgängligt"),
        ("p", "Det innehåll som beskrivs nedan är på ett eller annat sätt inte helt tillgängligt."),
        ("h3", "Bristande förenlighet med lagkraven"),
        (
            "li",
            "Bilagorna finns bara som PDF-filer, och de har inte granskats med skärmläsare. "
            "[WCAG 1.3.1]",
        ),
        ("h2", "Hur vi testat webbplatsen"),
        ("p", "Vi har gjort en självskattning (intern testning) av Södertörnssamarbetet."),
        ("p", "Senaste bedömningen gjordes den 15 november 2026."),
        (
            "p",
            "Granskningsmetod: automatisk granskning av varje sida, på svenska och engelska, "
            "med axe-core mot reglerna i WCAG 2.1 nivå A och AA (däribland kontrasten mellan "
            "text och bakgrund) i webbläsaren Chromium, i bredd för dator och för mobil",
        ),
        ("p", "Redogörelsen uppdaterades senast den 1 december 2026."),
    ]
    assert links(app.outdir, "tillganglighet.html") == [
        ("tel:0853530000", "08-535 300 00"),
        (DIGG, "Anmäl bristande tillgänglighet till Digg"),
    ]
    page = (app.outdir / "tillganglighet.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-15">15 november 2026</time>' in page
    assert '<time datetime="2026-12-01">1 december 2026</time>' in page
    assert '<html lang="sv"' in page


def test_the_english_page_translates_it(build) -> None:
    app = build("example", "html", language="en")
    assert kommun_warnings(app) == []
    found = statement(app.outdir)
    assert found[0] == ("h1", "Accessibility of Södertörnssamarbetet")
    assert found[1][1].startswith("Huddinge Municipality runs this website.")
    assert [text for tag, text in found if tag == "h2"] == [
        "How accessible is the website?",
        "What can you do if you cannot use parts of the website?",
        "Report shortcomings in the website's accessibility",
        "Supervision",
        "Technical information about the website's accessibility",
        "Content that is not accessible",
        "How we tested the website",
    ]
    assert ("li", "call 08-535 300 00") in found
    assert ("p", "Our normal response time is two working days.") in found
    assert (
        "li",
        "The appendices are only available as PDF files, and they have not been checked "
        "with a screen reader. [WCAG 1.3.1]",
    ) in found
    assert ("p", "The latest assessment was made on 15 November 2026.") in found
    assert ("p", "The statement was last updated on 1 December 2026.") in found
    assert (DIGG, "Report inadequate accessibility to Digg") in links(
        app.outdir, "tillganglighet.html"
    )
    assert '<html lang="en"' in (app.outdir / "tillganglighet.html").read_text(encoding="utf-8")


def test_every_page_s_footer_links_to_it(build) -> None:
    app = build("example", "html")
    pages = sorted(p for p in app.outdir.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 4
    for page in pages:
        relative = page.relative_to(app.outdir)
        expected = "../" * (len(relative.parts) - 1) + "tillganglighet.html"
        if relative.as_posix() == "tillganglighet.html":
            expected = "#"
        assert footer_link(app.outdir, relative.as_posix()) == (
            expected,
            "Tillgänglighetsredogörelse",
        ), relative


def test_a_statement_with_every_part(build) -> None:
    app = build("tillganglighet", "html")
    assert kommun_warnings(app) == []
    found = statement(app.outdir)
    assert found[0] == ("h1", "Tillgänglighet för Nykvarns nämndhandlingar")
    assert found[1][1].startswith("Nykvarns kommun står bakom den här webbplatsen.")
    assert ("li", "skicka e-post till tillganglighet@nykvarn.se") in found
    assert ("li", "ring 08-555 010 00") in found
    assert (
        "p",
        "Den här webbplatsen är inte förenlig med lagen om tillgänglighet till digital "
        "offentlig service. Otillgängliga delar beskrivs nedan.",
    ) in found
    start = found.index(("h2", "Innehåll som inte är tillgängligt"))
    end = found.index(("h2", "Hur vi testat webbplatsen"))
    assert found[start + 1 : end] == [
        ("p", "Det innehåll som beskrivs nedan är på ett eller annat sätt inte helt tillgängligt."),
        ("h3", "Bristande förenlighet med lagkraven"),
        ("li", "Protokollen från 2019 är inskannade bilder utan text. [WCAG 1.1.1]"),
        ("li", "Kartan i detaljplanen saknar textalternativ. [WCAG 1.1.1]"),
        ("h3", "Oskäligt betungande anpassning"),
        (
            "p",
            "Nykvarns kommun åberopar undantag för oskäligt betungande anpassning enligt "
            "12 § lagen om tillgänglighet till digital offentlig service för följande innehåll:",
        ),
        ("li", "Ritningarna till Kommunhuset från 1974."),
        ("h3", "Innehåll som inte omfattas av lagkraven"),
        ("li", "Filmer som publicerades före den 23 september 2020."),
    ]
    assert found[end + 1 :] == [
        (
            "p",
            "Tillgänglighetsbyrån AB har gjort en oberoende granskning av "
            "Nykvarns nämndhandlingar.",
        ),
        ("p", "Senaste bedömningen gjordes den 1 oktober 2026."),
        ("p", "Granskningsmetod: manuell granskning av 20 sidor"),
        ("p", "Webbplatsen publicerades den 15 januari 2025."),
        ("p", "Redogörelsen uppdaterades senast den 20 oktober 2026."),
    ]
    assert links(app.outdir, "tillganglighet.html")[0] == (
        "mailto:tillganglighet@nykvarn.se",
        "tillganglighet@nykvarn.se",
    )
    assert footer_link(app.outdir, "sidor/om.html") == (
        "../tillganglighet.html",
        "Tillgänglighetsredogörelse",
    )


def test_the_english_page_takes_each_text_s_english(build) -> None:
    app = build("tillganglighet", "html", language="en")
    found = statement(app.outdir)
    assert found[0] == ("h1", "Accessibility of Nykvarn's committee papers")
    # A text written once is shown as written; one with both languages in English.
    assert ("li", "Protokollen från 2019 är inskannade bilder utan text. [WCAG 1.1.1]") in found
    assert ("li", "The map in the detailed plan has no text alternative. [WCAG 1.1.1]") in found
    assert ("p", "Assessment method: manual review of 20 pages") in found


def test_dirhtml_links_to_its_folder(build) -> None:
    app = build("tillganglighet", "dirhtml")
    assert (app.outdir / "tillganglighet" / "index.html").is_file()
    assert footer_link(app.outdir, "sidor/om/index.html") == (
        "../../tillganglighet/",
        "Tillgänglighetsredogörelse",
    )


def test_without_the_setting_there_is_no_statement_and_no_word_of_it(build) -> None:
    app = build("theme")
    assert not (app.outdir / "tillganglighet.html").exists()
    assert footer_link(app.outdir, "index.html") is None
    assert kommun_warnings(app) == []


def project_with(tmp_path: Path, setting: str) -> Path:
    """The statement's test root with ``kommun_tillganglighet`` written as ``setting``."""
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-tillganglighet", srcdir)
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text[: text.index("kommun_tillganglighet")] + setting + "\n", encoding="utf-8")
    return srcdir


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("{'bedomd': '2026-10-01', 'kanda_brister': ['x']}", "'status' är en av"),
        ("{'status': 'nästan', 'bedomd': '2026-10-01'}", "inte 'nästan'"),
        ("{'status': 'helt'}", "'bedomd' (ett datum, ÅÅÅÅ-MM-DD) krävs"),
        ("{'status': 'helt', 'bedomd': '2026-02-30'}", "'bedomd' = '2026-02-30' är inget datum"),
        ("{'status': 'helt', 'bedomd': '2026-10-01', 'granskad': 'i går'}", "'granskad' = 'i går'"),
        ("{'status': 'delvis', 'bedomd': '2026-10-01'}", "kräver 'kanda_brister'"),
        (
            "{'status': 'helt', 'bedomd': '2026-10-01', 'kanda_brister': ['x']}",
            "status 'helt' (helt förenlig) kan inte ha 'kanda_brister'",
        ),
        (
            "{'status': 'inte', 'bedomd': '2026-10-01', 'kanda_brister': 'en brist'}",
            "'kanda_brister' är en lista med texter",
        ),
        (
            "{'status': 'inte', 'bedomd': '2026-10-01', 'kanda_brister': ['x', {'sv': 'y'}]}",
            "'kanda_brister': post 2 är ingen text",
        ),
        (
            "{'status': 'helt', 'bedomd': '2026-10-01', 'kommun': 'atlantis'}",
            "ingen profil 'atlantis'",
        ),
        ("['helt']", "skriv den som en dict"),
    ],
)
def test_a_mistake_is_a_located_warning_and_no_statement(
    make_app, tmp_path, setting, message
) -> None:
    srcdir = project_with(tmp_path, f"kommun_tillganglighet = {setting}")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = [w for w in kommun_warnings(app) if "[kommun.tillganglighet]" in w]
    line = (
        srcdir.joinpath("conf.py")
        .read_text(encoding="utf-8")
        .splitlines()
        .index(f"kommun_tillganglighet = {setting}")
        + 1
    )
    assert any(
        w.startswith(f"{srcdir / 'conf.py'}:{line}: WARNING: kommun_tillganglighet: ")
        and message in w
        and w.endswith("ingen tillgänglighetsredogörelse skrivs [kommun.tillganglighet]")
        for w in warnings
    ), warnings
    assert not (app.outdir / "tillganglighet.html").exists()
    assert footer_link(app.outdir, "index.html") is None


def test_a_body_without_contact_gets_no_statement(make_app, tmp_path) -> None:
    # Huddinge's profile has a phone number; one without either cannot be reached.
    srcdir = project_with(
        tmp_path, "kommun_tillganglighet = {'status': 'helt', 'bedomd': '2026-10-01'}"
    )
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('"nykvarn"', '"klarlos"')
        + 'kommun_profile_dirs = ["profiler"]\n',
        encoding="utf-8",
    )
    (srcdir / "profiler").mkdir()
    shutil.copy(ROOTS / "test-klarsprak" / "profiler" / "klarby.yaml", srcdir / "profiler")
    profile = srcdir / "profiler" / "klarby.yaml"
    text = re.sub(r"^(telefon|epost):.*\n", "", profile.read_text(encoding="utf-8"), flags=re.M)
    (srcdir / "profiler" / "klarlos.yaml").write_text(text, encoding="utf-8")
    profile.unlink()
    app = make_app("html", srcdir=srcdir)
    app.build()
    [warning] = [w for w in kommun_warnings(app) if "[kommun.tillganglighet]" in w]
    assert (
        "profilen 'klarlos' har varken epost eller telefon; ange 'epost' eller 'telefon'" in warning
    )
    assert not (app.outdir / "tillganglighet.html").exists()


def test_an_unknown_key_is_warned_of_and_the_statement_is_written(make_app, tmp_path) -> None:
    srcdir = project_with(
        tmp_path,
        "kommun_tillganglighet = {'status': 'helt', 'bedomd': '2026-10-01', 'stauts': 'x'}",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    [warning] = kommun_warnings(app)
    assert "okänd nyckel 'stauts'" in warning
    assert "ingen tillgänglighetsredogörelse" not in warning
    found = statement(app.outdir)
    assert ("p", "Vi har inga kända brister i tillgängligheten för den här webbplatsen.") in found
    assert ("h2", "Innehåll som inte är tillgängligt") not in found
    # Without 'granskad' the statement was last reviewed when it was assessed.
    assert found[-1] == ("p", "Redogörelsen uppdaterades senast den 1 oktober 2026.")


def test_a_project_s_own_statement_is_kept_and_linked(make_app, tmp_path) -> None:
    srcdir = project_with(
        tmp_path, "kommun_tillganglighet = {'status': 'helt', 'bedomd': '2026-10-01'}"
    )
    (srcdir / "tillganglighet.rst").write_text(
        "Vår tillgänglighetsredogörelse\n==============================\n\nSkriven för hand.\n",
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst").read_text(encoding="utf-8") + "   tillganglighet\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    [warning] = kommun_warnings(app)
    assert warning.startswith(f"{srcdir / 'tillganglighet.rst'}:1: WARNING: det här dokumentet är")
    assert "Skriven för hand." in (app.outdir / "tillganglighet.html").read_text(encoding="utf-8")
    assert footer_link(app.outdir, "sidor/om.html") == (
        "../tillganglighet.html",
        "Tillgänglighetsredogörelse",
    )
