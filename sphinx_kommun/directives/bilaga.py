"""``bilaga``: appendices, numbered in order per memo and listed under one
heading; a ``:fil:`` is copied to the output (Sphinx's download files) and linked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_kommun.directives import ARENDE_READ, KommunDirective, option_spec
from sphinx_kommun.directives.files import doc_folder, fence_of
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive, option
from sphinx_kommun.nodes import mark
from sphinx_kommun.paths import FILE, Refused, refusal_message
from sphinx_kommun.present import appendices_heading, appendix_label, secret_appendix

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

#: ``env.temp_data`` key: how many appendices the memo being read has so far.
NUMBERED = "kommun_bilagor"


class BilagaDirective(KommunDirective):
    argument = "title"
    argument_required = True
    option_spec = option_spec("fil", "name", "sekretess")

    def render(self) -> list[Node]:
        nummer = self.env.temp_data[NUMBERED] = int(self.env.temp_data.get(NUMBERED) or 0) + 1
        anchor = f"bilaga-{nummer}"
        sekretess = self.provision()
        hidden = bool(sekretess) and self.present.public
        # A secret appendix of the public edition: its number and provision,
        # no title, no file.
        fil = "" if hidden else self.checked_file(self.options.get("fil", ""))
        # The line is the extension's ("Bilaga 2. …"): only the title in it is
        # the writer's message.  Not marked, the paragraph of a second bilaga
        # (added to a section already in the document, which gives it a
        # source) would be a message of its own, at no line.
        item = mark(
            nodes.paragraph(classes=["kommun-bilaga"], ids=[anchor], translatable=False),
            "bilaga",
            nummer=nummer,
            fil=fil,
            name=self.options.get("name", ""),
            line=self.source_line,
            sekretess=sekretess,
        )
        item += self.label(appendix_label(nummer), classes=["kommun-bilaga-nr"])
        item += nodes.Text(" ")
        if hidden:
            words = f"{secret_appendix()} ({sekretess})"
            title = mark(self.label(words, classes=["kommun-sekretess"]), "bilaga-titel")
        else:
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
            # Where a later check of the file (before it is copied) points.
            link.source, link.line = self.state_machine.get_source_and_line(self.option_line("fil"))
            link += title
            item += link
        else:
            item += title
        arende = self.env.temp_data.get(ARENDE_READ) or {}
        if sekretess and not hidden:
            header = arende.get("header")
            marking = (
                self.present.secrecy_marking(header, sekretess)
                if header is not None
                else str(_("secret under {provision}")).format(provision=sekretess)
            )
            item += self.label(f" ({marking})", classes=["kommun-sekretessmarkering"])

        section = self.previous_sibling("bilagor")
        if section is None:
            heading = self.part_heading("bilagor", appendices_heading(1))
            section = mark(self.section(heading, "bilagor"), "bilagor")
            result: list[Node] = [section]
        else:
            title = section[0]
            assert isinstance(title, nodes.title)
            title.clear()
            title += nodes.Text(self.part_heading("bilagor", appendices_heading(nummer)))
            result = []
        section += item
        return result

    def checked_file(self, fil: str) -> str:
        """``fil`` when it names a file of the project that may be published,
        else "" and a warning.

        The rule is :mod:`sphinx_kommun.paths`' (``/bilagor/x.pdf`` from the
        project's root, ``../bilagor/x.pdf`` from a memo's folder, links
        followed; never outside the project, a hidden or build folder, conf.py
        or a type a browser runs).  The file is published as one of Sphinx's
        downloads, so it is checked again before each build copies it.
        """
        if not fil:
            return ""
        checked = fence_of(self.env).contained(fil, base=doc_folder(self.env), use=FILE)
        if isinstance(checked, Refused):
            what = f"{directive(self.name)} {option('fil')}"
            self.warn(refusal_message(what, fil, checked, "not-copied"), "bilaga", "fil")
            return ""
        return fil


def register(registry: Registry) -> None:
    registry.add_directive("bilaga", BilagaDirective)
