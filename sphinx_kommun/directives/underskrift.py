"""``underskrift``: the signatures, one ``Name, Title`` a line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.collect import mark
from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.directives.arende import split_signer
from sphinx_kommun.domain import Signer

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


class UnderskriftDirective(KommunDirective):
    has_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        block = nodes.container(classes=["kommun-underskrifter"])
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            name, title = split_signer(line)
            signer = nodes.container(classes=["kommun-underskrift"])
            signer += self.label(name, nodes.paragraph, classes=["kommun-namn"])
            if title:
                node = self.text(title, nodes.paragraph, classes=["kommun-titel"])
                node.line = self.content_offset + offset + 1
                mark(node, "underskrift", len(self.memo.underskrifter))
                signer += node
            block += signer
            self.memo.underskrifter.append(Signer(name, title))
        if not len(block):
            self.warn("underskrift: no signer given (one 'Name, Title' a line)", "content")
            return []
        return [block]


def register(registry: Registry) -> None:
    registry.add_directive("underskrift", UnderskriftDirective)
