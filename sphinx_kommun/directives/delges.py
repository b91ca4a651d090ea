"""``delges``: who is told of the decision.  A profile key becomes the official
name (``botkyrka`` → "Botkyrka kommun"; ``huddinge:kommunstyrelsen`` → that
body); anything else is the writer's text and stays as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KEY, KommunDirective, option_spec, warn
from sphinx_kommun.domain import Mottagare
from sphinx_kommun.i18n import _

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


class DelgesDirective(KommunDirective):
    has_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        section = self.section(str(_("The decision is communicated to")), "delges")
        parsed = self.parse_content_to_nodes()
        lists = [n for n in parsed if isinstance(n, nodes.bullet_list)]
        if len(lists) != 1 or len(lists) != len(
            [n for n in parsed if not isinstance(n, nodes.system_message | nodes.comment)]
        ):
            self.warn("delges: write the recipients as one bullet list", "content")
        for listing in lists:
            listing["classes"].append("kommun-mottagare-lista")
            for item in listing.children:
                self.resolve(item)
        section.extend(parsed)
        return [section]

    def resolve(self, item: nodes.Element) -> None:
        text = item.astext().strip()
        if not KEY.match(text):
            self.memo.delges.append(Mottagare("", text))
            return
        name = self.recipient_name(text)
        if name is None:
            # At the recipient's own line: its paragraph knows it, the item does not.
            written = next(item.findall(lambda n: isinstance(n, nodes.Element) and n.line), None)
            warn(
                f"delges: unknown recipient key {text!r}",
                "unknown-key",
                written or self.get_location(),
            )
            self.memo.delges.append(Mottagare(text, text))
            return
        item.clear()
        item += self.label(name, nodes.paragraph)
        self.memo.delges.append(Mottagare(text, name))

    def recipient_name(self, key: str) -> str | None:
        """The official name of a municipality, a body of one, or of the memo's own."""
        lang, registry = self.lang, self.registry
        kommun_key, _sep, organ_key = key.partition(":")
        profile = registry.profile(kommun_key)
        if profile is not None:
            self.note_profile(profile)
            if not organ_key:
                return profile.name(lang)
            organ = profile.organ(organ_key)
            if organ is None:
                return None
            if self.profile is not None and profile.key == self.profile.key:
                return organ.name(lang)
            return f"{organ.name(lang)}, {profile.name(lang)}"
        own = self.profile.organ(key) if self.profile is not None and not organ_key else None
        return own.name(lang) if own else None


def register(registry: Registry) -> None:
    registry.add_directive("delges", DelgesDirective)
