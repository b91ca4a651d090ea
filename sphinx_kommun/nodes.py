"""The extension's node classes and their visitors for every builder.

Most of a memo is made of standard docutils nodes (sections, lists, paragraphs,
field lists) carrying ``kommun-*`` classes, so every builder already writes
them.  The few nodes of our own exist where HTML needs a semantic element of
its own (``<header>``, ``<figure>``); every other builder writes them as the
standard node they are shaped like.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

BUILDER_FORMATS = ("html", "latex", "text", "man", "texinfo")


class memo_header(nodes.General, nodes.Element):
    """The ``arende`` header: municipality, administration, document type, date, dnr."""


class fokus_figure(nodes.General, nodes.Element):
    """The ``fokusomraden`` figure: focus areas as pillars on the cross-cutting ones."""


class fokus_caption(nodes.Part, nodes.TextElement):
    """The caption of a :class:`fokus_figure`."""


class writer_text(nodes.Inline, nodes.TextElement):
    """The writer's words inside a line the extension writes ("Bilaga 1. <title>"):
    a message the gettext builder extracts and a translation replaces.  Not a
    docutils ``inline``: Sphinx unwraps a translatable ``inline`` after
    translating it and moves its text to the end of the parent."""


class dnr_ref(nodes.Inline, nodes.TextElement):
    """A ``:dnr:`` diarienummer; becomes a link to its memo when the project has one."""


class bilaga_ref(nodes.Inline, nodes.TextElement):
    """A ``:bilaga:`` reference, resolved to "bilaga 2" / "appendix 2" and linked."""


class beslutslista(nodes.General, nodes.Element):
    """Where a ``beslutslista`` stands: replaced by the register once every memo is read."""


Visitor = Callable[[Any, nodes.Element], None]


def _like(name: str) -> tuple[Visitor, Visitor]:
    """Visitors that write a node as the standard node ``name``."""

    def visit(self: Any, node: nodes.Element) -> None:
        getattr(self, f"visit_{name}")(node)

    def depart(self: Any, node: nodes.Element) -> None:
        getattr(self, f"depart_{name}")(node)

    return visit, depart


def _html_element(tag: str, **attributes: str) -> tuple[Visitor, Visitor]:
    """HTML visitors writing ``<tag class=...>`` around the node's children."""

    def visit(self: Any, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, tag, "", **attributes))

    def depart(self: Any, node: nodes.Element) -> None:
        self.body.append(f"</{tag}>\n")

    return visit, depart


def _add(app: Sphinx, node: type[nodes.Element], like: str, html: tuple[Visitor, Visitor]) -> None:
    visitors = {fmt: _like(like) for fmt in BUILDER_FORMATS}
    visitors["html"] = html
    app.add_node(node, override=True, **visitors)


def _visit_text_html(self: Any, node: nodes.Element) -> None:
    if node["classes"] or node["ids"]:
        self.body.append(self.starttag(node, "span", ""))


def _depart_text_html(self: Any, node: nodes.Element) -> None:
    if node["classes"] or node["ids"]:
        self.body.append("</span>")


def setup_nodes(app: Sphinx) -> None:
    _add(app, memo_header, "container", _html_element("header"))
    _add(app, fokus_figure, "container", _html_element("figure"))
    _add(app, fokus_caption, "paragraph", _html_element("figcaption"))
    # Resolved before any writer sees them (by a post-transform, or at
    # doctree-resolved); these visitors only serve a builder that writes
    # unresolved doctrees.
    _add(app, writer_text, "inline", (_visit_text_html, _depart_text_html))
    _add(app, dnr_ref, "inline", _html_element("span"))
    _add(app, bilaga_ref, "inline", _html_element("span"))
    _add(app, beslutslista, "container", _html_element("div"))
