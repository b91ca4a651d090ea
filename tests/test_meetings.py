"""A body's meeting: the kallelse and the protokoll as a reader gets them, in
Swedish and English, and what the memos, the register and the JSON say of it."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOTS, html_pages, kommun_warnings

MARS = "sammantraden/ks-2025-03-12"
APRIL = "sammantraden/ks-2025-04-09"


def text(app, docname: str) -> str:
    page = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    main = page[page.find("<main") : page.find("</main>")]
    words = htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).replace("¶", "")
    return re.sub(r"\s+", " ", re.sub(r"\s+([:.,;])", r"\1", words))


@pytest.fixture
def sv(build):
    return build("meetings", "html")


def test_the_protokoll(sv) -> None:
    page = text(sv, MARS)
    assert "Kommunstyrelsens sammanträde 12 mars 2025" in page
    assert "PROTOKOLL" in page and "KALLELSE" not in page
    assert "Tid: 13.00–16.00" in page
    # § numbers from :forsta-paragraf:, the memo's title, its decision as proposed.
    assert "§ 43 Utvecklingsprogram för Södertörn" in page
    assert "§ 44 Öppettider för biblioteken" in page
    assert "§ 45 Information från kommundirektören" in page
    assert "Kommunstyrelsens beslut Utvecklingsprogrammet godkänns." in page
    # :utfall: annat: the item's own decision, not the memo's.
    assert "Biblioteken har öppet på lördagar." in page
    assert "söndagar" not in page
    for said in (
        "Yrkande av Bertil Berg (S) Bifall till förvaltningens förslag.",
        "Omröstning: 3 ja, 1 nej, 0 avstår",
        "Reservation av Cecilia Ceder (L) Programmet saknar mål för klimatet.",
        "Protokollsanteckning av Bertil Berg (S) Vi följer arbetet noga.",
        "Anna Andersson (M) deltar inte i handläggningen på grund av jäv.",
        "Justerat den 14 mars 2025",
        "Omedelbart justerade: § 43",
        "Anna Andersson Ordförande Bertil Berg Justerare Gustav Gran Sekreterare",
    ):
        assert said in page, said
    # The anslag's dates are computed: posted Mon 17 March 2025, + 3 weeks = Mon 7 April.
    assert "Datum då anslaget sattes upp: 17 mars 2025" in page
    assert "Sista dag för överklagande: 7 april 2025" in page
    assert "Datum då anslaget tas ned: 8 april 2025" in page


def test_the_kallelse(sv) -> None:
    page = text(sv, APRIL)
    assert "KALLELSE" in page and "PROTOKOLL" not in page
    assert "§" not in page
    assert "Föredragningslista 1. Utvecklingsprogram för Södertörn" in page
    assert "Förslag till beslut Kommunstyrelsens beslut Utvecklingsprogrammet godkänns." in page
    assert "2. Övriga frågor" in page


def test_the_item_links_to_its_memo_and_the_memo_to_its_protokoll(sv) -> None:
    meeting = (Path(sv.outdir) / f"{MARS}.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="reference internal" href="../memon/program.html">', meeting)
    memo = (Path(sv.outdir) / "memon/program.html").read_text(encoding="utf-8")
    assert "Behandlat: Kommunstyrelsen 12 mars 2025, § 43" in text(sv, "memon/program")
    # A kallelse has not handled it yet.
    assert "9 april" not in text(sv, "memon/program")
    assert re.search(r'href="../sammantraden/ks-2025-03-12.html#punkt-1"', memo)


def test_a_clean_build_warns_of_nothing(sv) -> None:
    assert kommun_warnings(sv) == []


def test_in_english(build) -> None:
    app = build("meetings", "html", language="en")
    page = text(app, MARS)
    assert "MINUTES" in page
    assert "Meeting of the Municipal Executive Board, 12 March 2025" in page
    assert "Reservation by Cecilia Ceder (L)" in page
    assert "Last day of appeal: 7 April 2025" in page
    assert "NOTICE OF MEETING" in text(app, APRIL)
    assert "Handled: " in text(app, "memon/program")


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_pdfs(build) -> None:
    """The protokoll, the kallelse sent before it, one utdrag per §, and the
    other meeting's kallelse; every one passes the validators (conftest)."""
    app = build("meetings", "kommunpdf")
    out = Path(app.outdir) / "sammantraden"
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "ks-2025-03-12-kallelse.pdf",
        "ks-2025-03-12-utdrag-43.pdf",
        "ks-2025-03-12-utdrag-44.pdf",
        "ks-2025-03-12-utdrag-45.pdf",
        "ks-2025-03-12.pdf",
        "ks-2025-04-09.pdf",
    ]
    from tests.test_pdf import assert_archival

    for name, title in (
        ("ks-2025-03-12.pdf", "Protokoll: Kommunstyrelsens sammanträde 12 mars 2025"),
        ("ks-2025-03-12-kallelse.pdf", "Kallelse: Kommunstyrelsens sammanträde 12 mars 2025"),
        (
            "ks-2025-03-12-utdrag-43.pdf",
            "Utdrag ur protokoll: § 43 Utvecklingsprogram för Södertörn",
        ),
        ("ks-2025-04-09.pdf", "Kallelse: Kommunstyrelsens sammanträde 9 april 2025"),
    ):
        assert_archival(out / name, lang="sv-SE", title=title)
    protokoll = pdf_text(out / "ks-2025-03-12.pdf")
    for said in (
        "PROTOKOLL",
        "Närvarande",
        "Anna Andersson (M), ordförande",
        "§ 43 Utvecklingsprogram för Södertörn",
        "Reservation av Cecilia Ceder (L)",
        "Omröstning: 3 ja, 1 nej, 0 avstår",
        "deltar inte i handläggningen på grund av jäv",
        "Justerare",
        "Sista dag för överklagande: 7 april 2025",
        "Anna Andersson Ordförande Bertil Berg Justerare Gustav Gran Sekreterare",
    ):
        assert said in protokoll, said
    kallelse = pdf_text(out / "ks-2025-03-12-kallelse.pdf")
    assert "KALLELSE" in kallelse and "Föredragningslista" in kallelse
    assert "1. Utvecklingsprogram för Södertörn" in kallelse and "§" not in kallelse
    utdrag = pdf_text(out / "ks-2025-03-12-utdrag-43.pdf")
    assert "UTDRAG UR PROTOKOLL" in utdrag
    assert "§ 43 Utvecklingsprogram för Södertörn" in utdrag
    assert "1. Utvecklingsprogrammet godkänns." in utdrag
    assert "Rätt utdraget intygar Gustav Gran Sekreterare" in utdrag
    assert "Expedieras till Botkyrka kommun Haninge kommun" in utdrag
    # :utfall: annat: the item's own decision.
    assert "lördagar" in pdf_text(out / "ks-2025-03-12-utdrag-44.pdf")
    assert "KALLELSE" in pdf_text(out / "ks-2025-04-09.pdf")


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo"])
def test_every_builder_writes_the_meeting(build, builder) -> None:
    app = build("meetings", builder)
    assert kommun_warnings(app) == []
    written = " ".join(
        p.read_text(encoding="utf-8")
        for p in Path(app.outdir).rglob("*.*")
        if p.suffix in {".txt", ".tex", ".1", ".texi"}
    )
    assert "43" in written and "Reservation" in written and "Anslagsbevis" in written


