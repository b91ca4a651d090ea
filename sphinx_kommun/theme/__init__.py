"""The ``kommun`` HTML theme: the municipality's name and colours from its profile,
landmarks, a skip link and the memo layout, with no per-page toctree.

``html_theme = "kommun"`` finds this module through the ``sphinx.html_themes``
entry point; it loads the whole extension, whose profile the theme shows.
The memo stylesheet is the extension's own, so memos look right in any theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset_file

from sphinx_kommun.i18n import _
from sphinx_kommun.registry import registry_for
from sphinx_kommun.theme.colours import setup_colours, theme_colours
from sphinx_kommun.theme.language import alternate_context
from sphinx_kommun.theme.memoindex import PAGENAME as MEMOINDEX
from sphinx_kommun.theme.memoindex import setup_memoindex

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

THEME_DIR = Path(__file__).parent / "kommun"
MEMO_CSS = Path(__file__).parent.parent / "static" / "kommun-memo.css"
#: The memo on paper, as a tjänsteutlåtande; the ``kommunpdf`` builder prints with it.
PRINT_CSS = MEMO_CSS.with_name("kommun-print.css")


def setup_html(app: Sphinx) -> None:
    """What the extension adds to any HTML build: the theme, the memo and print
    stylesheets and the page context the theme reads."""
    app.add_html_theme("kommun", str(THEME_DIR))
    app.add_css_file(MEMO_CSS.name)
    app.add_css_file(PRINT_CSS.name, media="print")
    app.connect("html-page-context", page_context)
    app.connect("build-finished", copy_memo_css)
    setup_colours(app)
    setup_memoindex(app)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    registry = registry_for(app.config)
    profile = registry.profile(app.config.kommun_profile)
    lang = app.config.language
    context["kommun_skip_label"] = str(_("Skip to content"))
    alternate_context(app, pagename, context)
    context["kommun_site_name"] = profile.name(lang) if profile else app.config.project
    context["kommun_footer"] = (
        f"{profile.name(lang)} · {profile.postadress} · {profile.besoksadress}" if profile else ""
    )
    context["kommun_colours"] = theme_colours(profile)
    context["kommun_nav_label"] = str(_("Site navigation"))
    if app.builder.name != "singlehtml":
        context["kommun_memoindex"] = (MEMOINDEX, str(_("Memo index")))
    if "body" in context:
        # Sphinx gives a toctree caption role="heading" with no level, which
        # WCAG 4.1.2 (axe's aria-required-attr) rejects; it sits under the h1.
        context["body"] = context["body"].replace(
            '<p class="caption" role="heading">',
            '<p class="caption" role="heading" aria-level="2">',
        )


def copy_memo_css(app: Sphinx, exception: Exception | None) -> None:
    # kommunpdf is an HTML builder too, but its styles go into each PDF.
    if exception is None and app.builder.format == "html" and app.builder.name != "kommunpdf":
        for stylesheet in (MEMO_CSS, PRINT_CSS):
            copy_asset_file(stylesheet, Path(app.outdir, "_static"))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_kommun")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
