"""The HTML translator of a project's pages, with two accessibility repairs.

Sphinx gives a toctree caption ``role="heading"`` with no ``aria-level``,
which WCAG 4.1.2 (axe's ``aria-required-attr``) rejects; on a memo site it
sits under the page's ``<h1>``, so it is a level-2 heading.  A table wider
than a phone's screen would widen the whole page (WCAG 1.4.10, reflow): each
table sits in a scroll box of its own, focusable so that a keyboard scrolls
it, and named (by the table's caption, else "Tabell 2") for a screen reader.
The translator a builder would use anyway (Sphinx's, or another
extension's) is extended, not replaced; a project that sets its own
translator keeps it as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import escape
from sphinx import addnodes

from sphinx_kommun.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def with_caption_level(base: type[Any]) -> type[Any]:
    class KommunHTMLTranslator(base):  # type: ignore[misc,valid-type]
        def visit_title(self, node: nodes.title) -> None:
            parent = node.parent
            if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
                attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": "2"}
                self.body.append(self.starttag(node, "p", "", **attributes))
                self.body.append('<span class="caption-text">')
                self.context.append("</span></p>\n")
                self.add_secnumber(node)
                self.add_fignumber(node.parent)
                return
            super().visit_title(node)

        def visit_table(self, node: nodes.table) -> None:
            self.kommun_tables = getattr(self, "kommun_tables", 0) + 1
            title = next((c for c in node.children if isinstance(c, nodes.title)), None)
            name = (
                " ".join(title.astext().split())
                if title is not None
                else str(_("Table {number}")).format(number=self.kommun_tables)
            )
            self.body.append(
                f'<div class="kommun-table-scroll" role="region" tabindex="0" '
                f'aria-label="{escape(name)}">\n'
            )
            super().visit_table(node)

        def depart_table(self, node: nodes.table) -> None:
            super().depart_table(node)
            self.body.append("</div>\n")

    KommunHTMLTranslator.__name__ = f"Kommun{base.__name__}"
    return KommunHTMLTranslator


def install_translator(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html":
        return
    base = builder.get_translator_class()
    if base is None or base.__name__.startswith("Kommun"):
        return
    app.set_translator(builder.name, with_caption_level(base), override=True)