def test_the_register_gains_the_paragraph_and_the_outcome(sv) -> None:
    page = text(sv, "register")
    assert "Ärende Dnr Datum Instans Beslut § Utfall" in page
    assert "Programmet ersätter programmet från 2013. § 43 Enligt förslag" in page
    assert "Biblioteken har öppet på söndagar. § 44 Annat beslut" in page
    html = (Path(sv.outdir) / "register.html").read_text(encoding="utf-8")
    assert 'href="sammantraden/ks-2025-03-12.html#punkt-2"' in html


def test_the_json_has_the_meetings_and_each_memo_its_handling(build) -> None:
    from tests.test_json import memos_json

    data = memos_json(build("meetings", "kommunjson"))
    mars, april = data["sammantraden"]
    assert (mars["typ"], april["typ"]) == ("protokoll", "kallelse")
    assert mars["namn"] == "Kommunstyrelsens sammanträde 12 mars 2025"
    assert mars["anslag"] == {
        "datum": "2025-03-17",
        "sista_dag_for_overklagande": "2025-04-07",
        "nedtagning": "2025-04-08",
    }
    first, second, third = mars["punkter"]
    assert (first["nummer"], first["paragraf"], first["resultat"]) == (1, 43, "Enligt förslag")
    assert first["arende"] == {"dnr": "KS-2025/101", "kalla": "memon/program.rst"}
    assert first["omrostningar"] == [{"ja": 3, "nej": 1, "avstar": 0}]
    assert first["reservationer"][0]["namn"] == "Cecilia Ceder (L)"
    assert second["beslutstext"] == ["Biblioteken har öppet på lördagar."]
    assert second["jav"] == ["Anna Andersson (M)"]
    assert (third["dnr"], third["arende"], third["namn"]) == (
        None,
        None,
        "Information från kommundirektören",
    )
    assert [p["paragraf"] for p in april["punkter"]] == [None, None]
    program = next(m for m in data["memos"] if m["dnr"] == "KS-2025/101")
    assert [(b["datum"], b["paragraf"]) for b in program["behandling"]] == [
        ("2025-03-12", 43),
        ("2025-04-09", None),
    ]


