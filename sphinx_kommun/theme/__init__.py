"""The ``kommun`` HTML theme: the municipality's name and colours from its profile,
landmarks, a skip link and the memo layout, with no per-page toctree.

``html_theme = "kommun"`` finds the extension through the ``sphinx.html_themes``
entry point.  The memo stylesheet is the extension's own, so memos look
right in any theme.  A memo's pages show the memo's own municipality (its
``arende :kommun:``); every other page shows ``kommun_profile``'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset_file

from sphinx_kommun.i18n import _
from sphinx_kommun.present import footer_lines
from sphinx_kommun.registry import registry_for
from sphinx_kommun.theme.colours import setup_colours, theme_colours
from sphinx_kommun.theme.language import alternate_context
from sphinx_kommun.theme.memoindex import PAGENAME as MEMOINDEX
from sphinx_kommun.theme.memoindex import THEME_DIR, setup_memoindex
from sphinx_kommun.theme.tables import setup_tables
from sphinx_kommun.theme.tillganglighet import setup_tillganglighet
from sphinx_kommun.theme.translator import install_translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_kommun.domain import KommunDomain

MEMO_CSS = Path(__file__).parent.parent / "static" / "kommun-memo.css"
#: The memo on paper, as a tjänsteutlåtande: the web page's print view.
PRINT_CSS = MEMO_CSS.with_name("kommun-print.css")


def setup_html(app: Sphinx) -> None:
    """What the extension adds to any HTML build: the theme, the memo and print
    stylesheets, the page context the theme reads, the translator's repairs,
    numbers aligned in tables, and the theme's own pages (the memo index, the
    accessibility statement)."""
    app.add_html_theme("kommun", str(THEME_DIR))
    app.add_css_file(MEMO_CSS.name)
    app.add_css_file(PRINT_CSS.name, media="print")
    app.connect("builder-inited", install_translator)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", copy_memo_css)
    setup_colours(app)
    setup_memoindex(app)
    setup_tillganglighet(app)
    setup_tables(app)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    registry = registry_for(app.config)
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    record = domain.memos.get(pagename)
    key = record.header.kommun if record and record.header else app.config.kommun_profile
    profile = registry.profile(key)
    lang = app.config.language
    context["kommun_skip_label"] = str(_("Skip to content"))
    alternate_context(app, pagename, context)
    site_name = profile.name(lang) if profile else app.config.project
    context["kommun_site_name"] = site_name
    # The project's name beside the municipality's, unless it is the same
    # ("Haninge kommun" twice, as a project named after its municipality has it).
    project = " ".join(str(app.config.project or "").split())
    context["kommun_site_project"] = (
        ""
        if project.casefold()
        in {
            site_name.casefold(),
            (profile.name("sv").casefold() if profile else ""),
        }
        else project
    )
    context["kommun_footer"] = footer_lines(profile)
    if str(context.get("title") or "").strip() == str(context.get("docstitle") or "").strip():
        # The front page, titled as the site: its name once in the browser's tab
        # (the basic layout adds " — docstitle" to every title).
        context["docstitle"] = ""
    context["kommun_colours"] = theme_colours(profile)
    context["kommun_nav_label"] = str(_("Site navigation"))
    if app.builder.name != "singlehtml":
        context["kommun_memoindex"] = (MEMOINDEX, str(_("Memo index")))
    drop_unpublished_relations(app, pagename, context, domain)


def drop_unpublished_relations(
    app: Sphinx, pagename: str, context: dict[str, Any], domain: KommunDomain
) -> None:
    """No "next" or "previous" link leads to a page this edition does not
    publish (a secret memo of the public edition, a withheld one)."""
    unpublished = domain.unpublished(app.config)
    if not unpublished:
        return
    hidden = {app.builder.get_relative_uri(pagename, doc) for doc in unpublished}
    for key in ("next", "prev"):
        related = context.get(key)
        if related and related.get("link") in hidden:
            context[key] = None
    context["rellinks"] = [r for r in context.get("rellinks", []) if r[0] not in unpublished]


def copy_memo_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and app.builder.name != "kommunpdf":
        for stylesheet in (MEMO_CSS, PRINT_CSS):
            copy_asset_file(stylesheet, Path(app.outdir, "_static"))
