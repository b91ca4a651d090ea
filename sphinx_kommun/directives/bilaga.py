"""``bilaga``: appendices, numbered in order per memo and listed under one
heading; a ``:fil:`` is copied to the output (Sphinx's download files) and linked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.nodes import mark
from sphinx_kommun.present import appendices_heading, appendix_label

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

#: ``env.temp_data`` key: how many appendices the memo being read has so far.
NUMBERED = "kommun_bilagor"


class BilagaDirective(KommunDirective):
    argument = "title"
    argument_required = True
    option_spec = option_spec("fil", "name")

    def render(self) -> list[Node]:
        nummer = self.env.temp_data[NUMBERED] = int(self.env.temp_data.get(NUMBERED) or 0) + 1
        anchor = f"bilaga-{nummer}"
        fil = self.checked_file(self.options.get("fil", ""))
        item = mark(
            nodes.paragraph(classes=["kommun-bilaga"], ids=[anchor]),
            "bilaga",
            nummer=nummer,
            fil=fil,
            name=self.options.get("name", ""),
            line=self.source_line,
        )
        item += self.label(appendix_label(nummer), classes=["kommun-bilaga-nr"])
        item += nodes.Text(" ")
        title = mark(self.text(self.arguments[0]), "bilaga-titel")
        if fil:
            link = addnodes.download_reference(
                "",
                "",
                refdoc=self.env.docname,
                reftarget=fil,
                refexplicit=True,
                classes=["kommun-bilaga-fil"],
            )
            link += title
            item += link
        else:
            item += title

        section = self.previous_sibling("bilagor")
        if section is None:
            section = mark(self.section(appendices_heading(1), "bilagor"), "bilagor")
            result: list[Node] = [section]
        else:
            heading = section[0]
            assert isinstance(heading, nodes.title)
            heading.clear()
            heading += nodes.Text(appendices_heading(nummer))
            result = []
        section += item
        return result

    def checked_file(self, fil: str) -> str:
        """``fil`` when it names a file inside the project, else "" and a warning.

        A path that leaves the project (``..``, an absolute path, a link) is
        refused and never copied: memo text must not publish files it does not own.
        """
        if not fil:
            return ""
        if Path(fil).is_absolute() or fil.startswith(("/", "\\")) or ".." in Path(fil).parts:
            self.warn(
                f"bilaga: :fil: {fil!r} lies outside the project; not copied", "bilaga", "fil"
            )
            return ""
        rel, abs_path = self.env.relfn2path(fil, self.env.docname)
        srcdir = Path(self.env.srcdir).resolve()
        target = Path(abs_path)
        if not target.is_file():
            self.warn(f"bilaga: :fil: {fil!r} does not exist", "bilaga", "fil")
            return ""
        if not target.resolve().is_relative_to(srcdir):
            self.warn(
                f"bilaga: :fil: {fil!r} leads outside the project; not copied", "bilaga", "fil"
            )
            return ""
        self.env.note_dependency(rel)
        return fil


def register(registry: Registry) -> None:
    registry.add_directive("bilaga", BilagaDirective)
