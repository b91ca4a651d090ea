"""What goes into an archive package, as plain values.

The ``kommunarkiv`` builder fills these from the memo records and the profile; the
writer (:func:`sphinx_kommun.archive.write_package`) turns them into a package.
Each field says which element it becomes, so that the builder need not guess:

``ERMS``
    ``representations/rep1/data/erms.xml``, the FGS Ärendehantering 2.0 (CITS ERMS v3)
    description. CITS ERMS 3.0 §3.2 places it among the representation's data.
``METS``
    the root ``METS.xml`` (E-ARK CSIP/SIP 2.1, FGS Paketstruktur 2.0).
``PREMIS``
    ``metadata/preservation/premis.xml``.

The values are checked when they are made, so that a package that cannot be
archived (a case without a diarienummer, a time without a zone) fails where it is
built rather than deep inside the writer.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_kommun.version import __version__


class RecordType(enum.StrEnum):
    """The kinds of document a case holds: ERMS ``record/@recordType``.

    CITS ERMS leaves the values to the parties; the package's documentation lists
    these. Any other string is written as given.
    """

    TJANSTEUTLATANDE = "tjänsteutlåtande"
    TJANSTESKRIVELSE = "tjänsteskrivelse"
    BILAGA = "bilaga"
    PROTOKOLLSUTDRAG = "protokollsutdrag"


class DecisionKind(enum.StrEnum):
    """What a case's ``action`` records: ERMS ``action/actionType``.

    A memo proposes a decision; the body takes it at a meeting, and the
    protokollsutdrag says what it decided. Until then the action is the proposal.
    """

    BESLUT = "beslut"
    FORSLAG = "förslag till beslut"


class Status(enum.StrEnum):
    """A case's state: ERMS ``aggregation/status/@value`` (the schema's own list)."""

    AD_ACTA = "ad_acta"
    CLOSED = "closed"
    EXPEDITED = "expedited"
    INITIATED = "initiated"
    IN_PROGRESS = "in_progress"
    OBLITERATED = "obliterated"
    ON_HOLD = "on_hold"
    OPEN = "open"
    PREPARED = "prepared"
    RECEIVED = "received"


@dataclass(frozen=True)
class Organisation:
    """A municipality or one of its agencies.

    As the record creator (arkivbildare): ERMS ``control/identification`` of types
    ``arkivbildare``, ``organisationsnummer`` and ``kommunkod``; METS
    ``metsHdr/agent[@ROLE='ARCHIVIST']``; the PREMIS organisation agent. As another
    agency, see the fields of :class:`Package` that hold it.
    """

    #: ``agent/name`` in METS, ``agencyName`` or ``identification`` in ERMS,
    #: ``agentName`` in PREMIS.
    name: str
    #: "212000-0142": METS ``agent/note[@csip:NOTETYPE='IDENTIFICATIONCODE']`` as
    #: ``ORG:2120000142`` (the FGS form); ERMS ``agencyCode[@type='organisationsnummer']``
    #: or ``identification``; PREMIS ``agentIdentifier``.
    organisationsnummer: str = ""
    #: "0140": ERMS ``control/identification[@identificationType='kommunkod']``.
    kommunkod: str = ""

    def __post_init__(self) -> None:
        _require(self.name, "an organisation needs a name")


@dataclass(frozen=True)
class Software:
    """The program that made the package: METS ``agent[@OTHERTYPE='SOFTWARE']``
    (``name`` and the ``SOFTWARE VERSION`` note), the PREMIS software agent
    (``agentName``, ``agentVersion``) and ERMS ``maintenanceEvent/agent``."""

    name: str = "sphinx-kommun"
    version: str = __version__


@dataclass(frozen=True)
class Person:
    """Someone who handled or signed a document: an ERMS ``record/agents/agent``.

    The record field that holds the person gives ``@agentType``; the agent's
    ``organisation`` is the record creator's name.
    """

    #: ERMS ``agent/name``.
    name: str
    #: The person's title, "Handläggare", "Kommundirektör": ERMS ``agent/role``.
    role: str = ""
    #: The förvaltning or unit: ERMS ``agent/unitName``.
    unit: str = ""

    def __post_init__(self) -> None:
        _require(self.name, "a person needs a name")


@dataclass(frozen=True)
class Restriction:
    """A secret part: ERMS ``restriction[@restrictionType='confidential']``."""

    #: The provision, "OSL 26 kap. 1 §": ERMS ``restriction/regulation``.
    provision: str
    #: What is secret and why, in words: ERMS ``restriction/explanatoryText``.
    explanation: str = ""

    def __post_init__(self) -> None:
        _require(self.provision, "a restriction needs the provision it rests on")


@dataclass(frozen=True)
class RecordFile:
    """One file of a document.

    It is copied to ``representations/rep1/data/<case folder>/<portable name>``,
    where the portable name is :attr:`name` in lower-case ASCII letters, digits,
    ``.``, ``_`` and ``-``. It becomes a ``file`` in the representation's METS (with
    SHA-256 and MIME type), a PREMIS ``object`` (fixity, size, format,
    ``originalName``) and an ERMS ``record/additionalInformation/appendix`` (``@name``
    is :attr:`name`, ``@path`` the portable path relative to ``erms.xml``).
    """

    #: The file on disk.
    source: Path
    #: The file's name as the writer knows it, "Bilaga 2 Karta.pdf".
    name: str

    def __post_init__(self) -> None:
        _require(self.name, "a file needs a name")


@dataclass(frozen=True)
class Record:
    """One document of a case (the memo's PDF, an appendix, a protokollsutdrag):
    an ERMS ``record`` inside the case's ``aggregation``."""

    #: ERMS ``record/title``: the real title, even where it is secret.
    title: str
    #: ERMS ``record/@recordType``; see :class:`RecordType`.
    record_type: str
    #: ERMS ``record/dates/date[@dateType='created']`` (mandatory in ERMS).
    created: dt.date
    #: The document's files, in order.
    files: tuple[RecordFile, ...]
    #: ERMS ``record/otherTitle[@titleType='offentlig_titel']``: the title that may
    #: be shown where :attr:`title` is secret.
    public_title: str = ""
    #: ERMS ``record/dates/date[@dateType='decision']``.
    decided: dt.date | None = None
    #: The handläggare: ERMS ``agent[@agentType='responsible_person']``.
    responsible_person: Person | None = None
    #: The first signature of ``underskrift``: ERMS ``agent[@agentType='main_signatory']``.
    main_signatory: Person | None = None
    #: The other signatures: ERMS ``agent[@agentType='other_signatory']``, in order.
    other_signatories: tuple[Person, ...] = ()
    #: ERMS ``record/restriction``, one per secret part.
    restrictions: tuple[Restriction, ...] = ()
    #: ERMS ``record/description``: a short summary.
    description: str = ""

    def __post_init__(self) -> None:
        _require(self.title, "a record needs a title")
        _require(self.record_type, "a record needs a type")
        _tuples(self, "files", "other_signatories", "restrictions")
        if not self.files:
            raise ValueError(f"the record {self.title!r} has no file")


@dataclass(frozen=True)
class Case:
    """One diarienummer: an ERMS ``aggregation[@aggregationType='caseFile']``."""

    #: The diarienummer, "KS 2025/101": ERMS ``aggregation/objectId``.
    dnr: str
    #: ERMS ``aggregation/title``: the real title, even where it is secret.
    title: str
    #: ERMS ``aggregation/status/@value``.
    status: Status
    #: The case's documents: ERMS ``aggregation/record``, in order.
    records: tuple[Record, ...]
    #: When the case was opened: ERMS ``aggregation/dates/date[@dateType='created']``
    #: (mandatory in ERMS). Left out, the earliest record's date stands in.
    opened: dt.date | None = None
    #: ERMS ``aggregation/dates/date[@dateType='decision']`` and the decision's
    #: ``action/dates/actionDate[@dateType='decision']``.
    decided: dt.date | None = None
    #: The decision's words: ERMS ``aggregation/action/actionText``. Empty: no ``action``.
    decision: str = ""
    #: ERMS ``aggregation/action/actionType``: a decision taken, or the memo's
    #: proposal where no protokollsutdrag says what was decided.
    decision_kind: DecisionKind = DecisionKind.BESLUT
    #: The body that decided, "Kommunstyrelsen": the action's
    #: ``agent[@agentType='other'][@otherAgentType='beslutsinstans']``.
    decided_by: str = ""
    #: ERMS ``aggregation/otherTitle[@titleType='offentlig_titel']``; also the title
    #: that METS, PREMIS and the documentation show.
    public_title: str = ""
    #: ERMS ``aggregation/restriction``, one per secret part of the case.
    restrictions: tuple[Restriction, ...] = ()

    def __post_init__(self) -> None:
        _require(self.dnr, "a case needs its diarienummer")
        _require(self.title, f"the case {self.dnr} needs a title")
        _tuples(self, "records", "restrictions")

    @property
    def opening_date(self) -> dt.date | None:
        """The date ERMS records as the case's creation."""
        if self.opened is not None:
            return self.opened
        return min((record.created for record in self.records), default=None)


@dataclass(frozen=True)
class Package:
    """The whole package: one per project, or per chosen period."""

    #: A short name of the contents, "Kommunstyrelsen 2025": METS ``mets/@LABEL``.
    label: str
    #: The arkivbildare; see :class:`Organisation`.
    record_creator: Organisation
    #: When the package was made; every date in the package's own metadata is this
    #: one (METS ``CREATEDATE`` and ``CREATED``, the PREMIS event, the ERMS
    #: maintenance event, the times inside a zip or tar). It must carry a zone; from
    #: ``SOURCE_DATE_EPOCH`` where that is set.
    created: dt.datetime
    #: ERMS ``aggregations/aggregation``, in order; one per diarienummer.
    cases: tuple[Case, ...]
    #: Who hands the package over: METS ``agent[@ROLE='OTHER'][@OTHERROLE='SUBMITTER']``
    #: (E-ARK SIP's submitting agent). Left out: the record creator.
    submitting_agency: Organisation | None = None
    #: Who made the ERMS document: ERMS ``control/maintenanceInformation/maintenanceAgency``.
    #: Left out: the record creator.
    maintenance_agency: Organisation | None = None
    #: The e-archive that will keep it: METS ``agent[@ROLE='PRESERVATION']``, optional.
    preservation_agency: Organisation | None = None
    #: The leveransöverenskommelse's reference: METS
    #: ``altRecordID[@TYPE='SUBMISSIONAGREEMENT']``, optional.
    submission_agreement: str = ""
    software: Software = field(default_factory=Software)

    def __post_init__(self) -> None:
        _require(self.label, "a package needs a label")
        _tuples(self, "cases")
        if self.created.tzinfo is None or self.created.utcoffset() is None:
            raise ValueError("the package's created time needs a time zone")
        if not self.cases:
            raise ValueError("a package needs at least one case")
        seen: set[str] = set()
        for case in self.cases:
            if case.dnr in seen:
                raise ValueError(f"the diarienummer {case.dnr} appears in two cases")
            seen.add(case.dnr)

    @property
    def submitter(self) -> Organisation:
        return self.submitting_agency or self.record_creator

    @property
    def maintainer(self) -> Organisation:
        return self.maintenance_agency or self.record_creator


def _require(value: str, message: str) -> None:
    if not value or not value.strip():
        raise ValueError(message)


def _tuples(instance: object, *names: str) -> None:
    """Keep sequence fields as tuples, so a value passed as a list stays frozen."""
    for name in names:
        object.__setattr__(instance, name, tuple(getattr(instance, name)))
