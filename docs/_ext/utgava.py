"""``.. utgava:: intern``: the writer's guide shows a live example as the
internal edition builds it, though the guide itself is the public edition.

For the documentation only (it is not part of the package, so no memo
project can switch its edition with it): the content is parsed with
``kommun_publicering`` set to the edition named, then set back.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Utgava(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        edition = config.kommun_publicering
        config.kommun_publicering = self.arguments[0]
        try:
            return self.parse_content_to_nodes()
        finally:
            config.kommun_publicering = edition


def setup(app):
    app.add_directive("utgava", Utgava)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
