"""``beslutslista`` and ``:dnr:``: the decisions of every memo, and links between memos,
right on a first build, on an incremental one, and in parallel."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOTS, html_pages, kommun_warnings

HEADER = ["Ärende", "Dnr", "Datum", "Instans", "Beslut"]
LOKALER = [
    "Lokalförsörjningsplan",
    "KS-2024/120",
    "5 mars 2024",
    "Kommunstyrelsen",
    "Lokalförsörjningsplanen godkänns.",
]
PLACERING = [
    "Placeringar i familjehem",
    "SN-2024/31",
    "5 mars 2024",
    "Socialnämnden",
    "Riktlinjerna för placeringar i familjehem antas.",
]
BYGGLOV = [
    "Taxa för bygglov 2025",
    "KS-2024/200",
    "14 maj 2024",
    "Kommunstyrelsen",
    "Kommunstyrelsens förslag till kommunfullmäktige "
    "Taxan för bygglov 2025 antas. Taxan gäller från den 1 januari 2025.",
]


def page(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def register(html: str) -> list[list[str]]:
    """The register's rows as a reader sees them: the header, then one row a decision."""
    table = re.search(r'<table class="kommun-beslutslista.*?</table>', html, re.S)
    assert table is not None, "no register on the page"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def title_links(html: str) -> list[str]:
    table = re.search(r'<table class="kommun-beslutslista.*?</table>', html, re.S)
    assert table is not None
    return re.findall(r'<tr[^>]*><td><p><a class="reference internal" href="([^"]+)"', table[0])


def dnr_link(html: str, dnr: str) -> str | None:
    """Where the ``:dnr:`` reference ``dnr`` on a page leads, or None when it is plain text."""
    found = re.search(
        rf'<a class="kommun-dnr reference internal" href="([^"]+)"><span class="kommun-dnr">'
        rf"{re.escape(dnr)}</span></a>",
        html,
    )
    if found:
        return found.group(1)
    assert f'<span class="kommun-dnr">{dnr}</span>' in html, f"{dnr} is not on the page"
    return None


@pytest.fixture
def register_html(build):
    return build("register")


def test_the_register_lists_every_decision_by_date_then_dnr(register_html) -> None:
    html = page(register_html, "index")
    assert register(html) == [HEADER, LOKALER, PLACERING, BYGGLOV]
    assert title_links(html) == [
        "memon/lokaler.html",
        "memon/placering.html",
        "memon/bygglov.html",
    ]
    assert register_html.warning.getvalue() == ""


def test_a_register_for_one_body_shows_its_decisions_and_the_proposals_to_it(
    register_html,
) -> None:
    assert register(page(register_html, "ks")) == [HEADER, LOKALER, BYGGLOV]
    assert register(page(register_html, "sn")) == [HEADER, PLACERING]
    # Kommunstyrelsen's proposal is what kommunfullmäktige's meeting decides.
    assert register(page(register_html, "kf")) == [HEADER, BYGGLOV]


def test_the_register_speaks_the_build_language(build) -> None:
    app = build("register", language="en")
    rows = register(page(app, "index"))
    assert rows[0] == ["Matter", "Ref. no.", "Date", "Body", "Decision"]
    assert rows[1][:4] == [
        "Lokalförsörjningsplan",
        "KS-2024/120",
        "5 March 2024",
        "Municipal Executive Board",
    ]
    assert rows[3][4].startswith("Proposal of the Municipal Executive Board to the Municipal")


def test_a_dnr_links_to_the_memo_that_has_it_across_documents(register_html) -> None:
    assert dnr_link(page(register_html, "sn"), "KS-2024/200") == "memon/bygglov.html"
    assert dnr_link(page(register_html, "memon/placering"), "KS-2024/200") == "bygglov.html"
    assert dnr_link(page(register_html, "memon/bygglov"), "SN-2024/31") == "placering.html"


def test_a_dnr_the_project_does_not_have_stays_plain_text_without_a_warning(
    register_html,
) -> None:
    assert dnr_link(page(register_html, "sn"), "KS 1999/1") is None
    assert register_html.warning.getvalue() == ""


def test_a_dnr_of_two_memos_is_one_case_and_links_to_its_latest_memo(build) -> None:
    # A case has several documents (a memo revised after återremiss): the
    # link goes to the latest, and sharing the dnr is no mistake.
    app = build("register-mistakes")
    assert dnr_link(page(app, "index"), "KS-2024/7") == "andra.html"
    assert not [w for w in kommun_warnings(app) if "[kommun.dnr]" in w]


