"""``bilaga``: appendices, numbered in order per memo and listed under one
heading; a ``:fil:`` is copied to the output (Sphinx's download files) and linked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_kommun.collect import mark
from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.domain import Bilaga
from sphinx_kommun.i18n import _, ngettext

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry


def appendices_heading(count: int) -> str:
    return ngettext("Appendix", "Appendices", count)


class BilagaDirective(KommunDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = option_spec("fil", "name")

    def render(self) -> list[Node]:
        memo = self.memo
        nummer = len(memo.bilagor) + 1
        titel = self.arguments[0]
        name = self.options.get("name", "")
        anchor = f"bilaga-{nummer}"
        fil = self.checked_file(self.options.get("fil", ""))

        item = nodes.paragraph(classes=["kommun-bilaga"], ids=[anchor])
        item += self.label(
            str(_("Appendix {number}.")).format(number=nummer), classes=["kommun-bilaga-nr"]
        )
        item += nodes.Text(" ")
        title = self.text(titel)
        mark(title, "bilaga", len(memo.bilagor))
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
        memo.bilagor.append(Bilaga(nummer, titel, fil, name, anchor, self.source_line))

        section = self.previous_sibling("kommun-bilagor")
        if section is None:
            section = self.section(appendices_heading(1), "bilagor")
            result: list[Node] = [section]
        else:
            heading = appendices_heading(nummer)
            title = section[0]
            title.clear()
            title += nodes.Text(heading)
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