def test_each_mistake_is_a_located_warning_in_swedish_and_the_rest_builds(build) -> None:
    app = build("meetings-bad", "html")
    found = [
        re.sub(r"^.*/test-meetings-bad/|^.*/meetings-bad-html-\d+/", "", line)
        for line in kommun_warnings(app)
    ]
    assert sorted(found) == sorted(
        [
            "april.rst:6: WARNING: Kommunstyrelsens § 2 används två gånger samma år: "
            "också i mars.rst [kommun.paragraf]",
            "april.rst:9: WARNING: Kommunstyrelsens § 3 används två gånger samma år: "
            "också i mars.rst [kommun.paragraf]",
            "april.rst:7: WARNING: `.. punkt::`: `:utfall:` 'klubbat' finns inte (giltiga: "
            "'annat', 'aterremiss', 'avslag', 'bordlaggning', 'enligt-forslag') "
            "[kommun.unknown-key]",
            "mars.rst:14: WARNING: `.. omrostning::`: 3 röster, men bara 2 ledamöter med "
            "rösträtt var närvarande [kommun.omrostning]",
            "mars.rst:19: WARNING: `.. punkt::`: inget tjänsteutlåtande i projektet har dnr "
            "'KS-2025/999' [kommun.punkt-dnr]",
            "mars.rst:23: WARNING: `.. punkt::`: `:utfall:` annat kräver att beslutet skrivs "
            "som en `.. beslut::` i punkten [kommun.utfall]",
            "mars.rst:27: WARNING: `.. reservation::` hör hemma i en `.. punkt::` "
            "(det utelämnas) [kommun.utanfor]",
            "mars.rst:33: WARNING: `.. justering::`: `:datum:` 10 mars 2025 är före "
            "sammanträdet (12 mars 2025) [kommun.justering]",
            "mars.rst:36: WARNING: `.. anslag::`: `:datum:` 9 mars 2025 är före justeringen "
            "(10 mars 2025) [kommun.anslag]",
            "fel-fil.rst:4: WARNING: `.. justering::` hör hemma i en sammanträdesfil, efter "
            "dess `.. sammantrade::` (det utelämnas) [kommun.utanfor]",
        ]
    )
    page = text(app, "mars")
    assert "§ 1 Utvecklingsprogram för Södertörn" in page and "§ 3 Ny taxa" in page
    assert "Utanför punkten" not in page
    assert "Sista dag för överklagande: 31 mars 2025" in page  # Sun 9 Mar + 21 = Sun 30 Mar


