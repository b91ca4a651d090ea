"""The prose sections of a memo: ``sammanfattning``, ``arendebeskrivning``,
``synpunkter`` (and any a plugin adds), and ``konsekvenser``, whose heading is
built from its types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.i18n import _, join_words, upper_first
from sphinx_kommun.registry import label_text

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import ConsequenceType, Registry


class SectionDirective(KommunDirective):
    """A section with a heading from the registry; ``:titel:`` gives another."""

    has_content = True
    option_spec = option_spec("titel")
    key = ""

    def heading(self) -> str:
        return label_text(self.registry.sections[self.key].heading, self.lang)

    def render(self) -> list[Node]:
        titel = self.options.get("titel")
        section = self.section(titel or self.heading(), self.key, translatable=bool(titel))
        section.extend(self.parse_content_to_nodes(allow_section_headings=True))
        self.memo.sections.append((self.key, self.source_line))
        return [section]


def section_directive(key: str) -> type[SectionDirective]:
    """The directive class for section type ``key``."""
    return type(f"Section_{key}", (SectionDirective,), {"key": key})


def consequence_heading(types: list[ConsequenceType], lang: str | None) -> str:
    """``ekonomiska, juridiska`` → "Ekonomiska och juridiska konsekvenser";
    ``barn`` → "Konsekvenser för barn"; both kinds → joined with "samt"."""
    adjectives = [label_text(t.word, lang) for t in types if t.kind == "adjective"]
    subjects = [label_text(t.word, lang) for t in types if t.kind == "subject"]
    parts = []
    if adjectives:
        parts.append(_("{kinds} consequences").format(kinds=join_words(adjectives, lang)))
    if subjects:
        parts.append(_("consequences for {subjects}").format(subjects=join_words(subjects, lang)))
    if not parts:
        return str(_("Consequences"))
    joined = (
        parts[0]
        if len(parts) == 1
        else str(_("{first} and {second}")).format(first=parts[0], second=parts[1])
    )
    return upper_first(joined)


class Konsekvenser(SectionDirective):
    option_spec = option_spec("titel", "typ")
    key = "konsekvenser"

    def heading(self) -> str:
        known = self.registry.consequence_types
        types = []
        for word in (w.strip() for w in self.options.get("typ", "").split(",")):
            if word in known:
                types.append(known[word])
                self.memo.konsekvenser.append(word)
            elif word:
                self.warn(
                    f"konsekvenser: unknown :typ: {word!r} (valid: {', '.join(sorted(known))})",
                    "unknown-key",
                    "typ",
                )
        return consequence_heading(types, self.lang)


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
