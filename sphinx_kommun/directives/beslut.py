"""``beslut``: the proposed decision, its points numbered 1, 2, …"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import (
    ARENDE_READ,
    MEETING_READ,
    PUNKT_READ,
    KommunDirective,
    option_spec,
)
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive
from sphinx_kommun.nodes import mark
from sphinx_kommun.present import decision_heading

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


def decision_points(parsed: list[Node]) -> list[list[Node]]:
    """The points of a decision: the items of a list, else each block written."""
    blocks = [n for n in parsed if not isinstance(n, nodes.system_message | nodes.comment)]
    if len(blocks) == 1 and isinstance(blocks[0], nodes.enumerated_list | nodes.bullet_list):
        return [list(item.children) for item in blocks[0].children]
    return [[block] for block in blocks]


def points_node(points: list[list[Node]]) -> nodes.Element:
    """The decision points: one point as it is, several as a list numbered 1, 2, …"""
    if len(points) == 1:
        node: nodes.Element = nodes.container("", *points[0], classes=["kommun-beslutspunkter"])
    else:
        node = nodes.enumerated_list(
            enumtype="arabic", prefix="", suffix=".", classes=["kommun-beslutspunkter"]
        )
        for point in points:
            node += nodes.list_item("", *point)
    return mark(node, "beslut-punkter")


class BeslutDirective(KommunDirective):
    takes_content = True
    option_spec = option_spec("instans", "till")

    def render(self) -> list[Node]:
        arende = self.env.temp_data.get(ARENDE_READ) or self.env.temp_data.get(MEETING_READ) or {}
        instans_key = self.options.get("instans") or arende.get("instans", "")
        till_key = self.options.get("till", "")
        instans, till = self.organ(instans_key), self.organ(till_key)
        for option, organ in (("instans", instans), ("till", till)):
            # An :instans: taken from the arende is judged there, once.
            key = self.options.get(option, "")
            if key and organ is None and self.profile is not None:
                self.unknown_key(option, key, self.profile.instanser)
        # The keys as the profile spells them, for the record and the register.
        instans_key = instans.key if instans else instans_key
        till_key = till.key if till else till_key

        points = decision_points(self.parse_content_to_nodes())
        if not points:
            self.warn_empty(
                "beslut",
                str(
                    _(
                        "{directive} has no decision points: write them under it, "
                        "indented by three spaces"
                    )
                ).format(directive=directive(self.name)),
            )

        heading = decision_heading(instans, till, instans_key, self.lang)
        if self.env.temp_data.get(PUNKT_READ) is not None:
            # A meeting's own decision of an item (``:utfall: annat``).
            taken = mark(nodes.container(classes=["kommun-punkt-beslut"]), "punkt-beslut")
            taken += self.label(heading, nodes.rubric)
            taken += points_node(points)
            return [taken]
        decision = mark(
            self.section(heading, "beslut-instans"),
            "beslut",
            instans=instans_key,
            till=till_key,
            line=self.source_line,
        )
        decision += points_node(points)

        proposal = self.previous_sibling("forslag")
        if proposal is not None:  # a second decision joins the first under one heading
            proposal += decision
            return []
        proposal = mark(
            self.section(self.part_heading("beslut", str(_("Proposed decision"))), "beslut"),
            "forslag",
        )
        proposal += decision
        return [proposal]


def register(registry: Registry) -> None:
    registry.add_directive("beslut", BeslutDirective)
