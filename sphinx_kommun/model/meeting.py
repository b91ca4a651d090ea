"""A body's meeting (sammanträde) as data: who attended, the items of its
föredragningslista and what became of each, the justering and the anslag.

A meeting is one document.  Before the meeting it is the kallelse; once an
item has an outcome (``utfall``) it is the protokoll, and its items carry §
numbers.  The § numbers run on per body and calendar year across the
meetings of a project (kommunallagen leaves the numbering to the body;
Swedish bodies number their paragraphs from 1 each year), so they are
computed here from every meeting's record, never stored on one:
:func:`paragraph_numbers` is a pure function of the records, and an
incremental or parallel build gets the same numbers as a full one.

The anslag's dates are computed (:mod:`sphinx_kommun.model.dates`), never
typed: the last day of appeal and the day the notice may come down.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sphinx_kommun.model.dates import last_day_of_appeal, notice_down_date, parse_datum

#: ``:utfall:``: what the meeting did with an item.
UTFALL = ("enligt-forslag", "annat", "aterremiss", "bordlaggning", "avslag")
#: The outcomes by which the body decided the matter (others postpone it).
DECIDED = ("enligt-forslag", "annat", "avslag")

#: What a member can say or do in an item, each a directive of its name.
STATEMENTS = ("yrkande", "reservation", "protokollsanteckning", "jav")

#: ``Name (party), role``: the party and the role are optional.
_PERSON = re.compile(r"^(?P<namn>[^(),]+?)\s*(?:\((?P<parti>[^()]*)\))?\s*(?:,\s*(?P<roll>.*))?$")
#: ``Ja: 7`` / ``Nej: 6`` / ``Avstår: 2`` (the words in either language).
_VOTE = re.compile(r"^\s*(?P<word>[^\W\d_]+)\s*:\s*(?P<count>\d+)\s*$")
VOTE_WORDS = {
    "ja": "ja",
    "yes": "ja",
    "nej": "nej",
    "no": "nej",
    "avstar": "avstar",
    "avstår": "avstar",
    "abstain": "avstar",
    "abstentions": "avstar",
}
#: The roles that vote (the others attend without a vote).
VOTING = ("ordförande", "vice ordförande", "förste vice ordförande", "andre vice ordförande")


@dataclass(frozen=True)
class Person:
    """One line of ``narvarande``: ``Anna Andersson (S), ordförande``."""

    namn: str
    parti: str = ""
    roll: str = ""

    @property
    def votes(self) -> bool:
        """A member who votes: a ledamot, the chair, or a serving substitute
        (tjänstgörande ersättare); ersättare and officials do not."""
        roll = self.roll.lower()
        return roll in VOTING or roll.startswith(("ledamot", "tjänstgörande"))

    @property
    def chairs(self) -> bool:
        return self.roll.lower() == "ordförande"

    @property
    def secretary(self) -> bool:
        return self.roll.lower().startswith("sekreterare")


def parse_person(line: str) -> Person | None:
    """``Anna Andersson (S), ordförande`` → Person; None for a line of no name."""
    match = _PERSON.match(" ".join(line.split()))
    if not match or not match["namn"].strip():
        return None
    return Person(
        match["namn"].strip(), (match["parti"] or "").strip(), (match["roll"] or "").strip()
    )


@dataclass(frozen=True)
class Vote:
    """An ``omrostning``: the counts as written."""

    ja: int
    nej: int
    avstar: int
    line: int = 0

    @property
    def total(self) -> int:
        return self.ja + self.nej + self.avstar


def parse_vote(lines: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """The counts of the lines ``Ja: N`` …, and the lines that are none."""
    counts: dict[str, int] = {}
    bad: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        match = _VOTE.match(line)
        word = VOTE_WORDS.get(match["word"].lower()) if match else None
        if match is None or word is None:
            bad.append(line.strip())
            continue
        counts[word] = int(match["count"])
    return counts, bad


@dataclass(frozen=True)
class Statement:
    """A member's yrkande, reservation, protokollsanteckning or jäv."""

    kind: str
    namn: str
    text: str = ""


