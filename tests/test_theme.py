"""The ``kommun`` HTML theme: the profile's name and colours (checked against WCAG
AA), the logo, landmarks, and the memo index that replaces a per-page toctree."""

from __future__ import annotations

import importlib.util
import re

import pytest

from sphinx_kommun.theme.colours import contrast_on_white, is_safe
from tests.conftest import REPO, kommun_warnings

BENCHMARK = REPO / "benchmarks" / "theme_scaling.py"


def page(app, name: str) -> str:
    return (app.outdir / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#0000ff", 8.59)],
)
def test_contrast_on_white_is_wcag_s_ratio(colour, ratio) -> None:
    assert contrast_on_white(colour) == pytest.approx(ratio, abs=0.05)


def test_aa_needs_4_5_to_1() -> None:
    assert is_safe("#767676")
    assert not is_safe("#777777")
    assert not is_safe("red")


def test_a_failing_profile_colour_is_a_located_warning_and_a_safe_default_is_used(build) -> None:
    app = build("theme-colour")
    warnings = kommun_warnings(app)
    assert len(warnings) == 1, warnings
    assert "profiler/gul.yaml:14:" in warnings[0]
    assert "farger.primar #ffd700" in warnings[0]
    assert "[kommun.colour]" in warnings[0]
    html = page(app, "index")
    # The failing primar falls back; the passing accent is the profile's own.
    assert "--kommun-primar: #00577a; --kommun-accent: #b3272d;" in html
    assert "#ffd700" not in html


def test_a_failing_colour_can_be_suppressed(build) -> None:
    app = build("theme-colour", suppress_warnings=["kommun.colour"])
    assert kommun_warnings(app) == []


def test_a_page_has_the_profile_s_name_colours_logo_and_landmarks(build) -> None:
    app = build("theme")
    assert kommun_warnings(app) == []
    html = page(app, "memon/sen")
    assert '<html lang="sv"' in html
    assert "--kommun-primar: #00607a; --kommun-accent: #7a3b8f;" in html
    assert re.search(r'<a class="kommun-skip" href="#main">Hoppa till innehållet</a>', html)
    assert '<img class="kommun-logo" src="../_static/logo.svg" alt="Tyresö kommun"/>' in html
    for landmark in ('<header class="kommun-site"', "<nav ", '<main id="main"', "<footer "):
        assert html.count(landmark) == 1, landmark
    assert '<nav class="kommun-nav" aria-label="Webbplatsnavigering">' in html
    assert '<a href="../memoindex.html">Ärendeförteckning</a>' in html


def test_no_page_carries_the_project_toctree(build) -> None:
    app = build("theme")
    for name in ("memon/tidig", "memon/sen", "memoindex"):
        html = page(app, name)
        assert "toctree" not in html, name
        assert "sphinxsidebar" not in html, name
    # The root page's own toctree caption gets the heading level WCAG needs.
    assert re.search(r'<p aria-level="2" class="caption" role="heading">', page(app, "index"))


def test_the_memo_index_lists_every_memo_newest_first_with_body_and_dnr(build) -> None:
    app = build("theme")
    html = page(app, "memoindex")
    assert "<title>Ärendeförteckning" in html
    assert 'aria-current="page"' in html
    rows = re.findall(r"<tr>\s*(.*?)\s*</tr>", html, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    assert cells[0] == ["Datum", "Ärende", "Instans", "Dnr"]
    assert [(c[0], c[2], c[3]) for c in cells[1:]] == [
        ('<time datetime="2021-03-02">2 mars 2021</time>', "Kommunstyrelsen", "KS 2021/7"),
        ('<time datetime="2020-05-05">5 maj 2020</time>', "Kommunstyrelsen", "KS/2020:3"),
        ('<time datetime="2019-01-15">15 januari 2019</time>', "Kommunstyrelsen", "KS 2019/1"),
    ]
    # Memo text is escaped.
    assert "Tidigt ärende &lt;om&gt; skolor &amp; vägar</a>" in cells[3][1]


def test_the_memo_index_speaks_the_build_language(build) -> None:
    app = build("theme", language="en")
    html = page(app, "memoindex")
    assert "<h1>Memo index</h1>" in html
    assert "2 March 2021" in html
    assert "Municipal Executive Board" in html


def test_another_theme_gets_no_memo_index(build) -> None:
    app = build("theme", html_theme="basic")
    assert not (app.outdir / "memoindex.html").exists()


def test_the_scaling_benchmark_runs(capsys) -> None:
    spec = importlib.util.spec_from_file_location("theme_scaling", BENCHMARK)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    assert benchmark.main(["4", "8", "--repeat", "1", "--max-ratio", "1000"]) == 0
    out = capsys.readouterr().out
    assert "kommun: 8 memos written in" in out
    assert "ratio 8/4:" in out