def test_a_register_of_an_unknown_body_is_a_located_warning(build) -> None:
    app = build("register-mistakes")
    unknown = [w for w in kommun_warnings(app) if "[kommun.unknown-key]" in w]
    assert len(unknown) == 1
    assert "index.rst:12:" in unknown[0]  # the line of the option
    assert (
        "`.. beslutslista::`: `:instans:` 'kommunstyrelse' finns inte "
        "(menade du 'kommunstyrelsen'?)"
    ) in unknown[0]
    assert "Inga beslut." in page(app, "index")


def _rebuild_after(srcdir: Path, make_app, memo: str, old: str, new: str):
    path = srcdir / "memon" / f"{memo}.rst"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.connect("doctree-resolved", lambda app, doctree, docname: written.append(docname))
    app.build()
    return app, read, written


def test_editing_a_decision_updates_every_register_without_a_fresh_environment(
    make_app, tmp_path
) -> None:
    srcdir = tmp_path / "register"
    shutil.copytree(ROOTS / "test-register", srcdir)
    make_app("html", srcdir=srcdir).build()

    app, read, written = _rebuild_after(
        srcdir, make_app, "placering", "familjehem antas.", "familjehem antas och gäller genast."
    )
    assert read == ["memon/placering"]
    assert {"index", "ks", "kf", "sn"} <= set(written)
    assert "memon/lokaler" not in written  # no register, no dnr of the edited memo
    changed = [*PLACERING[:4], "Riktlinjerna för placeringar i familjehem antas och gäller genast."]
    assert register(page(app, "index")) == [HEADER, LOKALER, changed, BYGGLOV]
    assert register(page(app, "sn")) == [HEADER, changed]
    assert kommun_warnings(app) == []


def test_a_changed_dnr_updates_the_links_to_it_without_a_fresh_environment(
    make_app, tmp_path
) -> None:
    srcdir = tmp_path / "register"
    shutil.copytree(ROOTS / "test-register", srcdir)
    make_app("html", srcdir=srcdir).build()

    app, read, _written = _rebuild_after(srcdir, make_app, "bygglov", "KS-2024/200", "KS-2024/201")
    assert read == ["memon/bygglov"]
    # The pages that name the old dnr were not read again, but no longer link.
    assert dnr_link(page(app, "sn"), "KS-2024/200") is None
    assert dnr_link(page(app, "memon/placering"), "KS-2024/200") is None
    assert register(page(app, "kf"))[1][1] == "KS-2024/201"

    # Giving the dnr back makes the links come back.
    app, read, _written = _rebuild_after(srcdir, make_app, "bygglov", "KS-2024/201", "KS-2024/200")
    assert read == ["memon/bygglov"]
    assert dnr_link(page(app, "sn"), "KS-2024/200") == "memon/bygglov.html"


def test_a_parallel_build_gives_the_same_registers_and_dnr_links_as_a_serial_one(build) -> None:
    serial = build("register", "html")
    parallel = build("register", "html", parallel=2)
    assert html_pages(Path(serial.outdir)) == html_pages(Path(parallel.outdir))
    assert register(page(parallel, "index")) == [HEADER, LOKALER, PLACERING, BYGGLOV]
    assert dnr_link(page(parallel, "sn"), "KS-2024/200") == "memon/bygglov.html"


@pytest.mark.parametrize(
    "builder", ["singlehtml", "dirhtml", "latex", "text", "man", "texinfo", "gettext"]
)
def test_the_register_builds_without_a_warning_on_every_builder(build, builder) -> None:
    app = build("register", builder)
    assert app.warning.getvalue() == ""
    assert any(Path(app.outdir).iterdir())


def test_the_text_builder_writes_the_register_as_a_table(build) -> None:
    app = build("register", "text")
    text = (Path(app.outdir) / "sn.txt").read_text(encoding="utf-8")
    assert re.search(r"\| Ärende +\| Dnr +\| Datum +\| Instans +\| Beslut +\|", text)
    assert re.search(r"\| Placeringar i familjehem +\| SN-2024/31 +\| 5 mars 2024 +\|", text)


def test_latex_links_register_titles_to_the_memos(build) -> None:
    app = build("register", "latex")
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert (
        r"\hyperref[\detokenize{memon/lokaler::doc}]{\sphinxcrossref{Lokalförsörjningsplan}}" in tex
    )