def test_the_example_meetings_from_the_command_and_sphinx_build(tmp_path) -> None:
    """What a reader gets of the example's meetings, built as a writer builds:
    ``sphinx-kommun build`` (pages and PDFs in both languages) and
    ``sphinx-build -b kommunjson``, each in a process of its own."""
    from tests.test_build_command import example_copy, pdf_text, run

    project = example_copy(tmp_path)
    built = run("build", project)
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    out = project / "_build"
    huddinge = "sammantraden/huddinge-kommunstyrelsen-2019-08-21"
    seed = "memon/huddinge-utvecklingsprogram-2035"

    def page(lang: str, docname: str) -> str:
        raw = (out / lang / "html" / f"{docname}.html").read_text(encoding="utf-8")
        main = raw[raw.find("<main") : raw.find("</main>")]
        return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).split())

    assert "§ 120 Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035" in page(
        "sv", huddinge
    )
    assert "Behandlat: Kommunstyrelsen 21 augusti 2019, § 120" in page("sv", seed)
    assert "Handled: Municipal Executive Board 21 August 2019, § 120" in page("en", seed)
    assert "MINUTES" in page("en", huddinge) and "Reservation by Eva Ek (S)" in page("en", huddinge)
    assert "KALLELSE" in page("sv", "sammantraden/botkyrka-kommunstyrelsen-2019-09-09")
    pdfs = out / "sv" / "pdf" / "sammantraden"
    assert sorted(p.name for p in pdfs.glob("*.pdf")) == [
        "botkyrka-kommunstyrelsen-2019-09-09.pdf",
        "huddinge-kommunstyrelsen-2019-08-21-kallelse.pdf",
        "huddinge-kommunstyrelsen-2019-08-21-utdrag-120.pdf",
        "huddinge-kommunstyrelsen-2019-08-21-utdrag-121.pdf",
        "huddinge-kommunstyrelsen-2019-08-21.pdf",
    ]
    utdrag = pdf_text(pdfs / "huddinge-kommunstyrelsen-2019-08-21-utdrag-120.pdf")
    assert "UTDRAG UR PROTOKOLL" in utdrag and "Rätt utdraget intygar" in utdrag
    assert "Expedieras till Botkyrka kommun Haninge kommun" in utdrag
    english = pdf_text(out / "en" / "pdf" / f"{huddinge}.pdf")
    assert "Last day of appeal: 17 September 2019" in english  # Tue 27 Aug + 21 days
    # The memo's PDF says how it was handled, as its page does.
    assert "Behandlat Kommunstyrelsen 21 augusti 2019, § 120" in pdf_text(
        out / "sv" / "pdf" / f"{seed}.pdf"
    )
    assert "Handled Municipal Executive Board 21 August 2019, § 120" in pdf_text(
        out / "en" / "pdf" / f"{seed}.pdf"
    )
    json_out = tmp_path / "json"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "kommunjson",
        str(project),
        str(json_out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    data = json.loads((json_out / "memos.json").read_text(encoding="utf-8"))
    [meeting] = [m for m in data["sammantraden"] if m["typ"] == "protokoll"]
    assert [(p["paragraf"], p["resultat"]) for p in meeting["punkter"]] == [
        (120, "Enligt förslag"),
        (121, "Enligt förslag"),
    ]


def _edit(srcdir: Path, name: str, old: str, new: str) -> None:
    path = srcdir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_incremental_build_follows_the_memos_and_the_meetings(make_app, tmp_path) -> None:
    """Without a fresh environment: a memo's new title reaches the meetings
    that name it, a meeting's new § numbers the memo and the register."""
    srcdir = tmp_path / "meetings"
    shutil.copytree(ROOTS / "test-meetings", srcdir)
    make_app("html", srcdir=srcdir).build()

    _edit(
        srcdir, "memon/program.rst", "Utvecklingsprogram för Södertörn\n====", "Nytt program\n===="
    )
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    assert read == ["memon/program"]
    assert "§ 43 Nytt program" in text(app, MARS)
    assert "1. Nytt program" in text(app, APRIL)

    _edit(srcdir, f"{MARS}.rst", ":forsta-paragraf: 43", ":forsta-paragraf: 50")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "Behandlat: Kommunstyrelsen 12 mars 2025, § 50" in text(app, "memon/program")
    register = text(app, "register")
    assert "Nytt program" in register and "§ 50 Enligt förslag" in register
    assert kommun_warnings(app) == []

    # A protokoll taken away: the memo and the register no longer name it.
    (srcdir / f"{MARS}.rst").unlink()
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "Behandlat" not in text(app, "memon/program")
    assert "§ 50" not in text(app, "register")  # the columns stay: the kallelse is a meeting


def test_a_parallel_build_numbers_and_links_as_a_serial_one(build) -> None:
    serial = build("meetings", "html")
    parallel = build("meetings", "html", parallel=2)
    assert html_pages(Path(serial.outdir)) == html_pages(Path(parallel.outdir))
    assert "§ 43 Utvecklingsprogram för Södertörn" in text(parallel, MARS)
