"""``delges``: who is told of the decision.  A profile key becomes the official
name (``botkyrka`` → "Botkyrka kommun"; ``huddinge:kommunstyrelsen`` → that
body); anything else is the writer's text and stays as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KEY, KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.nodes import mark

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


class DelgesDirective(KommunDirective):
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        section = mark(self.section(str(_("The decision is communicated to")), "delges"), "delges")
        parsed = self.parse_content_to_nodes()
        lists = [n for n in parsed if isinstance(n, nodes.bullet_list)]
        if len(lists) != 1 or len(lists) != len(
            [n for n in parsed if not isinstance(n, nodes.system_message | nodes.comment)]
        ):
            self.warn("delges: write the recipients as one bullet list", "content")
        for listing in lists:
            listing["classes"].append("kommun-mottagare-lista")
            for item in listing.children:
                self.resolve(item)  # type: ignore[arg-type]
        section.extend(parsed)
        return [section]

    def resolve(self, item: nodes.Element) -> None:
        """A recipient key becomes the official name; free text stays the writer's."""
        text = item.astext().strip()
        if not KEY.match(text):
            mark(item, "mottagare", key="")
            return
        name = self.recipient_name(text)
        if name is None:
            # At the recipient's own line: its paragraph knows it, the item does not.
            written = next(
                item.findall(lambda n: isinstance(n, nodes.Element) and bool(n.line)), None
            )
            warn(
                f"delges: unknown recipient key {text!r}",
                "unknown-key",
                written or self.get_location(),
            )
            mark(item, "mottagare", key=text)
            return
        item.clear()
        item += self.label(name, nodes.paragraph)
        mark(item, "mottagare", key=text)

    def recipient_name(self, key: str) -> str | None:
        kommun_key = key.partition(":")[0]
        other = self.registry.profile(kommun_key)
        if other is not None:
            self.note_profile(other)
        return self.present.recipient(key, self.profile)


def register(registry: Registry) -> None:
    registry.add_directive("delges", DelgesDirective)
