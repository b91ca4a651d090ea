"""``delges``: who is told of the decision.  A profile key becomes the official
name (``botkyrka`` → "Botkyrka kommun"; ``huddinge:kommunstyrelsen`` → that
body); anything else is the writer's text and stays as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KEY, KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive, hint
from sphinx_kommun.model.keys import normalise_key
from sphinx_kommun.nodes import mark

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


class DelgesDirective(KommunDirective):
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        section = mark(
            self.section(
                self.part_heading("delges", str(_("The decision is communicated to"))), "delges"
            ),
            "delges",
        )
        parsed = self.parse_content_to_nodes()
        lists = [n for n in parsed if isinstance(n, nodes.bullet_list)]
        written = [n for n in parsed if not isinstance(n, nodes.system_message | nodes.comment)]
        if not written:
            self.warn_empty(
                "content",
                str(
                    _("{directive} names no one: write the recipients as a bullet list under it")
                ).format(directive=directive(self.name)),
            )
        elif len(lists) != 1 or len(lists) != len(written):
            self.warn(
                str(_("{directive}: write the recipients as one bullet list")).format(
                    directive=directive(self.name)
                ),
                "content",
            )
        for listing in lists:
            listing["classes"].append("kommun-mottagare-lista")
            for item in listing.children:
                self.resolve(item)  # type: ignore[arg-type]
        section.extend(parsed)
        return [section]

    def resolve(self, item: nodes.Element) -> None:
        """A recipient key becomes the official name; free text stays the writer's.

        A key may be written as the word it is (``Haninge``,
        ``Haninge:Kommunstyrelsen``, ``kommunfullmäktige``); text that names no
        key stays as written, and is warned of only when it was written as a
        key (lower case, one word, or ``kommun:instans``)."""
        text = item.astext().strip()
        key = normalise_key(text)
        name = self.recipient_name(key) if KEY.match(key) else None
        if name is not None:
            item.clear()
            item += self.label(name, nodes.paragraph)
            mark(item, "mottagare", key=key)
            return
        if not KEY.match(key) or (text != text.lower() and ":" not in text):
            mark(item, "mottagare", key="")
            return
        # At the recipient's own line: its paragraph knows it, the item does not.
        written = next(item.findall(lambda n: isinstance(n, nodes.Element) and bool(n.line)), None)
        warn(
            str(_("{directive}: {key} is no recipient key ({hint})")).format(
                directive=directive(self.name), key=repr(text), hint=self.recipient_hint(key)
            ),
            "unknown-key",
            written or self.get_location(),
        )
        mark(item, "mottagare", key=key)

    def recipient_name(self, key: str) -> str | None:
        kommun_key = key.partition(":")[0]
        other = self.registry.profile(kommun_key)
        if other is not None:
            self.note_profile(other)
        return self.present.recipient(key, self.profile)

    def recipient_hint(self, key: str) -> str:
        """The recipient keys like ``key``: with ``kommun:``, that municipality's
        bodies; else the municipalities and the memo's own bodies."""
        kommun_key, sep, organ = key.partition(":")
        other = self.registry.profile(kommun_key) if sep else None
        if other is not None:
            return hint(organ, other.instanser, lambda name: repr(f"{other.key}:{name}"))
        own = list(self.profile.instanser) if self.profile else []
        return hint(key, [*self.registry.profiles, *own])


def register(registry: Registry) -> None:
    registry.add_directive("delges", DelgesDirective)
