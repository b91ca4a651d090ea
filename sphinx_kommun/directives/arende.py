"""``arende``: the memo header, as on a tjänsteutlåtande's first page."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_kommun.directives import ARENDE_READ, KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive, hint, option
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.model.keys import find_key
from sphinx_kommun.model.memo import Header, split_signer
from sphinx_kommun.nodes import mark, memo_header
from sphinx_kommun.present import EMAIL
from sphinx_kommun.profiles import DnrUnchecked, dnr_fullmatch, line_in

#: A phone number: digits, with the blanks, hyphens, parentheses and + of its groups.
PHONE = re.compile(r"\+?[\d\s()-]*\d[\d\s()-]*")

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.model.profile import Profile
    from sphinx_kommun.registry import Registry


class Arende(KommunDirective):
    option_spec = option_spec(
        "kommun",
        "instans",
        "forvaltning",
        "typ",
        "datum",
        "dnr",
        "handlaggare",
        "telefon",
        "epost",
        "sekretess",
    )
    required = ("instans", "datum", "dnr")

    def render(self) -> list[Node]:
        first = self.env.temp_data.get(ARENDE_READ)
        if first is not None:
            self.warn(
                str(
                    _(
                        "{directive} is written once in a memo; the first is on line "
                        "{line} (this one is left out)"
                    )
                ).format(directive=directive(self.name), line=first["line"]),
                "arende",
            )
            return []
        o = self.options
        written = o.get("kommun") or self.config.kommun_profile
        profile = self.registry.profile(written)
        if not written:
            self.warn(
                str(
                    _("{directive} needs {option} where conf.py sets no kommun_profile ({hint})")
                ).format(
                    directive=directive(self.name),
                    option=option("kommun"),
                    hint=hint("", self.registry.profiles),
                ),
                "missing-option",
            )
        elif profile is None:
            self.unknown_key("kommun", written, self.registry.profiles)
        kommun = profile.key if profile else written
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
            telefon=" ".join(o.get("telefon", "").split()),
            epost=o.get("epost", "").strip(),
        )
        read = self.env.temp_data[ARENDE_READ] = {
            "kommun": kommun,
            "line": header.line,
            "sekretess": header.sekretess,
        }
        header = self.check_header(header)
        read["instans"], read["header"] = header.instans, header
        return [self.header_node(header)]

    def check_header(self, header: Header) -> Header:
        """Warn of what the header gets wrong; the header with its keys as the
        profile spells them (``Kommunstyrelsen`` is ``kommunstyrelsen``)."""
        profile = self.profile
        if header.datum and parse_datum(header.datum) is None:
            self.warn(self.datum_problem(header.datum), "datum", "datum")
        contacts = (
            (
                "epost",
                EMAIL,
                _(
                    "{directive}: {option} {value} is no e-mail address "
                    "(write it as, for example, fornamn.efternamn@kommun.se)"
                ),
            ),
            (
                "telefon",
                PHONE,
                _(
                    "{directive}: {option} {value} is no phone number "
                    "(write it as, for example, 08-606 70 00)"
                ),
            ),
        )
        for name, shape, message in contacts:
            value = getattr(header, name)
            if value and not shape.fullmatch(value):
                shown = {"directive": directive(self.name), "option": option(name)}
                self.warn(str(message).format(**shown, value=repr(value)), name, name)
        if profile is None:
            return header
        if header.dnr and profile.dnr_monster:
            self.check_dnr(header.dnr, profile)
        keys: dict[str, Any] = {}
        for option_name, value, valid in (
            ("instans", header.instans, profile.instanser),
            ("forvaltning", header.forvaltning, profile.forvaltningar),
            ("typ", header.typ, dict.fromkeys(self.registry.document_type_keys(profile))),
        ):
            found = find_key(valid, value) if value else None
            if found is not None:
                keys[option_name] = found[0]
            elif value:
                self.unknown_key(option_name, value, valid)
        return replace(header, **keys)

    def check_dnr(self, dnr: str, profile: Profile) -> None:
        """The dnr against the profile's ``dnr_monster``, within a length cap and a
        time bound; a pattern that runs away is a warning on the profile too,
        and the memo is read on.  A dnr of the wrong form is shown the
        profile's example (``dnr_exempel``), never the pattern."""
        pattern = profile.dnr_monster
        shown = {"directive": directive(self.name), "option": option("dnr")}
        try:
            matches = dnr_fullmatch(pattern, dnr)
        except DnrUnchecked as exc:
            self.warn(
                str(_("{directive}: {option} could not be checked: {problem}")).format(
                    **shown, problem=exc.message
                ),
                "dnr",
                "dnr",
            )
            if exc.profile_at_fault:
                where = f"{profile.path}:{line_in(profile.path, ['dnr_monster'])}"
                warn(
                    str(_("profile {key}: dnr_monster: {problem}")).format(
                        key=repr(profile.key), problem=exc.message
                    ),
                    "profile",
                    where,
                )
            return
        if matches:
            return
        if profile.dnr_exempel:
            message = _(
                "{directive}: {option} {dnr} is not written as {kommun} writes a "
                "diarienummer: write it as, for example, {example}"
            )
        else:
            message = _(
                "{directive}: {option} {dnr} is not written as {kommun} writes a "
                "diarienummer (its profile's dnr_monster)"
            )
        self.warn(
            str(message).format(
                **shown,
                dnr=repr(dnr),
                kommun=profile.name(self.lang),
                example=profile.dnr_exempel,
            ),
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
        for name in ("telefon", "epost"):  # only where written: a header without keeps its shape
            if value := getattr(header, name):
                node[name] = value
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
            # Where the case officer was written, for a warning about it.
            value.source, value.line = self.state_machine.get_source_and_line(
                self.option_line("handlaggare")
            )
            if header.handlaggare_titel:
                value += nodes.Text(", ")
                value += mark(self.text(header.handlaggare_titel), "handlaggare-titel")
            fields += self.field(str(_("Case officer")), value)
        if header.telefon:
            fields += self.field(str(_("Phone")), self.label(header.telefon, nodes.paragraph))
        if header.epost and EMAIL.fullmatch(header.epost):
            address = nodes.reference(header.epost, header.epost, refuri=f"mailto:{header.epost}")
            fields += self.field(str(_("E-mail")), nodes.paragraph("", "", address))
        elif header.epost:
            fields += self.field(str(_("E-mail")), self.label(header.epost, nodes.paragraph))
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
    # A body's answer to a consultation, to a motion or a citizens' proposal,
    # and a decision taken under delegation: a profile may word each its own
    # way and ask for other sections (its ``dokumenttyper``).
    answer = ("beslut", "sammanfattning", "arendebeskrivning", "synpunkter")
    registry.add_document_type("yttrande", _("Statement"), answer)
    registry.add_document_type("remissvar", _("Consultation response"), answer)
    registry.add_document_type("svar-pa-motion", _("Response to a motion"), answer)
    registry.add_document_type(
        "svar-pa-medborgarforslag", _("Response to a citizens' proposal"), answer
    )
    registry.add_document_type(
        "delegationsbeslut", _("Delegated decision"), ("beslut", "arendebeskrivning")
    )
