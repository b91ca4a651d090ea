"""A memo as data: what its header declares, what it decides, who signs it,
what is appended and who is told.

The domain builds one :class:`MemoRecord` per document from the finished,
translated doctree; nothing changes a record afterwards.  The writers (web
page, PDF, JSON, register, memo index) read it through
:mod:`sphinx_kommun.present`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx_kommun.model.klarsprak import Report


@dataclass(frozen=True)
class Header:
    """What ``arende`` declares, as written (keys, ISO date), and the case
    officer's title in the build's language."""

    kommun: str
    instans: str
    forvaltning: str
    typ: str
    datum: str
    dnr: str
    handlaggare: str
    handlaggare_titel: str
    line: int
    #: The OSL provision the whole memo is secret under ("OSL 26 kap. 1 §"), or "".
    sekretess: str = ""
    #: The case officer's phone number and e-mail address, as written.
    telefon: str = ""
    epost: str = ""


@dataclass(frozen=True)
class Beslut:
    """One decision: the deciding body, where a proposal goes, and its points."""

    instans: str
    till: str
    points: tuple[str, ...]
    line: int
    anchor: str


@dataclass(frozen=True)
class Fokusomrade:
    name: str
    genomgaende: bool
    ny: bool
    text: str


@dataclass(frozen=True)
class Signer:
    namn: str
    titel: str


@dataclass(frozen=True)
class Bilaga:
    nummer: int
    titel: str
    fil: str
    name: str
    anchor: str
    line: int
    #: The OSL provision the appendix is secret under, or "": its file is not published.
    sekretess: str = ""


@dataclass(frozen=True)
class Mottagare:
    """A recipient: a profile key (empty for free text) and the name shown."""

    key: str
    name: str


@dataclass(frozen=True)
class MemoRecord:
    docname: str
    title: str = ""
    header: Header | None = None
    beslut: tuple[Beslut, ...] = ()
    #: Every section directive by key, with its line (the checks ask which are there).
    sections: tuple[tuple[str, int], ...] = ()
    konsekvenser: tuple[str, ...] = ()
    fokus: tuple[Fokusomrade, ...] = ()
    underskrifter: tuple[Signer, ...] = ()
    bilagor: tuple[Bilaga, ...] = ()
    delges: tuple[Mottagare, ...] = ()
    #: The diarienummer this document's ``:dnr:`` roles name: its links must be
    #: rewritten when another memo takes or gives up one of them.
    dnr_refs: frozenset[str] = field(default_factory=frozenset)
    #: The document holds a ``beslutslista``: it is rewritten when any decision changes.
    register: bool = False
    #: Plain language (LIX, long sentences, officialese); None where nothing is
    #: judged: a build in another language than Swedish, a page that is no memo.
    klarsprak: Report | None = None

    @property
    def secret(self) -> bool:
        """The whole memo is secret: the public edition shows its dnr alone."""
        return bool(self.header and self.header.sekretess)

    @property
    def is_memo(self) -> bool:
        """A document with memo content, as opposed to an index or register page."""
        return bool(
            self.header
            or self.beslut
            or self.sections
            or self.fokus
            or self.bilagor
            or self.underskrifter
            or self.delges
        )

    def bilaga(self, name: str) -> Bilaga | None:
        return next((b for b in self.bilagor if b.name == name), None)


def split_signer(text: str) -> tuple[str, str]:
    """``Maria Strandberg, Översiktsplanerare`` → (name, title)."""
    name, _sep, title = text.partition(",")
    return name.strip(), title.strip()
