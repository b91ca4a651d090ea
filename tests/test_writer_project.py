"""A writer's project as issue 18 found it: Haninge's, with a Södertälje memo,
a cost table, a footnote, two appendices from the project's bilagor folder, a
case of two memos (the second revised after återremiss) and registers.  Built
by ``sphinx-build`` as a writer runs it; the tests read the pages a reader gets.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOTS

SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, str]:
    """The writer project built to HTML: its output folder and the warnings."""
    project = tmp_path_factory.mktemp("writer") / "projekt"
    shutil.copytree(ROOTS / "test-writer", project)
    result = subprocess.run(
        [str(SPHINX_BUILD), "-q", "-b", "html", str(project), str(project / "_build" / "html")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return project / "_build" / "html", result.stderr


def page(site: tuple[Path, str], name: str) -> str:
    return (site[0] / f"{name}.html").read_text(encoding="utf-8")


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", main(html), flags=re.S)


def column(table: str, index: int) -> list[str]:
    """The text of the ``index``-th cell of every row, header included."""
    rows = re.findall(r"<tr.*?</tr>", table, flags=re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]
    return [re.sub(r"<[^>]+>", "", row[index]).strip() for row in cells]


# -- every page of a memo is its own municipality's ------------------------------------


def test_the_sodertalje_memo_page_has_sodertalje_s_name_footer_address_and_colours(site) -> None:
    html = page(site, "memon/sodertalje-gata")
    header = html[html.index('<header class="kommun-site"') : html.index("</header>")]
    assert "Södertälje kommun" in header and "Haninge" not in header
    footer = html[html.index("<footer") :]
    assert "151 89 Södertälje" in footer and "Haninge" not in footer
    assert "--kommun-primar: #005293" in html  # Södertälje's blue


def test_the_project_s_other_pages_stay_haninge_s(site) -> None:
    for name in ("index", "memon/ks-budget", "alla", "memoindex"):
        html = page(site, name)
        footer = html[html.index("<footer") :]
        assert "136 81 Haninge" in footer, name
        assert "--kommun-primar: #004b87" in html, name


def test_a_dirhtml_build_gives_the_memo_its_own_municipality_too(build) -> None:
    app = build("writer", "dirhtml")
    html = (Path(app.outdir) / "memon" / "sodertalje-gata" / "index.html").read_text()
    assert "151 89 Södertälje" in html[html.index("<footer") :]
    assert "--kommun-primar: #005293" in html


# -- beslutslista ----------------------------------------------------------------------


def test_a_register_of_one_municipality_and_a_period_shows_only_those(site) -> None:
    (table,) = tables(page(site, "haninge"))
    assert column(table, 1) == ["Dnr", "KS 2026/12", "KS 2026/12"]  # March and April only
    assert column(table, 2)[1:] == ["2 mars 2026", "6 april 2026"]
    assert "Kommun" not in column(table, 4)[0]  # one municipality: no column for it


def test_a_register_over_several_municipalities_names_each_decision_s(site) -> None:
    everything, tekniska = tables(page(site, "alla"))
    assert column(everything, 4) == [
        "Kommun",
        "Haninge kommun",
        "Haninge kommun",
        "Haninge kommun",
        "Södertälje kommun",
    ]
    assert column(everything, 3)[-1] == "Tekniska nämnden"
    # `sodertalje:tekniska-namnden`: another municipality's body, by its key
    assert column(tekniska, 1) == ["Dnr", "TN 2026/40"]


def test_register_mistakes_are_located_swedish_warnings(site) -> None:
    warnings = site[1]
    assert re.search(
        r"fel\.rst:6: WARNING: .*`:fran:` '2026-13-01' är en dag som inte finns \[kommun\.datum\]",
        warnings,
    )
    assert re.search(
        r"fel\.rst:10: WARNING: .*annan kommun än `:kommun:`.*\[kommun\.instans\]", warnings
    )
    assert re.search(
        r"fel\.rst:13: WARNING: .*`:kommun:` 'Uppsala' finns inte.*\[kommun\.unknown-key\]",
        warnings,
    )
    assert re.search(
        r"fel\.rst:14: WARNING: .*`:tom:` 'i vår' är inget datum skrivet ÅÅÅÅ-MM-DD", warnings
    )
    # The registers with a mistake still stand, with what was right in them.
    first, second, third = tables(page(site, "fel"))
    assert column(first, 1) == ["Dnr", "TN 2026/40"]  # Södertälje's, from any day
    assert column(second, 1)[1:] == ["SN 2026/5", "KS 2026/12", "KS 2026/12"]
    assert len(column(third, 1)) == 5  # an unknown municipality narrows nothing


# -- footnotes and tables ----------------------------------------------------------------


def test_footnotes_come_after_the_text_and_before_the_signatures_and_recipients(site) -> None:
    body = main(page(site, "memon/ks-budget"))
    note = body.index('<aside class="footnote')
    assert body.index("Ekonomiska konsekvenser") < note < body.index("kommun-underskrifter")
    assert note < body.index("Beslutet delges")


def test_a_table_s_numeric_columns_are_marked_for_the_right_and_sit_in_a_scroll_box(
    site,
) -> None:
    body = main(page(site, "memon/ks-budget"))
    assert (
        '<div class="kommun-table-scroll" role="region" tabindex="0" aria-label="Tabell 1">' in body
    )
    assert '<th class="head kommun-tal"><p>2026 (mnkr)</p></th>' in body
    assert '<td class="kommun-tal"><p>8,5</p></td>' in body
    assert "<td><p>Byggnad</p></td>" in body  # words stay on the left


# -- appendices and cases ------------------------------------------------------------------


def test_appendices_from_the_project_root_and_from_the_memos_folder_are_copied(site) -> None:
    body = main(page(site, "memon/ks-budget"))
    for name in ("kalkyl.pdf", "karta.pdf"):
        (link,) = re.findall(rf'href="(\.\./_downloads/[0-9a-f]+/{name})"', body)
        assert (site[0] / "memon" / link).resolve().read_bytes().startswith(b"%PDF")
    assert "bilaga" not in site[1]


def test_a_case_of_two_memos_links_to_its_latest_and_the_index_groups_them(site) -> None:
    assert '<a class="kommun-dnr reference internal" href="memon/ks-budget-reviderad.html">' in (
        page(site, "index")
    )
    index = main(page(site, "memoindex"))
    rows = re.findall(r"<tr>.*?</tr>", index, flags=re.S)
    (case,) = [r for r in rows if "KS 2026/12" in r]
    assert case.index("ks-budget-reviderad.html") < case.index("Tidigare i ärendet:")
    assert case.index("Tidigare i ärendet:") < case.index('href="memon/ks-budget.html"')
    assert "dnr" not in site[1].lower()


# -- a scaffolded project: its Makefile, and each name once ---------------------------------


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    """``sphinx-kommun new`` then ``make html``, as the README says, in a shell
    whose PATH has no virtual environment in it."""
    project = tmp_path_factory.mktemp("scaffold") / "haninge"
    command = Path(sys.executable).with_name("sphinx-kommun")
    subprocess.run(
        [str(command), "new", str(project), "--kommun", "haninge"], check=True, timeout=60
    )
    plain_path = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(project.parent)}
    result = subprocess.run(
        ["make", "html"],
        cwd=project,
        env=plain_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "_build"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_scaffold_s_makefile_builds_both_languages_without_an_activated_venv(
    scaffold,
) -> None:
    for lang in ("sv", "en"):
        assert (scaffold / lang / "html" / "index.html").is_file()
        assert (scaffold / lang / "html" / "memoindex.html").is_file()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_each_page_names_the_municipality_once_in_its_header_title_and_footer(
    scaffold,
) -> None:
    pages = [
        scaffold / "sv" / "html" / "index.html",
        *(scaffold / "sv" / "html" / "memon").glob("*.html"),
    ]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        header = html[html.index('<header class="kommun-site"') : html.index("</header>")]
        assert header.count("Haninge kommun") == 1, path.name
        (title,) = re.findall(r"<title>(.*?)</title>", html)
        assert "dokumentation" not in title and "  " not in title, title
        assert title.count("Haninge kommun") == 1, title
        footer = html[html.index("<footer") :]
        assert footer.count("Haninge kommun") == 1, footer
    front = pages[0].read_text(encoding="utf-8")
    assert "<title>Haninge kommun</title>" in front
