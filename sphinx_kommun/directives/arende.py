"""``arende``: the memo header, as on a tjänsteutlåtande's first page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import ARENDE_READ, KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.model.memo import Header, split_signer
from sphinx_kommun.nodes import mark, memo_header
from sphinx_kommun.profiles import DnrUnchecked, dnr_fullmatch, line_in

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.model.profile import Profile
    from sphinx_kommun.registry import Registry


class Arende(KommunDirective):
    option_spec = option_spec(
        "kommun", "instans", "forvaltning", "typ", "datum", "dnr", "handlaggare", "sekretess"
    )
    required = ("instans", "datum", "dnr")

    def render(self) -> list[Node]:
        first = self.env.temp_data.get(ARENDE_READ)
        if first is not None:
            self.warn(
                f"a memo has exactly one arende; the first is on line {first['line']}",
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
        name, titel = split_signer(o.get("handlaggare", ""))
        header = Header(
            kommun=kommun,
            instans=o.get("instans", ""),
            forvaltning=o.get("forvaltning") or (profile.forvaltning if profile else ""),
            typ=o.get("typ") or "tjansteutlatande",
            datum=o.get("datum", ""),
            dnr=o.get("dnr", ""),
            handlaggare=name,
            handlaggare_titel=titel,
            line=self.source_line,
            sekretess=self.provision(),
        )
        self.env.temp_data[ARENDE_READ] = {
            "kommun": kommun,
            "instans": header.instans,
            "line": header.line,
            "sekretess": header.sekretess,
            "header": header,
        }
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
        if header.dnr and profile.dnr_monster:
            self.check_dnr(header.dnr, profile)
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

    def check_dnr(self, dnr: str, profile: Profile) -> None:
        """The dnr against the profile's ``dnr_monster``, within a length cap and a
        time bound; a pattern that runs away is a warning on the profile too,
        and the memo is read on."""
        pattern = profile.dnr_monster
        try:
            matches = dnr_fullmatch(pattern, dnr)
        except DnrUnchecked as exc:
            self.warn(f"arende: :dnr: could not be checked: {exc.message}", "dnr", "dnr")
            if exc.profile_at_fault:
                where = f"{profile.path}:{line_in(profile.path, ['dnr_monster'])}"
                warn(f"profile {profile.key!r}: dnr_monster: {exc.message}", "profile", where)
            return
        if not matches:
            self.warn(
                f"arende: :dnr: {dnr!r} does not match {profile.name('sv')}'s pattern {pattern}",
                "dnr",
                "dnr",
            )

    def header_node(self, header: Header) -> memo_header:
        """The header as the page shows it; its attributes are the keys as written,
        for the domain."""
        view = self.present.header(header)
        node = memo_header(
            classes=["kommun-arende"],
            kommun=header.kommun,
            instans=header.instans,
            forvaltning=header.forvaltning,
            typ=header.typ,
            datum=header.datum,
            dnr=header.dnr,
            handlaggare=header.handlaggare,
            line=header.line,
            sekretess=header.sekretess,
        )
        node += self.label(view.kommun, nodes.paragraph, classes=["kommun-kommun"])
        node += self.label(view.forvaltning, nodes.paragraph, classes=["kommun-forvaltning"])
        node += self.label(
            view.dokumenttyp.upper(), nodes.paragraph, classes=["kommun-dokumenttyp"]
        )

        fields = nodes.field_list(classes=["kommun-fakta"])
        for label, value in ((_("Date"), view.datum), (_("Ref. no."), view.dnr)):
            if value:
                fields += self.field(str(label), self.label(value, nodes.paragraph))
        if header.handlaggare:
            value = self.label(header.handlaggare, nodes.paragraph)
            if header.handlaggare_titel:
                value += nodes.Text(", ")
                value += mark(self.text(header.handlaggare_titel), "handlaggare-titel")
            fields += self.field(str(_("Case officer")), value)
        node += fields
        node += self.label(view.mottagare, nodes.paragraph, classes=["kommun-mottagare"])
        if header.sekretess and not self.present.public:
            marking = self.present.secrecy_marking(header).upper()
            node += self.label(marking, nodes.paragraph, classes=["kommun-sekretess"])
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
