"""The extension's node classes and their visitors for every builder.

Most of a memo is made of standard docutils nodes (sections, lists, paragraphs,
field lists), so every builder already writes them.  Which part of a memo a
standard node is (a decision, a focus area, an appendix) is said by the
attribute :data:`PART` and the attributes beside it (the keys the writer
gave), never by a CSS class: the domain reads the memo's record from them
once the document is read and translated.  The few nodes of our own exist
where HTML needs a semantic element of its own (``<header>``, ``<figure>``);
every other builder writes them as the standard node they are shaped like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

BUILDER_FORMATS = ("html", "latex", "text", "man", "texinfo")

#: The attribute that names the part of a memo a standard node is.
PART = "kommun_part"

E = TypeVar("E", bound=nodes.Element)


def mark(node: E, part: str, **attributes: Any) -> E:
    """``node`` as the memo's part ``part``, with the attributes that describe it."""
    node[PART] = part
    for name, value in attributes.items():
        node[name] = value
    return node


def is_part(node: nodes.Node, part: str) -> bool:
    return isinstance(node, nodes.Element) and node.get(PART) == part


def parts(tree: nodes.Node, part: str) -> Iterator[nodes.Element]:
    """Every node of ``tree`` that is the part ``part``, in document order."""
    return tree.findall(lambda n: is_part(n, part))  # type: ignore[return-value]


class memo_header(nodes.General, nodes.Element):
    """The ``arende`` header: municipality, administration, document type, date,
    dnr.  Its attributes are the keys as written: ``kommun``, ``instans``,
    ``forvaltning``, ``typ``, ``datum``, ``dnr``, ``handlaggare``, ``line``."""


class meeting_header(nodes.General, nodes.Element):
    """The ``sammantrade`` header: body, date, time, place.  Its attributes are
    the keys as written: ``kommun``, ``instans``, ``datum``, ``tid``,
    ``forsta_paragraf``, ``line``."""


class fokus_figure(nodes.General, nodes.Element):
    """The ``fokusomraden`` figure: focus areas as pillars on the cross-cutting ones."""


class fokus_caption(nodes.Part, nodes.TextElement):
    """The caption of a :class:`fokus_figure`."""


class writer_text(nodes.Inline, nodes.TextElement):
    """The writer's words inside a line the extension writes ("Bilaga 1. <title>"):
    a message the gettext builder extracts and a translation replaces.  Not a
    docutils ``inline``: Sphinx unwraps a translatable ``inline`` after
    translating it and moves its text to the end of the parent."""


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
    _add(app, meeting_header, "container", _html_element("header"))
    _add(app, fokus_figure, "container", _html_element("figure"))
    _add(app, fokus_caption, "paragraph", _html_element("figcaption"))
    _add(app, writer_text, "inline", (_visit_text_html, _depart_text_html))
    # Replaced at doctree-resolved; this serves a builder that writes unresolved doctrees.
    _add(app, beslutslista, "container", _html_element("div"))
