"""The writer's words in a memo's record, read back from the finished doctree.

Directives record a memo's structure while it is parsed (keys, flags, numbers)
and mark the nodes that hold the writer's words.  Those words are read here,
once the document is read, because Sphinx replaces them by their translation
only after parsing: the register and ``memos.json`` then speak the build's
language, like the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.nodes import writer_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_kommun.domain import KommunDomain, MemoRecord

#: The node attribute naming the record entry a node's words belong to.
MARK = "kommun_record"


def mark(node: nodes.Element, kind: str, index: int) -> None:
    node[MARK] = (kind, index)


def plain(node: nodes.Node) -> str:
    """A node's text as a reader sees it: the source's line breaks are not the writer's."""
    return " ".join(node.astext().split())


def point_texts(node: nodes.Element) -> list[str]:
    if isinstance(node, nodes.enumerated_list):
        return [plain(item) for item in node.children]
    return [plain(node)] if node.children else []


def _fill(memo: MemoRecord, kind: str, index: int, node: nodes.Element) -> None:
    if kind == "beslut":
        memo.beslut[index].points = point_texts(node)
    elif kind == "fokus":
        name = next(node.findall(writer_text), None)
        memo.fokus[index].name = plain(name) if name is not None else ""
        memo.fokus[index].text = "\n\n".join(
            plain(child) for child in node.children if "kommun-fokus-namn" not in child["classes"]
        )
    elif kind == "bilaga":
        memo.bilagor[index].titel = plain(node)
    elif kind == "underskrift":
        memo.underskrifter[index].titel = plain(node)


def collect_texts(app: Sphinx, doctree: nodes.document) -> None:
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    memo = domain.memos.get(app.env.docname)
    if memo is None:
        return
    for node in doctree.findall(nodes.Element):
        if MARK in node:
            kind, index = node[MARK]
            _fill(memo, kind, index, node)


def setup_collect(app: Sphinx) -> None:
    # Before the checks (priority 500), which may read the words.
    app.connect("doctree-read", collect_texts, priority=400)