@dataclass(frozen=True)
class Item:
    """One ``punkt``: the matter (a memo's dnr, or a free title), the outcome
    and what was said and voted."""

    nummer: int
    dnr: str
    titel: str
    utfall: str
    line: int
    anchor: str = ""
    foredragande: str = ""
    sekretess: str = ""
    #: The decision points of an ``annat`` outcome (the ``beslut`` inside the item).
    beslut: tuple[str, ...] = ()
    #: What the protokoll says beside the decision.
    text: tuple[str, ...] = ()
    statements: tuple[Statement, ...] = ()
    votes: tuple[Vote, ...] = ()

    def said(self, kind: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.kind == kind)

    @property
    def decided(self) -> bool:
        return self.utfall in DECIDED


@dataclass(frozen=True)
class Justering:
    justerare: tuple[str, ...]
    datum: str
    omedelbar: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class Anslag:
    """The anslagsbevis: the day of posting; the other days follow from it."""

    datum: str
    line: int

    @property
    def posted(self) -> dt.date | None:
        return parse_datum(self.datum)

    @property
    def last_day_of_appeal(self) -> dt.date | None:
        return last_day_of_appeal(self.posted) if self.posted else None

    @property
    def down(self) -> dt.date | None:
        return notice_down_date(self.posted) if self.posted else None


@dataclass(frozen=True)
class Meeting:
    """A meeting's record, read from its finished doctree."""

    docname: str
    kommun: str
    instans: str
    datum: str
    line: int
    tid: str = ""
    plats: str = ""
    forsta_paragraf: int | None = None
    narvarande: tuple[Person, ...] = ()
    items: tuple[Item, ...] = ()
    justering: Justering | None = None
    anslag: Anslag | None = None

    @property
    def is_protokoll(self) -> bool:
        """The meeting has been held: an item has an outcome."""
        return any(item.utfall for item in self.items)

    @property
    def year(self) -> int | None:
        day = parse_datum(self.datum)
        return day.year if day else None

    @property
    def voting(self) -> int:
        return sum(1 for p in self.narvarande if p.votes)

    @property
    def ordforande(self) -> Person | None:
        return next((p for p in self.narvarande if p.chairs), None)

    @property
    def sekreterare(self) -> Person | None:
        return next((p for p in self.narvarande if p.secretary), None)


@dataclass(frozen=True)
class Numbering:
    """The § numbers of every protokoll, and the numbers given twice."""

    paragraphs: Mapping[str, tuple[int, ...]]
    #: (docname, item index, the other meeting's docname) for a § used before.
    twice: tuple[tuple[str, int, str], ...]

    def paragraph(self, docname: str, index: int) -> int | None:
        numbers = self.paragraphs.get(docname, ())
        return numbers[index] if index < len(numbers) else None


def paragraph_numbers(meetings: Iterable[Meeting]) -> Numbering:
    """Each protokoll's § numbers: from its ``:forsta-paragraf:``, else on from
    the previous protokoll of the same body in the same year, else from 1.
    A kallelse has none.  Meetings are taken by date, then document name."""
    held = sorted((m for m in meetings if m.is_protokoll), key=lambda m: (m.datum, m.docname))
    numbers: dict[str, tuple[int, ...]] = {}
    given: dict[tuple[str, str, int | None], dict[int, str]] = {}
    next_of: dict[tuple[str, str, int | None], int] = {}
    twice: list[tuple[str, int, str]] = []
    for meeting in held:
        body = (meeting.kommun, meeting.instans, meeting.year)
        first = meeting.forsta_paragraf or next_of.get(body, 1)
        mine = tuple(range(first, first + len(meeting.items)))
        used = given.setdefault(body, {})
        for index, number in enumerate(mine):
            if number in used:
                twice.append((meeting.docname, index, used[number]))
            else:
                used[number] = meeting.docname
        numbers[meeting.docname] = mine
        next_of[body] = max(next_of.get(body, 1), first + len(meeting.items))
    return Numbering(numbers, tuple(twice))


def handled(
    meetings: Iterable[Meeting], numbering: Numbering, dnr: str
) -> list[tuple[Meeting, Item, int | None]]:
    """The items that name ``dnr``, each with its meeting and its § (None in a
    kallelse), by the meetings' dates."""
    found = []
    for meeting in sorted(meetings, key=lambda m: (m.datum, m.docname)):
        for index, item in enumerate(meeting.items):
            if dnr and item.dnr == dnr:
                found.append((meeting, item, numbering.paragraph(meeting.docname, index)))
    return found
