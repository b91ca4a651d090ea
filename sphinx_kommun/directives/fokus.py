"""``fokusomraden`` and ``fokusomrade``: focus areas drawn as pillars standing
on the cross-cutting areas, built of lists so that it reads without images and
to a screen reader, and as plain lists in every other builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.collect import MARK, mark
from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.domain import Fokusomrade
from sphinx_kommun.i18n import _
from sphinx_kommun.nodes import fokus_caption, fokus_figure

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

OPEN = "kommun-fokusomraden-open"


class FokusomradeDirective(KommunDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = option_spec("genomgaende", "ny")
    flags = ("genomgaende", "ny")

    def render(self) -> list[Node]:
        name = self.arguments[0]
        area = nodes.container(classes=["kommun-fokusomrade"], genomgaende=self.flag("genomgaende"))
        title = nodes.paragraph(classes=["kommun-fokus-namn"])
        title += self.text(name)
        if self.flag("ny"):
            title += nodes.Text(" ")
            title += self.label(str(_("new")), classes=["kommun-ny"])
        area += title
        content = self.parse_content_to_nodes() if self.content else []
        area.extend(content)
        if not self.env.temp_data.get(OPEN):
            self.warn("fokusomrade belongs inside a fokusomraden figure", "content")
            return [area]
        mark(area, "fokus", len(self.memo.fokus))
        # name and text: the writer's words, read once the memo is translated
        self.memo.fokus.append(
            Fokusomrade(name="", genomgaende=self.flag("genomgaende"), ny=self.flag("ny"), text="")
        )
        return [area]


class FokusomradenDirective(KommunDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        self.env.temp_data[OPEN] = True
        try:
            parsed = self.parse_content_to_nodes()
        finally:
            self.env.temp_data.pop(OPEN, None)
        areas = [
            n
            for n in parsed
            if isinstance(n, nodes.Element) and "kommun-fokusomrade" in n["classes"]
        ]
        others = [n for n in parsed if n not in areas and not isinstance(n, nodes.system_message)]
        if others or not areas:
            self.warn("fokusomraden holds fokusomrade directives only", "content")

        figure = fokus_figure(classes=["kommun-fokus"])
        figure += self.label(
            str(_("Focus areas")), nodes.paragraph, classes=["kommun-fokus-rubrik"]
        )
        pillars = [a for a in areas if not a["genomgaende"]]
        foundation = [a for a in areas if a["genomgaende"]]
        if pillars:
            figure += self.area_list(pillars, "kommun-fokus-pelare")
        if foundation:
            base = nodes.container(classes=["kommun-fokus-grund"])
            base += self.label(
                str(_("Cross-cutting, the foundation of every focus area:")),
                nodes.paragraph,
                classes=["kommun-dold"],
            )
            base += self.area_list(foundation, "kommun-fokus-grundlista")
            figure += base
        if self.arguments:
            figure += self.text(self.arguments[0], fokus_caption)
        figure.extend(n for n in parsed if isinstance(n, nodes.system_message))
        return [figure, *others]  # warned of, and kept: a mistake loses no text

    @staticmethod
    def area_list(areas: list[nodes.Element], cls: str) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=[cls])
        for area in areas:
            item = nodes.list_item(classes=area["classes"])
            if MARK in area:
                item[MARK] = area[MARK]
            item.extend(area.children)
            listing += item
        return listing


def register(registry: Registry) -> None:
    registry.add_directive("fokusomraden", FokusomradenDirective)
    registry.add_directive("fokusomrade", FokusomradeDirective)
