"""``underskrift``: the signatures, one ``Name, Title`` a line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive
from sphinx_kommun.model.memo import split_signer
from sphinx_kommun.nodes import mark

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


class UnderskriftDirective(KommunDirective):
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        block = mark(nodes.container(classes=["kommun-underskrifter"]), "underskrifter")
        for offset, written_line in enumerate(self.content):
            if not written_line.strip():
                continue
            name, title = split_signer(written_line)
            signer = mark(nodes.container(classes=["kommun-underskrift"]), "underskrift", namn=name)
            # Each signer where it was written, for a warning about it.
            source, line_offset = self.content.info(offset)
            line = (line_offset or 0) + 1
            shown = self.label(name, nodes.paragraph, classes=["kommun-namn"])
            shown.source, shown.line = source, line
            signer += shown
            if title:
                node = self.text(title, nodes.paragraph, classes=["kommun-titel"])
                node.line = line
                signer += mark(node, "underskrift-titel")
            block += signer
        if not len(block):
            self.warn_empty(
                "content",
                str(
                    _("{directive} names no signer: write one 'Name, Title' a line under it")
                ).format(directive=directive(self.name)),
            )
            return []
        return [block]


def register(registry: Registry) -> None:
    registry.add_directive("underskrift", UnderskriftDirective)
