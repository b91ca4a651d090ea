"""A body's meeting: ``sammantrade``, ``narvarande``, ``punkt`` and what is
said inside one (``yrkande``, ``omrostning``, ``reservation``,
``protokollsanteckning``, ``jav``), ``justering`` and ``anslag``.

The directives make nodes whose attributes say what the writer declared
(:func:`sphinx_kommun.nodes.mark`); the domain reads the meeting's record
from them.  What depends on other documents (a memo's title and proposal,
the § numbers that run on across a body's meetings) is filled in when the
page is written (:mod:`sphinx_kommun.directives.sammantrade`).

What one directive must know of another while the meeting is read (its
date, who attended, the punkt being read, the justering's date) lives in
``env.temp_data``, which Sphinx clears after each document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from sphinx_kommun.directives import MEETING_READ, PUNKT_READ, KommunDirective, option_spec
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive, option
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.model.meeting import UTFALL, parse_person, parse_vote
from sphinx_kommun.nodes import mark, meeting_header
from sphinx_kommun.present import confidential_matter, outcome_sentence
from sphinx_kommun.profiles import DnrUnchecked, dnr_fullmatch

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_kommun.registry import Registry

#: A diarienummer as municipalities write them: "KS-2019/1097", "KS 2019/270", "KS/2019:12".
DNR_SHAPE = re.compile(r"^[A-ZÅÄÖ]{1,8}[ /-]?\d{2,4}[/:.-]\d{1,6}(-\d+)?$")


class MeetingDirective(KommunDirective):
    """A directive of a meeting file: it knows the meeting being read."""

    @property
    def meeting(self) -> dict[str, Any]:
        return self.env.temp_data.get(MEETING_READ) or {}

    def date_option(self, name: str) -> str:
        """The ISO date of option ``name``; a date that is none is warned of."""
        written = self.options.get(name, "").strip()
        if written and parse_datum(written) is None:
            self.warn(
                str(_("{directive}: {option} {value} is not a date written YYYY-MM-DD")).format(
                    directive=directive(self.name), option=option(name), value=repr(written)
                ),
                "datum",
                name,
            )
            return ""
        return written

    def outside(self, where: str) -> None:
        """Warn that this directive stands outside the ``where`` it belongs in."""
        self.warn(
            str(_("{directive} belongs inside a {where} (it is left out)")).format(
                directive=directive(self.name), where=directive(where)
            ),
            "utanfor",
        )

    def outside_meeting(self) -> None:
        """Warn that this directive stands in a file without a ``sammantrade`` before it."""
        self.warn(
            str(
                _("{directive} belongs in a meeting file, after its {sammantrade} (it is left out)")
            ).format(directive=directive(self.name), sammantrade=directive("sammantrade")),
            "utanfor",
        )

    def not_before(self, name: str, datum: str, earlier: str, subtype: str, message: str) -> None:
        if datum and earlier and datum < earlier:
            self.warn(
                message.format(
                    directive=directive(self.name),
                    option=option(name),
                    date=self.present.datum(datum),
                    earlier=self.present.datum(earlier),
                ),
                subtype,
                name,
            )


class SammantradeDirective(MeetingDirective):
    option_spec = option_spec("instans", "datum", "tid", "plats", "kommun", "forsta-paragraf")
    required = ("instans", "datum")

    def render(self) -> list[Node]:
        if self.meeting:
            self.warn(
                str(
                    _(
                        "{directive} is written once in a meeting file; the first is on "
                        "line {line} (this one is left out)"
                    )
                ).format(directive=directive(self.name), line=self.meeting["line"]),
                "sammantrade",
            )
            return []
        written = self.options.get("kommun") or self.config.kommun_profile
        profile = self.registry.profile(written)
        if written and profile is None:
            self.unknown_key("kommun", written, self.registry.profiles)
        kommun = profile.key if profile else written
        self.env.temp_data[MEETING_READ] = {"kommun": kommun, "line": self.source_line}
        instans = self.options.get("instans", "")
        organ = self.organ(instans)
        if instans and organ is None and profile is not None:
            self.unknown_key("instans", instans, profile.instanser)
        instans = organ.key if organ else instans
        datum = self.date_option("datum")
        first = self.options.get("forsta-paragraf", "").strip()
        if first and not (first.isdigit() and int(first) > 0):
            self.warn(
                str(_("{directive}: {option} {value} is no § number (write 1, 2, …)")).format(
                    directive=directive(self.name),
                    option=option("forsta-paragraf"),
                    value=repr(first),
                ),
                "paragraf",
                "forsta-paragraf",
            )
            first = ""
        self.env.temp_data[MEETING_READ].update(
            instans=instans, datum=datum, people=[], items=0, justering=""
        )
        title = self.present.meeting_title(kommun, instans, datum)
        section = nodes.section(classes=["kommun-sammantrade"])
        section += self.label(title, nodes.title)
        section["names"].append(nodes.fully_normalize_name(title))
        self.state.document.note_implicit_target(section, section)
        header = meeting_header(
            classes=["kommun-arende", "kommun-mote"],
            kommun=kommun,
            instans=instans,
            datum=datum,
            tid=self.options.get("tid", "").strip(),
            forsta_paragraf=int(first) if first else 0,
            line=self.source_line,
        )
        header += self.label(
            self.present.kommun(kommun), nodes.paragraph, classes=["kommun-kommun"]
        )
        header += self.label(
            self.present.organ(kommun, instans), nodes.paragraph, classes=["kommun-forvaltning"]
        )
        # "KALLELSE" or "PROTOKOLL": known once the whole file is read.
        kind = mark(nodes.inline("", ""), "sammantrade-typ")
        header += nodes.paragraph("", "", kind, classes=["kommun-dokumenttyp"], translatable=False)
        facts = nodes.field_list(classes=["kommun-fakta"])
        for label, value in ((_("Date"), self.present.datum(datum)), (_("Time"), header["tid"])):
            if value:
                facts += field(str(label), self.label(value, nodes.paragraph))
        if plats := self.options.get("plats", "").strip():
            facts += field(str(_("Place")), mark(self.text(plats, nodes.paragraph), "plats"))
        header += facts
        section += header
        return [section]


def field(label: str, value: nodes.Element) -> nodes.field:
    name = nodes.field_name(label, label, translatable=False)
    return nodes.field("", name, nodes.field_body("", value))


class NarvarandeDirective(MeetingDirective):
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        if not self.meeting:
            self.outside_meeting()
            return []
        section = mark(self.section(str(_("Present")), "narvarande"), "narvarande")
        listing = nodes.bullet_list(classes=["kommun-narvarande"])
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            person = parse_person(line)
            source, line_offset = self.content.info(offset)
            if person is None:
                self.warn(
                    str(_("{directive}: {line} is not written 'Name (party), role'")).format(
                        directive=directive(self.name), line=repr(line.strip())
                    ),
                    "narvarande",
                    lineno=self.content_offset + offset + 1,
                )
                continue
            self.meeting.setdefault("people", []).append(person)
            text = self.text(" ".join(line.split()), nodes.paragraph)
            text.source, text.line = source, (line_offset or 0) + 1
            listing += mark(
                nodes.list_item("", text),
                "person",
                namn=person.namn,
                parti=person.parti,
                roll=person.roll,
            )
        if not len(listing):
            self.warn_empty("content")
            return []
        section += listing
        return [section]


class PunktDirective(MeetingDirective):
    argument = "title"
    argument_required = True
    takes_content = True
    option_spec = option_spec("utfall", "foredragande", "sekretess")

    def render(self) -> list[Node]:
        if not self.meeting:
            self.outside_meeting()
            return []
        self.meeting["items"] = nummer = self.meeting.get("items", 0) + 1
        written = " ".join(self.arguments[0].split())
        dnr = written if self.is_dnr(written) else ""
        utfall = self.options.get("utfall", "").strip()
        if utfall and utfall not in UTFALL:
            self.unknown_key("utfall", utfall, UTFALL)
            utfall = ""
        sekretess = self.provision()
        hidden = bool(sekretess) and self.present.public
        section = mark(
            nodes.section(classes=["kommun-avsnitt", "kommun-punkt"]),
            "punkt",
            nummer=nummer,
            dnr=dnr,
            utfall=utfall,
            sekretess=sekretess,
            foredragande="" if hidden else self.options.get("foredragande", "").strip(),
            line=self.source_line,
        )
        # "1." in the kallelse, "§ 43" in the protokoll: given when the page is written.
        number = mark(nodes.inline(), "punkt-nummer")
        if hidden:
            # Nothing of a secret item is read into the public edition: its dnr alone.
            words: nodes.Node = nodes.inline(confidential_matter(), confidential_matter())
        elif dnr:
            words = mark(nodes.inline(dnr, dnr), "punkt-titel")
        else:
            words = self.text(written)
        title = nodes.title("", "", number, nodes.Text(" "), words)
        section += title
        section["names"].append(f"punkt-{nummer}")
        self.state.document.note_implicit_target(section, section)
        if dnr:
            section += self.label(f"{_('Ref. no.')} {dnr}", nodes.paragraph, classes=["kommun-dnr"])
        if hidden:
            return [section]
        if sekretess:
            marking = str(_("Secret under {provision}")).format(provision=sekretess)
            section += self.label(marking.upper(), nodes.paragraph, classes=["kommun-sekretess"])
        if foredragande := section["foredragande"]:
            section += self.label(
                str(_("Presented by: {name}")).format(name=foredragande), nodes.paragraph
            )
        # The memo's proposal (kallelse) or decision (protokoll), when the page is written.
        if dnr:
            section += mark(nodes.container(classes=["kommun-punkt-beslut"]), "punkt-forslag")
        if utfall in ("aterremiss", "bordlaggning", "avslag"):
            section += self.label(
                outcome_sentence(utfall), nodes.paragraph, classes=["kommun-utfall"]
            )
        self.env.temp_data[PUNKT_READ] = section
        try:
            section.extend(self.parse_content_to_nodes())
        finally:
            self.env.temp_data.pop(PUNKT_READ, None)
        if utfall == "annat" and not _has_part(section, "punkt-beslut"):
            self.warn(
                str(
                    _(
                        "{directive}: {option} annat needs the decision written as a "
                        "{beslut} inside the item"
                    )
                ).format(
                    directive=directive(self.name),
                    option=option("utfall"),
                    beslut=directive("beslut"),
                ),
                "utfall",
                "utfall",
            )
        return [section]

    def is_dnr(self, text: str) -> bool:
        """Whether the argument is a diarienummer (of the profile's form, where
        it has one) rather than a free title."""
        profile = self.profile
        if profile is not None and profile.dnr_monster:
            try:
                if dnr_fullmatch(profile.dnr_monster, text):
                    return True
            except DnrUnchecked:
                pass
        return DNR_SHAPE.match(text) is not None


def _has_part(tree: nodes.Element, part: str) -> bool:
    return any(
        isinstance(n, nodes.Element) and n.get("kommun_part") == part for n in tree.findall()
    )


class StatementDirective(MeetingDirective):
    """``yrkande``, ``reservation``, ``protokollsanteckning``, ``jav``: what a
    member said or did in one item; argument ``Name (party)``."""

    argument = "title"
    argument_required = True
    takes_content = True
    option_spec = option_spec()
    kind: ClassVar[str] = ""

    def heading(self, name: str) -> str:
        return str(STATEMENT_LINES[self.kind]).format(name=name)

    def render(self) -> list[Node]:
        if PUNKT_READ not in self.env.temp_data:
            self.outside("punkt")
            return []
        name = " ".join(self.arguments[0].split())
        block = mark(
            nodes.container(classes=["kommun-uttalande", f"kommun-{self.kind}"]),
            self.kind,
            namn=name,
        )
        block += nodes.paragraph("", "", nodes.strong("", self.heading(name)), translatable=False)
        block.extend(self.parse_content_to_nodes())
        return [block]


#: What each statement's line says, by kind (the catalog's msgids).
STATEMENT_LINES = {
    "yrkande": _("Motion by {name}"),
    "reservation": _("Reservation by {name}"),
    "protokollsanteckning": _("Note to the minutes by {name}"),
    "jav": _("{name} did not take part in the item because of a conflict of interest (jäv)."),
}


def statement_directive(kind: str) -> type[StatementDirective]:
    """The directive of one kind of statement."""
    return type(f"{kind.capitalize()}Directive", (StatementDirective,), {"kind": kind})


class OmrostningDirective(MeetingDirective):
    takes_content = True
    option_spec = option_spec()

    def render(self) -> list[Node]:
        if PUNKT_READ not in self.env.temp_data:
            self.outside("punkt")
            return []
        counts, bad = parse_vote(self.content)
        for line in bad:
            self.warn(
                str(
                    _("{directive}: {line} is not written 'Ja: N', 'Nej: N' or 'Avstår: N'")
                ).format(directive=directive(self.name), line=repr(line)),
                "omrostning",
            )
        if not counts:
            self.warn_empty("omrostning")
            return []
        ja, nej, avstar = (counts.get(k, 0) for k in ("ja", "nej", "avstar"))
        text = str(_("Vote: {yes} yes, {no} no, {abstain} abstaining")).format(
            yes=ja, no=nej, abstain=avstar
        )
        block = mark(
            nodes.container(classes=["kommun-omrostning"]),
            "omrostning",
            ja=ja,
            nej=nej,
            avstar=avstar,
            line=self.source_line,
        )
        block += self.label(text, nodes.paragraph)
        return [block]


class JusteringDirective(MeetingDirective):
    option_spec = option_spec("justerare", "datum", "omedelbar")

    def render(self) -> list[Node]:
        if not self.meeting:
            self.outside_meeting()
            return []
        datum = self.date_option("datum")
        self.not_before(
            "datum",
            datum,
            self.meeting.get("datum", ""),
            "justering",
            str(_("{directive}: {option} {date} is before the meeting ({earlier})")),
        )
        if datum:
            self.meeting["justering"] = datum
        justerare = tuple(
            n.strip() for n in self.options.get("justerare", "").split(",") if n.strip()
        )
        written = self.options.get("omedelbar", "").replace("§", " ").replace(",", " ").split()
        omedelbar = tuple(int(n) for n in written if n.isdigit())
        if len(omedelbar) != len(written):
            self.warn(
                str(_("{directive}: {option} names § numbers only (as '43, 44')")).format(
                    directive=directive(self.name), option=option("omedelbar")
                ),
                "paragraf",
                "omedelbar",
            )
        section = mark(
            self.section(str(_("Adjustment of the minutes")), "justering"),
            "justering",
            justerare=",".join(justerare),
            datum=datum,
            omedelbar=" ".join(str(n) for n in omedelbar),
            line=self.source_line,
        )
        people = self.meeting.get("people", [])
        chair = next((p.namn for p in people if p.chairs), "")
        secretary = next((p.namn for p in people if p.secretary), "")
        signers = [
            (str(_("Chair")), chair),
            *((str(_("Adjuster")), name) for name in justerare),
            (str(_("Secretary")), secretary),
        ]
        block = mark(nodes.container(classes=["kommun-underskrifter"]), "signaturer")
        for role, name in signers:
            signer = nodes.container(classes=["kommun-underskrift"])
            signer += self.label(name or "\u2003", nodes.paragraph, classes=["kommun-namn"])
            signer += self.label(role, nodes.paragraph, classes=["kommun-titel"])
            block += signer
        if datum:
            section += self.label(
                str(_("Adjusted on {date}")).format(date=self.present.datum(datum)),
                nodes.paragraph,
            )
        if omedelbar:
            numbers = ", ".join(f"§ {n}" for n in omedelbar)
            section += self.label(
                str(_("Adjusted at once: {paragraphs}")).format(paragraphs=numbers),
                nodes.paragraph,
            )
        section += block
        return [section]


class AnslagDirective(MeetingDirective):
    option_spec = option_spec("datum")
    required = ("datum",)

    def render(self) -> list[Node]:
        if not self.meeting:
            self.outside_meeting()
            return []
        datum = self.date_option("datum")
        justering = self.meeting.get("justering", "")
        self.not_before(
            "datum",
            datum,
            justering or self.meeting.get("datum", ""),
            "anslag",
            str(_("{directive}: {option} {date} is before the minutes were adjusted ({earlier})"))
            if justering
            else str(_("{directive}: {option} {date} is before the meeting ({earlier})")),
        )
        section = mark(
            self.section(str(_("Certificate of posting")), "anslag"),
            "anslag",
            datum=datum,
            line=self.source_line,
        )
        posted = parse_datum(datum)
        if posted is None:
            return [section]
        kommun = self.meeting.get("kommun", self.kommun)
        view = self.present.anslag(
            kommun, self.meeting.get("instans", ""), self.meeting.get("datum", ""), datum
        )
        facts = nodes.field_list(classes=["kommun-fakta", "kommun-anslagsbevis"])
        for label, value in view:
            facts += field(label, self.label(value, nodes.paragraph))
        section += facts
        return [section]


def register(registry: Registry) -> None:
    registry.add_directive("sammantrade", SammantradeDirective)
    registry.add_directive("narvarande", NarvarandeDirective)
    registry.add_directive("punkt", PunktDirective)
    registry.add_directive("omrostning", OmrostningDirective)
    for kind in STATEMENT_LINES:
        registry.add_directive(kind, statement_directive(kind))
    registry.add_directive("justering", JusteringDirective)
    registry.add_directive("anslag", AnslagDirective)
