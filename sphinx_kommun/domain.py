"""Per-memo records kept in the build environment.

Directives record what they saw here while a document is read; checks,
references, the register and the exporters read it back.  ``clear_doc`` and
``merge_domaindata`` keep it right for incremental and parallel builds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from sphinx_kommun.directives import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


@dataclass
class Header:
    """What ``arende`` declares."""

    kommun: str
    instans: str
    forvaltning: str
    typ: str
    datum: str
    dnr: str
    handlaggare: str
    line: int


@dataclass
class Beslut:
    instans: str
    till: str
    points: list[str]
    line: int
    anchor: str


@dataclass
class Fokusomrade:
    name: str
    genomgaende: bool
    ny: bool
    text: str


@dataclass
class Signer:
    namn: str
    titel: str


@dataclass
class Bilaga:
    nummer: int
    titel: str
    fil: str
    name: str
    anchor: str
    line: int


@dataclass
class Mottagare:
    key: str
    name: str


@dataclass
class MemoRecord:
    docname: str
    headers: list[Header] = field(default_factory=list)
    title: str = ""
    beslut: list[Beslut] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    konsekvenser: list[str] = field(default_factory=list)
    fokus: list[Fokusomrade] = field(default_factory=list)
    underskrifter: list[Signer] = field(default_factory=list)
    bilagor: list[Bilaga] = field(default_factory=list)
    delges: list[Mottagare] = field(default_factory=list)
    #: The diarienummer this document's ``:dnr:`` roles name: its links must be
    #: rewritten when another memo takes or gives up one of them.
    dnr_refs: set[str] = field(default_factory=set)
    #: The document holds a ``beslutslista``: it is rewritten when any decision changes.
    register: bool = False

    @property
    def header(self) -> Header | None:
        """The memo's header: the first ``arende`` (a second one is a warning)."""
        return self.headers[0] if self.headers else None

    @property
    def is_memo(self) -> bool:
        """A document with memo content, as opposed to an index or register page."""
        return bool(
            self.headers
            or self.beslut
            or self.sections
            or self.fokus
            or self.bilagor
            or self.underskrifter
            or self.delges
        )


class KommunDomain(Domain):
    name = "kommun"
    label = "Kommun"
    #: 2: records say which documents hold ``:dnr:`` references and registers;
    #: ``published`` keeps what those showed at the last build; 3: the
    #: decisions there as a digest, not a copy.
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {"memos": {}}

    @property
    def memos(self) -> dict[str, MemoRecord]:
        return self.data.setdefault("memos", {})

    def memo(self, docname: str) -> MemoRecord:
        """The record of ``docname``, made on first use while it is read."""
        return self.memos.setdefault(docname, MemoRecord(docname))

    def clear_doc(self, docname: str) -> None:
        self.memos.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, record in otherdata["memos"].items():
            if docname in docnames:
                self.memos[docname] = record

    def memo_records(self) -> Iterable[MemoRecord]:
        """Every memo with a header, in document-name order."""
        return (r for _, r in sorted(self.memos.items()) if r.header is not None)

    def docs_by_dnr(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for record in self.memo_records():
            assert record.header is not None
            if dnr := record.header.dnr.strip():
                index.setdefault(dnr, []).append(record.docname)
        return index

    def check_consistency(self) -> None:
        for dnr, docnames in self.docs_by_dnr().items():
            first, *others = docnames
            for docname in others:
                header = self.memos[docname].header
                assert header is not None
                warn(
                    f"arende: :dnr: {dnr!r} is also the dnr of {first!r}; "
                    "a :dnr: reference to it links to neither",
                    "dnr",
                    (docname, header.line),
                )

    def outdated_by_others(self) -> set[str]:
        """The documents that show another memo's data which changed since the
        last call: ``:dnr:`` links whose target changed, and every register when
        a decision, its memo's title or header changed.  They are resolved when
        written, so writing them again is enough; nothing is read again."""
        dnr_index = self.docs_by_dnr()
        decisions = hashlib.sha256(
            repr(
                [
                    (r.docname, r.title, _values(r.header), [_values(b) for b in r.beslut])
                    for r in self.memo_records()
                    if r.beslut
                ]
            ).encode()
        ).hexdigest()
        last = self.data.get("published", {"dnr": {}, "decisions": None})
        self.data["published"] = {"dnr": dnr_index, "decisions": decisions}
        moved = {
            dnr
            for dnr in dnr_index.keys() | last["dnr"].keys()
            if dnr_index.get(dnr) != last["dnr"].get(dnr)
        }
        outdated = {r.docname for r in self.memos.values() if r.dnr_refs & moved}
        if decisions != last["decisions"]:
            outdated |= {r.docname for r in self.memos.values() if r.register}
        return outdated

    def bilaga(self, docname: str, name: str) -> Bilaga | None:
        record = self.memos.get(docname)
        if record is None:
            return None
        return next((b for b in record.bilagor if b.name == name), None)


def _values(record: object) -> tuple[object, ...]:
    """A record's field values, lists as tuples: what it says, to compare with
    what it said at the last build (``dataclasses.astuple`` deep-copies, and
    costs more than the rest of the comparison on a thousand memos)."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in vars(record).values())


def _outdated_by_others(app: Sphinx, env: BuildEnvironment) -> set[str]:
    domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
    return domain.outdated_by_others()


def setup_domain(app: Sphinx) -> None:
    app.add_domain(KommunDomain)
    app.connect("env-get-updated", _outdated_by_others)
