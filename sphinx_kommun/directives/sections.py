"""The prose sections of a memo: ``sammanfattning``, ``arendebeskrivning``,
``synpunkter`` (and any a plugin adds), and ``konsekvenser``, whose heading is
built from its types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.model.keys import find_key
from sphinx_kommun.nodes import mark
from sphinx_kommun.present import consequence_heading
from sphinx_kommun.registry import label_text

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

    from sphinx_kommun.registry import Registry


class SectionDirective(KommunDirective):
    """A section with a heading from the registry; ``:titel:`` gives another."""

    takes_content = True
    option_spec = option_spec("titel")
    key = ""

    def heading(self) -> str:
        default = label_text(self.registry.sections[self.key].heading, self.lang)
        return self.registry.part_heading(self.profile, self.key, default, self.lang)

    def render(self) -> list[Node]:
        if not self.content:
            self.warn_empty("avsnitt")
        titel = self.options.get("titel")
        section = self.section(titel or self.heading(), self.key, translatable=bool(titel))
        mark(section, "avsnitt", key=self.key, line=self.source_line, **self.attributes())
        section.extend(self.parse_content_to_nodes(allow_section_headings=True))
        return [section]

    def attributes(self) -> dict[str, str]:
        """What the section records beside its key and line."""
        return {}


def section_directive(key: str) -> type[SectionDirective]:
    """The directive class for section type ``key``."""
    return type(f"Section_{key}", (SectionDirective,), {"key": key})


class Konsekvenser(SectionDirective):
    option_spec = option_spec("titel", "typ")
    key = "konsekvenser"

    def types(self) -> list[str]:
        """The known ``:typ:`` keys, in the order written (``miljö`` is
        ``miljo``); an unknown one is warned of."""
        known = self.registry.consequence_types_for(self.profile)
        found = []
        for word in (w.strip() for w in self.options.get("typ", "").split(",")):
            entry = find_key(known, word) if word else None
            if entry is not None:
                found.append(entry[0])
            elif word:
                self.unknown_key("typ", word, known)
        return found

    def render(self) -> list[Node]:
        self.keys = self.types()
        return super().render()

    def heading(self) -> str:
        known = self.registry.consequence_types_for(self.profile)
        return consequence_heading([known[key] for key in self.keys], self.lang)

    def attributes(self) -> dict[str, str]:
        return {"typer": " ".join(self.keys)}


def install_directives(app: Sphinx, registry: Registry) -> None:
    """Every directive of the registry into the application, and the plain
    section directive for each section type that brings none."""
    for key in registry.sections:
        if key not in registry.directives:
            app.add_directive(key, section_directive(key), override=True)
    for name, directive in registry.directives.items():
        app.add_directive(name, directive, override=True)


def register(registry: Registry) -> None:
    registry.add_section("sammanfattning", _("Summary"))
    registry.add_section("arendebeskrivning", _("Description of the matter"))
    registry.add_section("synpunkter", _("The administration's views"))
    registry.add_section("konsekvenser", _("Consequences"), Konsekvenser)
    registry.add_consequence_type("ekonomiska", _("financial"))
    registry.add_consequence_type("juridiska", _("legal"))
    registry.add_consequence_type("miljo", _("environmental"))
    registry.add_consequence_type("barn", _("children"), "subject")
    registry.add_consequence_type("jamstalldhet", _("gender equality"), "subject")
    registry.add_consequence_type("sociala", _("social"))
    registry.add_consequence_type("folkhalsa", _("public health"), "subject")
    registry.add_consequence_type("tillganglighet", _("accessibility"), "subject")
    registry.add_consequence_type("personal", _("staff"), "subject")
    registry.add_consequence_type("landsbygd", _("rural areas"), "subject")
    registry.add_consequence_type("digitalisering", _("digitalisation"), "subject")
    registry.add_consequence_type("risk", _("risks"), "subject")
    registry.add_section("beslutsunderlag", _("Decision basis"))
