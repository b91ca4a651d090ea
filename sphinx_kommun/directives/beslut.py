"""``beslut``: the proposed decision, its points numbered 1, 2, …"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.collect import mark
from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.domain import Beslut
from sphinx_kommun.i18n import _, language, lower_first

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.profiles import Organ
    from sphinx_kommun.registry import Registry


def decision_points(parsed: list[Node]) -> list[list[Node]]:
    """The points of a decision: the items of a list, else each block written."""
    blocks = [n for n in parsed if not isinstance(n, nodes.system_message | nodes.comment)]
    if len(blocks) == 1 and isinstance(blocks[0], nodes.enumerated_list | nodes.bullet_list):
        return [list(item.children) for item in blocks[0].children]
    return [[block] for block in blocks]


def decision_heading(
    instans: Organ | None, till: Organ | None, fallback: str, lang: str | None
) -> str:
    """ "Kommunstyrelsens beslut" / "Kommunstyrelsens förslag till kommunfullmäktige"."""
    name = instans.name(lang) if instans else fallback
    genitive = instans.genitiv if instans else fallback
    if till is None:
        return _("Decision of the {name}").format(name=name, genitive=genitive)
    to = lower_first(till.namn) if language(lang) == "sv" else till.en
    return _("Proposal of the {name} to the {to}").format(name=name, genitive=genitive, to=to)


class BeslutDirective(KommunDirective):
    has_content = True
    option_spec = option_spec("instans", "till")

    def render(self) -> list[Node]:
        header = self.memo.header
        instans_key = self.options.get("instans") or (header.instans if header else "")
        till_key = self.options.get("till", "")
        instans, till = self.organ(instans_key), self.organ(till_key)
        for option, organ in (("instans", instans), ("till", till)):
            # An :instans: taken from the arende is judged there, once.
            key = self.options.get(option, "")
            if key and organ is None and self.profile is not None:
                valid = ", ".join(sorted(self.profile.instanser))
                self.warn(
                    f"beslut: unknown :{option}: {key!r} (valid: {valid})", "unknown-key", option
                )

        points = decision_points(self.parse_content_to_nodes())
        if not points:
            self.warn("beslut: the decision has no points", "beslut")

        heading = decision_heading(instans, till, instans_key, self.lang)
        decision = self.section(heading, "beslut-instans")
        points_node = self.points_node(points)
        decision += points_node
        mark(points_node, "beslut", len(self.memo.beslut))
        self.memo.beslut.append(
            Beslut(
                instans=instans_key,
                till=till_key,
                points=[],  # the writer's words, read once the memo is translated
                line=self.source_line,
                anchor=decision["ids"][0] if decision["ids"] else "",
            )
        )
        self.memo.sections.append(("beslut", self.source_line))

        proposal = self.previous_sibling("kommun-beslut")
        if proposal is not None:  # a second decision joins the first under one heading
            proposal += decision
            return []
        proposal = self.section(str(_("Proposed decision")), "beslut")
        proposal += decision
        return [proposal]

    @staticmethod
    def points_node(points: list[list[Node]]) -> nodes.Element:
        if len(points) == 1:
            return nodes.container("", *points[0], classes=["kommun-beslutspunkter"])
        listing = nodes.enumerated_list(
            enumtype="arabic", prefix="", suffix=".", classes=["kommun-beslutspunkter"]
        )
        for point in points:
            listing += nodes.list_item("", *point)
        return listing


def register(registry: Registry) -> None:
    registry.add_directive("beslut", BeslutDirective)
