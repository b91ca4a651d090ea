"""The example project reproduces the real Huddinge memo, on every builder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLE,
    SEED_RECIPIENTS,
    compile_latex,
    html_pages,
    kommun_warnings,
)

SEED = "memon/huddinge-utvecklingsprogram-2035"

# Every part of the seed memo, in the seed's order (see ../shared/seed-memo.txt).
SEED_PARTS = [
    "Huddinge kommun",
    "Kommunstyrelsens förvaltning",
    "TJÄNSTEUTLÅTANDE",
    "26 juni 2019",
    "Maria Strandberg",
    '<p class="kommun-mottagare">Kommunstyrelsen</p>',
    "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035 – beslut om antagande",
    "<h2>Förslag till beslut",
    "<h3>Kommunstyrelsens beslut",
    "Programmet ersätter därmed motsvarande program från 2013.",
    "<h2>Sammanfattning",
    "De åtta Södertörnskommunerna har sedan 2007 ett gemensamt utvecklingsprogram",
    "<h2>Beskrivning av ärendet",
    "KS 2007/270",
    "Den lyder numera: ”Södertörn driver Stockholmsregionen.",
    "”Stärkt infrastruktur och effektiv samordning",
    "Olikhet och mångfald har tagits bort som samarbetsområde.",
    "Fokusområden",
    "Infrastruktur",
    "Utbildning",
    "Näringsliv",
    "Funktionell samordning",
    "Hållbar utveckling",
    "<figcaption>Södertörns utvecklingsprogram 2035</figcaption>",
    "I tidigare utvecklingsprogram listades insatser",
    "rådslaget får en ännu mer utåtriktad funktion",
    "<h2>Förvaltningens synpunkter",
    "ställer sig positiva till revideringen av programmet",
    "<h2>Ekonomiska och juridiska konsekvenser",
    "inte att utvecklingsprogrammet har några direkta ekonomiska eller juridiska konsekvenser",
    "Camilla Broo",
    "<h2>Bilaga",
    "Bilaga 1.</span> Södertörns utvecklingsprogram 2035 för beslut",
    "<h2>Beslutet delges",
]
RECIPIENTS = SEED_RECIPIENTS
SIGNATURES = [
    ("Camilla Broo", "Kommundirektör"),
    ("Helené Hill", "Samhällsbyggnadsdirektör"),
    ("Maria Strandberg", "Översiktsplanerare"),
]


def page(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def main_text(html: str) -> str:
    """The page's main landmark, its white space folded as a reader sees it."""
    return re.sub(r"\s+", " ", html[html.index("<main") : html.index("</main>")])


@pytest.fixture
def example_html(build):
    return build("example")


def test_the_seed_memo_has_every_part_in_order(example_html) -> None:
    html = main_text(page(example_html, SEED))
    positions = []
    for part in SEED_PARTS:
        assert part in html, part
        positions.append(html.index(part, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "3035" not in html


def test_the_seed_memo_tells_the_seven_municipalities_by_official_name(example_html) -> None:
    html = main_text(page(example_html, SEED))
    delges = html[html.index("<h2>Beslutet delges") :]
    listed = re.findall(r"<li><p>([^<]+)</p>", delges)
    assert listed == RECIPIENTS


def test_the_seed_memo_has_the_three_signatures(example_html) -> None:
    html = main_text(page(example_html, SEED))
    signed = re.findall(
        r'<p class="kommun-namn">([^<]+)</p>\s*<p class="kommun-titel">([^<]+)</p>', html
    )
    assert signed == SIGNATURES


def test_one_project_serves_two_municipalities(example_html) -> None:
    botkyrka = main_text(page(example_html, "memon/botkyrka-utvecklingsprogram-2035"))
    assert '<p class="kommun-kommun">Botkyrka kommun</p>' in botkyrka
    assert "Kommunledningsförvaltningen" in botkyrka
    assert "Huddinge kommun" in botkyrka  # among its recipients
    assert kommun_warnings(example_html) == []


@pytest.mark.parametrize(
    "builder", ["html", "singlehtml", "dirhtml", "latex", "text", "man", "texinfo", "gettext"]
)
def test_the_example_builds_without_a_warning_on_every_builder(build, builder) -> None:
    app = build("example", builder)
    assert app.warning.getvalue() == ""
    assert any(Path(app.outdir).iterdir())


def test_the_example_latex_carries_the_memo_and_compiles_with_xelatex(build) -> None:
    app = build("example", "latex", latex_engine="xelatex")
    tex_path = next(Path(app.outdir).glob("*.tex"))
    tex = tex_path.read_text(encoding="utf-8")
    assert r"\section{Förslag till beslut}" in tex
    assert "Södertörns utvecklingsprogram 2035 för beslut" in tex
    compile_latex(tex_path, "xelatex")


def test_parallel_build_gives_the_same_html_as_a_serial_one(build) -> None:
    serial = build("example", "html")
    parallel = build("example", "html", parallel=2)
    assert html_pages(Path(serial.outdir)) == html_pages(Path(parallel.outdir))


def test_editing_one_memo_rereads_only_that_memo(make_app, tmp_path) -> None:
    srcdir = tmp_path / "example"
    shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
    make_app("html", srcdir=srcdir).build()

    memo = srcdir / "memon" / "botkyrka-utvecklingsprogram-2035.rst"
    memo.write_text(
        memo.read_text(encoding="utf-8").replace("inga direkta", "inga kända"), encoding="utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    assert read == ["memon/botkyrka-utvecklingsprogram-2035"]
    assert "inga kända ekonomiska" in page(app, "memon/botkyrka-utvecklingsprogram-2035")
