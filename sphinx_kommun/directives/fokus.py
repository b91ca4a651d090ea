"""``fokusomraden`` and ``fokusomrade``: focus areas drawn as pillars standing
on the cross-cutting areas, built of lists so that it reads without images and
to a screen reader, and as plain lists in every other builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive
from sphinx_kommun.nodes import fokus_caption, fokus_figure, is_part, mark

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

OPEN = "kommun-fokusomraden-open"


class FokusomradeDirective(KommunDirective):
    argument = "title"
    argument_required = True
    takes_content = True
    option_spec = option_spec("genomgaende", "ny")
    flags = ("genomgaende", "ny")

    def render(self) -> list[Node]:
        area = mark(
            nodes.list_item(classes=["kommun-fokusomrade"]),
            "fokusomrade",
            genomgaende=self.flag("genomgaende"),
            ny=self.flag("ny"),
        )
        # The name is the writer's message; the line around it ("… ny") is not.
        title = mark(
            nodes.paragraph(classes=["kommun-fokus-namn"], translatable=False), "fokus-namn"
        )
        title += self.text(self.arguments[0])
        if self.flag("ny"):
            title += nodes.Text(" ")
            title += self.label(str(_("new")), classes=["kommun-ny"])
        area += title
        if self.content:
            area.extend(self.parse_content_to_nodes())
        if not self.env.temp_data.get(OPEN):
            self.warn(
                str(
                    _("{directive} belongs inside {figure}: indent it under that directive")
                ).format(directive=directive(self.name), figure=directive("fokusomraden")),
                "content",
            )
            # Kept as a plain block, not a focus area of the memo: no text is lost.
            return [nodes.container("", *area.children, classes=["kommun-fokusomrade"])]
        return [area]


class FokusomradenDirective(KommunDirective):
    argument = "title"
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        self.env.temp_data[OPEN] = True
        try:
            parsed = self.parse_content_to_nodes()
        finally:
            self.env.temp_data.pop(OPEN, None)
        areas = [n for n in parsed if isinstance(n, nodes.Element) and is_part(n, "fokusomrade")]
        others = [n for n in parsed if n not in areas and not isinstance(n, nodes.system_message)]
        message = str(_("{directive} holds {area} directives only, indented under it")).format(
            directive=directive(self.name), area=directive("fokusomrade")
        )
        if not self.content:
            self.warn_empty("content", message)
        elif others or not areas:
            self.warn(message, "content")

        figure = fokus_figure(classes=["kommun-fokus"])
        figure += self.label(
            str(_("Focus areas")), nodes.paragraph, classes=["kommun-fokus-rubrik"]
        )
        pillars = [a for a in areas if not a["genomgaende"]]
        foundation = [a for a in areas if a["genomgaende"]]
        if pillars:
            figure += nodes.bullet_list("", *pillars, classes=["kommun-fokus-pelare"])
        if foundation:
            base = nodes.container(classes=["kommun-fokus-grund"])
            base += self.label(
                str(_("Cross-cutting, the foundation of every focus area:")),
                nodes.paragraph,
                classes=["kommun-dold"],
            )
            base += nodes.bullet_list("", *foundation, classes=["kommun-fokus-grundlista"])
            figure += base
        if self.arguments:
            figure += self.text(self.arguments[0], fokus_caption)
        figure.extend(n for n in parsed if isinstance(n, nodes.system_message))
        return [figure, *others]  # warned of, and kept: a mistake loses no text


def register(registry: Registry) -> None:
    registry.add_directive("fokusomraden", FokusomradenDirective)
    registry.add_directive("fokusomrade", FokusomradeDirective)
