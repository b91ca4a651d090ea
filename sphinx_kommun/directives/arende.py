"""``arende``: the memo header, as on a tjänsteutlåtande's first page."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.domain import Header
from sphinx_kommun.i18n import _, format_datum
from sphinx_kommun.nodes import memo_header

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_datum(value: str) -> dt.date | None:
    """An ISO date (``2019-06-26``) that exists in the calendar, else None."""
    if not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def split_signer(text: str) -> tuple[str, str]:
    """``Maria Strandberg, Översiktsplanerare`` → (name, title)."""
    name, _sep, title = text.partition(",")
    return name.strip(), title.strip()


class Arende(KommunDirective):
    has_content = False
    option_spec = option_spec(
        "kommun", "instans", "forvaltning", "typ", "datum", "dnr", "handlaggare"
    )
    required = ("instans", "datum", "dnr")

    def render(self) -> list[Node]:
        memo = self.memo
        if memo.headers:
            self.warn(
                f"a memo has exactly one arende; the first is on line {memo.headers[0].line}",
                "arende",
            )
            return []
        o = self.options
        kommun = o.get("kommun") or self.config.kommun_profile
        profile = self.registry.profile(kommun)
        valid_kommun = ", ".join(sorted(self.registry.profiles))
        if not kommun:
            self.warn(
                f"arende: :kommun: is required where conf.py sets no kommun_profile "
                f"(valid: {valid_kommun})",
                "missing-option",
            )
        elif profile is None:
            self.warn(
                f"arende: unknown :kommun: {kommun!r} (valid: {valid_kommun})",
                "unknown-key",
                "kommun",
            )
        header = Header(
            kommun=kommun,
            instans=o.get("instans", ""),
            forvaltning=o.get("forvaltning") or (profile.forvaltning if profile else ""),
            typ=o.get("typ") or "tjansteutlatande",
            datum=o.get("datum", ""),
            dnr=o.get("dnr", ""),
            handlaggare=o.get("handlaggare", ""),
            line=self.source_line,
        )
        memo.headers.append(header)
        self.check_header(header)
        return [self.header_node(header)]

    def check_header(self, header: Header) -> None:
        profile = self.profile
        if header.datum and parse_datum(header.datum) is None:
            self.warn(
                f"arende: :datum: {header.datum!r} is not a real ISO date (YYYY-MM-DD)",
                "datum",
                "datum",
            )
        if profile is None:
            return
        pattern = profile.dnr_monster
        if header.dnr and pattern and not re.fullmatch(pattern, header.dnr):
            self.warn(
                f"arende: :dnr: {header.dnr!r} does not match {profile.name('sv')}'s "
                f"pattern {pattern}",
                "dnr",
                "dnr",
            )
        for option, value, valid in (
            ("instans", header.instans, profile.instanser),
            ("forvaltning", header.forvaltning, profile.forvaltningar),
            ("typ", header.typ, self.registry.document_type_keys(profile)),
        ):
            if value and value not in valid:
                self.warn(
                    f"arende: unknown :{option}: {value!r} (valid: {', '.join(sorted(valid))})",
                    "unknown-key",
                    option,
                )

    def header_node(self, header: Header) -> memo_header:
        profile, registry, lang = self.profile, self.registry, self.lang
        node = memo_header(classes=["kommun-arende"])
        kommun = profile.name(lang) if profile else header.kommun
        node += self.label(kommun, nodes.paragraph, classes=["kommun-kommun"])
        forvaltning = profile.forvaltningar.get(header.forvaltning) if profile else None
        node += self.label(
            forvaltning.name(lang) if forvaltning else header.forvaltning,
            nodes.paragraph,
            classes=["kommun-forvaltning"],
        )
        heading = registry.document_heading(profile, header.typ, lang)
        node += self.label(heading.upper(), nodes.paragraph, classes=["kommun-dokumenttyp"])

        fields = nodes.field_list(classes=["kommun-fakta"])
        datum = parse_datum(header.datum)
        for label, value in (
            (_("Date"), format_datum(datum, lang) if datum else header.datum),
            (_("Ref. no."), header.dnr),
        ):
            if value:
                fields += self.field(str(label), self.label(value, nodes.paragraph))
        if header.handlaggare:
            name, title = split_signer(header.handlaggare)
            value = self.label(name, nodes.paragraph)
            if title:
                value += nodes.Text(", ")
                value += self.text(title)
            fields += self.field(str(_("Case officer")), value)
        node += fields

        instans = profile.instanser.get(header.instans) if profile else None
        node += self.label(
            instans.name(lang) if instans else header.instans,
            nodes.paragraph,
            classes=["kommun-mottagare"],
        )
        return node

    @staticmethod
    def field(label: str, value: nodes.Element) -> nodes.field:
        name = nodes.field_name(label, label, translatable=False)  # a label, not the writer's
        return nodes.field("", name, nodes.field_body("", value))


def register(registry: Registry) -> None:
    registry.add_directive("arende", Arende)
    registry.add_document_type(
        "tjansteutlatande",
        _("Officer's report"),
        ("beslut", "sammanfattning", "arendebeskrivning", "konsekvenser"),
    )
    registry.add_document_type(
        "tjansteskrivelse",
        _("Official memorandum"),
        ("beslut", "sammanfattning", "arendebeskrivning"),
    )
