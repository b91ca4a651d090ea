"""A memo's data as a reader sees it, in the build's language: the one place
that turns keys, ISO dates and profiles into names, dates and headings.

The memo's header on its page, the PDF's first page and running header, the
JSON export, the decision register and the memo index all ask a
:class:`Presenter`, so they cannot drift apart.  Nothing here parses or
writes a document; it takes records and gives strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx_kommun.i18n import _, format_datum, join_words, lower_first, ngettext, upper_first
from sphinx_kommun.languages import language
from sphinx_kommun.model.dates import last_day_of_appeal, notice_down_date, parse_datum
from sphinx_kommun.registry import label_text, registry_for

if TYPE_CHECKING:
    from sphinx.config import Config

    from sphinx_kommun.model.memo import Beslut, Header, MemoRecord
    from sphinx_kommun.model.profile import Organ, Profile
    from sphinx_kommun.registry import ConsequenceType, Registry


#: An e-mail address as a memo gives one: no blanks, one @, a dot in the domain.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class HeaderView:
    """A memo's header in words: what the first page shows and the PDF records."""

    kommun: str
    forvaltning: str
    dokumenttyp: str
    datum: str
    dnr: str
    handlaggare: str
    handlaggare_titel: str
    mottagare: str
    telefon: str = ""
    epost: str = ""

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The labelled facts beside the document type: date, dnr, case officer
        and how to reach them."""
        officer = ", ".join(p for p in (self.handlaggare, self.handlaggare_titel) if p)
        found = (
            (_("Date"), self.datum),
            (_("Ref. no."), self.dnr),
            (_("Case officer"), officer),
            (_("Phone"), self.telefon),
            (_("E-mail"), self.epost),
        )
        return tuple((str(label), value) for label, value in found if value)

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(k for k in (self.dokumenttyp, self.kommun, self.mottagare, self.dnr) if k)


class Presenter:
    """Names and words for one build's language and edition: in the public
    edition (the default) a secret matter is named by what may be told of it."""

    def __init__(self, registry: Registry, lang: str | None, *, public: bool = True) -> None:
        self.registry = registry
        self.lang = lang
        self.public = public

    @classmethod
    def of(cls, config: Config) -> Presenter:
        """The presenter of the build that ``config`` is of."""
        return cls(
            registry_for(config),
            config.language,
            public=config.kommun_publicering != "intern",
        )

    def secrecy_marking(self, header: Header, provision: str | None = None) -> str:
        """The sekretessmarkering of the internal edition: the provision, the
        date and the authority (the issuing administration)."""
        return str(_("Secret under {provision}, {date}, {authority}")).format(
            provision=provision or header.sekretess,
            date=self.datum(header.datum),
            authority=self.organ(header.kommun, header.forvaltning),
        )

    def profile(self, key: str) -> Profile | None:
        return self.registry.profile(key)

    def kommun(self, key: str) -> str:
        profile = self.profile(key)
        return profile.name(self.lang) if profile else key

    def organ(self, kommun: str, key: str) -> str:
        """The name of a body or administration of ``kommun``; the key when unknown."""
        profile = self.profile(kommun)
        organ = profile.organ(key) if profile else None
        return organ.name(self.lang) if organ else key

    def datum(self, written: str) -> str:
        """``2019-06-26`` → "26 juni 2019"; anything that is no date stays as written."""
        datum = parse_datum(written)
        return format_datum(datum, self.lang) if datum else written

    def document_type(self, kommun: str, typ: str) -> str:
        return self.registry.document_heading(self.profile(kommun), typ, self.lang)

    def header(self, header: Header) -> HeaderView:
        return HeaderView(
            kommun=self.kommun(header.kommun),
            forvaltning=self.organ(header.kommun, header.forvaltning),
            dokumenttyp=self.document_type(header.kommun, header.typ),
            datum=self.datum(header.datum),
            dnr=header.dnr,
            handlaggare=header.handlaggare,
            handlaggare_titel=header.handlaggare_titel,
            mottagare=self.organ(header.kommun, header.instans),
            telefon=header.telefon,
            epost=header.epost,
        )

    def title(self, record: MemoRecord) -> str:
        """A memo's title as its page, a register, an index, the PDF or an
        export shows it: the writer's; for a memo written without one (warned
        of), its document type and dnr ("Tjänsteutlåtande KS-2019/1097")
        rather than the first heading the extension wrote ("Förslag till
        beslut"); in the public edition, a secret matter is named as one."""
        if record.secret and self.public:
            return confidential_matter()
        header = record.header
        if record.title or header is None:
            return record.title or record.docname
        if not header.dnr:
            return record.docname
        return str(_("{document_type} {dnr}")).format(
            document_type=self.document_type(header.kommun, header.typ), dnr=header.dnr
        )

    # -- meetings --------------------------------------------------------------------

    def meeting_title(self, kommun: str, instans: str, datum: str) -> str:
        """ "Kommunstyrelsens sammanträde 12 mars 2025"."""
        profile = self.profile(kommun)
        organ = profile.organ(instans) if profile else None
        return str(_("Meeting of the {name}, {date}")).format(
            name=organ.name(self.lang) if organ else instans,
            genitive=organ.genitiv if organ else instans,
            date=self.datum(datum),
        )

    @staticmethod
    def meeting_kind(protokoll: bool) -> str:
        """ "Protokoll" once the meeting has an outcome, "Kallelse" before."""
        return str(_("Minutes") if protokoll else _("Notice of meeting"))

    @staticmethod
    def outcome(utfall: str) -> str:
        """What became of an item, in a word: "Bifall", "Återremiss", …"""
        words = {
            "enligt-forslag": _("As proposed"),
            "annat": _("Other decision"),
            "aterremiss": _("Referred back"),
            "bordlaggning": _("Postponed"),
            "avslag": _("Rejected"),
        }
        return str(words[utfall]) if utfall in words else ""

    def handled(self, kommun: str, instans: str, datum: str, paragraf: int | None) -> str:
        """ "Kommunstyrelsen 12 mars 2025, § 43" (without the § before the protokoll)."""
        text = f"{self.organ(kommun, instans)} {self.datum(datum)}"
        return f"{text}, § {paragraf}" if paragraf else text

    def anslag(
        self, kommun: str, instans: str, meeting: str, posted: str
    ) -> tuple[tuple[str, str], ...]:
        """The anslagsbevis's facts: the body, the meeting's date, the day of
        posting, the last day of appeal and the day the notice may come down
        (computed: :mod:`sphinx_kommun.model.dates`)."""
        day = parse_datum(posted)
        if day is None:
            return ()
        last = last_day_of_appeal(day)
        return (
            (str(_("Body")), self.organ(kommun, instans)),
            (str(_("Date of the meeting")), self.datum(meeting)),
            (str(_("Posted on the notice board on")), self.datum(posted)),
            (str(_("Last day of appeal")), format_datum(last, self.lang)),
            (
                str(_("The notice may be taken down on")),
                format_datum(notice_down_date(day), self.lang),
            ),
        )

    def decision_heading(self, kommun: str, beslut: Beslut) -> str:
        profile = self.profile(kommun)
        instans = profile.organ(beslut.instans) if profile else None
        till = profile.organ(beslut.till) if profile and beslut.till else None
        return decision_heading(instans, till, beslut.instans, self.lang)

    def consequence_name(self, key: str, kommun: str = "") -> str:
        """The word of consequence type ``key``, of ``kommun``'s profile when it has its own."""
        known = self.registry.consequence_types_for(self.profile(kommun)).get(key)
        return label_text(known.word, self.lang) if known else key

    def recipient(self, key: str, own: Profile | None) -> str | None:
        """The official name a ``delges`` key stands for: a municipality, one
        of its bodies (``huddinge:kommunstyrelsen``), or a body of the memo's
        own municipality; None for a key that names nothing."""
        kommun_key, _sep, organ_key = key.partition(":")
        profile = self.registry.profile(kommun_key)
        if profile is not None:
            if not organ_key:
                return profile.name(self.lang)
            organ = profile.organ(organ_key)
            if organ is None:
                return None
            if own is not None and profile.key == own.key:
                return organ.name(self.lang)
            return f"{organ.name(self.lang)}, {profile.name(self.lang)}"
        organ = own.organ(key) if own is not None and not organ_key else None
        return organ.name(self.lang) if organ else None


def decision_heading(
    instans: Organ | None, till: Organ | None, fallback: str, lang: str | None
) -> str:
    """ "Kommunstyrelsens beslut" / "Kommunstyrelsens förslag till kommunfullmäktige"."""
    name = instans.name(lang) if instans else fallback
    genitive = instans.genitiv if instans else fallback
    if till is None:
        return _("Decision of the {name}").format(name=name, genitive=genitive)
    to = lower_first(till.namn) if language(lang) == "sv" else till.en
    return _("Proposal of the {name} to the {to}").format(name=name, genitive=genitive, to=to)


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


def outcome_sentence(utfall: str) -> str:
    """What the protokoll says of an item the body did not decide as proposed."""
    sentences = {
        "aterremiss": _("The matter is referred back for further preparation."),
        "bordlaggning": _("The matter is postponed (bordlagt) to a later meeting."),
        "avslag": _("The proposal is rejected."),
    }
    return str(sentences[utfall]) if utfall in sentences else ""


def confidential_matter() -> str:
    """What the public edition says of a secret matter, beside its dnr."""
    return str(_("Confidential matter"))


def masked(provision: str) -> str:
    """The mark that stands for masked text in the public edition."""
    return str(_("[masked under {provision}]")).format(provision=provision)


def secret_appendix() -> str:
    """What the public edition lists for a secret appendix, beside its number."""
    return str(_("Confidential appendix"))


def appendices_heading(count: int) -> str:
    return ngettext("Appendix", "Appendices", count)


def appendix_label(number: int) -> str:
    return str(_("Appendix {number}.")).format(number=number)


def appendix_reference(number: int) -> str:
    return str(_("appendix {number}")).format(number=number)


def footer_parts(profile: Profile | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The municipality's addresses, and its phone, e-mail and web site, as on
    its letters.  The postal address is written as the municipality writes it
    ("Haninge kommun, 136 81 Haninge"), so nothing else names it again."""
    if profile is None:
        return (), ()
    addresses = tuple(
        f"{label}: {value}"
        for label, value in (
            (_("Postal address"), profile.postadress),
            (_("Visiting address"), profile.besoksadress),
        )
        if value
    )
    phone = f"{_('Phone')}: {profile.telefon}" if profile.telefon else ""
    web = re.sub(r"^https?://", "", profile.webbplats).rstrip("/")
    return addresses, tuple(c for c in (phone, profile.epost, web) if c)


def footer_lines(profile: Profile | None) -> tuple[str, ...]:
    """The footer of a web page: the addresses on one line, the contacts on another."""
    addresses, contacts = footer_parts(profile)
    return tuple(line for line in (" · ".join(addresses), " · ".join(contacts)) if line)


def paper_footer_lines(profile: Profile | None) -> tuple[str, ...]:
    """The footer of a printed page: one address a line, then phone and web
    site, then the e-mail address; short lines that no reader takes for the
    memo's text (and that fit the margin)."""
    addresses, contacts = footer_parts(profile)
    if profile is None:
        return ()
    phone_web = [c for c in contacts if c != profile.epost]
    lines = [*addresses, " · ".join(phone_web), profile.epost]
    return tuple(line for line in lines if line)
