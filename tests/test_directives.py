"""The memo directives on a memo other than the seed, and what a mistake gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import kommun_warnings


def body(app, docname: str = "index") -> str:
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html)


@pytest.mark.sphinx("html", testroot="tyreso", freshenv=True)
def test_a_tyreso_proposal_to_the_council_renders_without_a_warning(app) -> None:
    app.build()
    assert kommun_warnings(app) == []
    html = body(app)
    assert '<p class="kommun-kommun">Tyresö kommun</p>' in html
    assert "<h3>Kommunstyrelsens förslag till kommunfullmäktige" in html
    assert re.search(
        r'<ol class="[^"]*kommun-beslutspunkter"> <li><p>Lekplatsplanen antas.</p></li> '
        r"<li><p>Kommunstyrelsen får i uppdrag",
        html,
    )
    assert "<h2>Ekonomiska konsekvenser samt konsekvenser för barn" in html
    assert "<h2>Bilagor" in html
    assert '<span class="kommun-bilaga-nr">Bilaga 1.</span>' in html
    assert '<span class="kommun-bilaga-nr">Bilaga 2.</span> Inventering av lekplatser 2024' in html
    # :bilaga: names the appendix by its number and links to it.
    assert 'href="#bilaga-2"><span class="kommun-bilaga-ref">bilaga 2</span></a>' in html
    # Profile keys become official names; free text stays as written.
    assert "<li><p>Barn- och utbildningsnämnden</p></li>" in html
    assert "<li><p>Kommunstyrelsen, Huddinge kommun</p></li>" in html
    assert "<li><p>Föreningen Lekfullt Tyresö</p></li>" in html


@pytest.mark.sphinx("html", testroot="tyreso", freshenv=True)
def test_an_appendix_file_is_copied_to_the_output_and_linked(app) -> None:
    app.build()
    link = re.search(
        r'<a class="kommun-bilaga-fil[^"]*"[^>]*href="([^"]+)">Lekplatsplan', body(app)
    )
    assert link is not None
    copied = Path(app.outdir) / link.group(1)
    assert copied.read_text(encoding="utf-8") == "Lekplatsplan för Tyresö 2025–2030.\n"


@pytest.mark.sphinx("html", testroot="tyreso", freshenv=True, confoverrides={"language": "en"})
def test_the_labels_follow_the_build_language(app) -> None:
    app.build()
    html = body(app)
    assert "<h2>Proposed decision" in html
    assert "Proposal of the Municipal Executive Board to the Municipal Council" in html
    assert "<h2>Financial consequences and consequences for children" in html
    assert "12 May 2025" in html
    assert "<li><p>Children and Education Committee</p></li>" in html


@pytest.mark.sphinx("html", testroot="bad-basics", freshenv=True)
def test_mistakes_are_located_warnings_and_the_rest_still_renders(app) -> None:
    app.build()
    warnings = kommun_warnings(app)
    expected = {
        ("index.rst:4:", "`.. arende::` har inget alternativ `:diarienummer:`", "[kommun.option]"),
        ("index.rst:1:", "`.. arende::` behöver `:dnr:`", "[kommun.missing-option]"),
        ("index.rst:28:", "'finns-inte.pdf' finns inte", "[kommun.bilaga]"),
    }
    for location, message, subtype in expected:
        assert any(location in w and message in w and subtype in w for w in warnings), (
            message,
            warnings,
        )
    assert len(warnings) == len(expected), warnings
    assert "Traceback" not in app.warning.getvalue()
    html = body(app)
    for kept in (
        "Sammanfattningen finns kvar.",
        "Beskrivningen finns kvar.",
        "Konsekvenserna finns kvar.",
        "Plan som saknas",
        "Botkyrka kommun",
        "Haninge kommun",
    ):
        assert kept in html
    assert not list(Path(app.outdir).glob("_downloads/*/finns-inte.pdf"))
