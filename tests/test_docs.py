"""The documentation builds with -W, and shows a real memo."""

from __future__ import annotations

import re
import shutil

from sphinx.testing.util import SphinxTestApp

from tests.conftest import EXAMPLE, REPO


def test_the_documentation_builds_without_a_warning(tmp_path) -> None:
    srcdir = tmp_path / "docs"
    shutil.copytree(REPO / "docs", srcdir, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(EXAMPLE, tmp_path / "example_project", ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    guide = (app.outdir / "skrivguide.html").read_text(encoding="utf-8")
    for directive in (
        "arende",
        "beslut",
        "konsekvenser",
        "fokusomraden",
        "fokusomrade",
        "underskrift",
        "bilaga",
        "delges",
        "beslutslista",
    ):
        assert f'<span class="pre">{directive}</span></code>' in guide, directive
    # Each example is followed by its output, rendered by the directives themselves.
    assert guide.count('class="kommun-exempel') == 7
    assert "Kommunstyrelsens förslag till kommunfullmäktige" in guide
    assert '<figure class="kommun-fokus">' in guide
    assert '<p class="kommun-namn">Camilla Broo</p>' in guide
    assert "<li><p>Botkyrka kommun</p></li>" in guide
    memo = (app.outdir / "exempelmemo.html").read_text(encoding="utf-8")
    assert '<p class="kommun-kommun">Huddinge kommun</p>' in memo
    assert "<h2>Beslutet delges" in memo
    # The meeting chapter: every directive, and a whole protokoll built live
    # from the example memo, with its § and computed anslag dates.
    meetings = (app.outdir / "sammantraden.html").read_text(encoding="utf-8")
    for directive in (
        "sammantrade",
        "narvarande",
        "punkt",
        "yrkande",
        "omrostning",
        "reservation",
        "protokollsanteckning",
        "jav",
        "justering",
        "anslag",
    ):
        assert f'<span class="pre">{directive}</span>' in meetings, directive
    shown = " ".join(re.sub(r"<[^>]+>", " ", meetings).split())
    assert "§ 43 Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035" in shown
    assert "Sista dag för överklagande : 7 april 2025" in shown
