"""The meeting as data: attendance lines, votes, and the § numbers that run on
per body and year across the project's protokoll."""

from __future__ import annotations

import pytest

from sphinx_kommun.model.meeting import (
    Item,
    Meeting,
    Person,
    handled,
    paragraph_numbers,
    parse_person,
    parse_vote,
)


@pytest.mark.parametrize(
    ("line", "person"),
    [
        ("Anna Andersson (M), ordförande", Person("Anna Andersson", "M", "ordförande")),
        ("  Bertil  Berg (S) ,  ledamot ", Person("Bertil Berg", "S", "ledamot")),
        ("Gustav Gran, sekreterare", Person("Gustav Gran", "", "sekreterare")),
        ("Fia Falk (C)", Person("Fia Falk", "C", "")),
        ("(S), ledamot", None),
    ],
)
def test_parse_person(line: str, person: Person | None) -> None:
    assert parse_person(line) == person


def test_who_votes() -> None:
    people = [
        parse_person(line)
        for line in (
            "A (M), ordförande",
            "B (S), vice ordförande",
            "C (L), ledamot",
            "D (S), tjänstgörande ersättare för E",
            "F (C), ersättare",
            "G, sekreterare",
        )
    ]
    assert [p.votes for p in people if p] == [True, True, True, True, False, False]
    meeting = Meeting(
        "m", "huddinge", "ks", "2025-03-12", 1, narvarande=tuple(p for p in people if p)
    )
    assert meeting.voting == 4
    assert meeting.ordforande and meeting.ordforande.namn == "A"
    assert meeting.sekreterare and meeting.sekreterare.namn == "G"


def test_parse_vote() -> None:
    counts, bad = parse_vote(["Ja: 7", "Nej:6", "", "Avstår: 2", "Kanske: 1", "Ja sju"])
    assert counts == {"ja": 7, "nej": 6, "avstar": 2}
    assert bad == ["Kanske: 1", "Ja sju"]


def _item(n: int, utfall: str = "enligt-forslag", dnr: str = "") -> Item:
    return Item(nummer=n, dnr=dnr, titel=f"Punkt {n}", utfall=utfall, line=n)


def _meeting(
    doc: str,
    datum: str,
    items: int,
    *,
    instans: str = "ks",
    first: int | None = None,
    held: bool = True,
) -> Meeting:
    return Meeting(
        doc,
        "huddinge",
        instans,
        datum,
        1,
        forsta_paragraf=first,
        items=tuple(
            _item(n, "enligt-forslag" if held else "", dnr=f"KS-2025/{n}")
            for n in range(1, items + 1)
        ),
    )


def test_paragraphs_run_on_per_body_and_year() -> None:
    meetings = [
        _meeting("ks-mars", "2025-03-12", 3, first=43),
        _meeting("ks-april", "2025-04-09", 2),
        _meeting("ks-jan", "2025-01-15", 2),
        _meeting("sn-april", "2025-04-10", 2, instans="sn"),
        _meeting("ks-2026", "2026-01-14", 1),
        _meeting("ks-maj", "2025-05-07", 2, held=False),  # a kallelse has no §
    ]
    numbering = paragraph_numbers(reversed(meetings))  # the order read does not matter
    assert numbering.paragraphs == {
        "ks-jan": (1, 2),
        "ks-mars": (43, 44, 45),
        "ks-april": (46, 47),
        "sn-april": (1, 2),
        "ks-2026": (1,),
    }
    assert numbering.twice == ()
    assert numbering.paragraph("ks-maj", 0) is None


def test_a_paragraph_given_twice() -> None:
    numbering = paragraph_numbers(
        [_meeting("a", "2025-03-12", 3), _meeting("b", "2025-04-09", 2, first=3)]
    )
    assert numbering.paragraphs["b"] == (3, 4)
    assert numbering.twice == (("b", 0, "a"),)


def test_handled() -> None:
    meetings = [
        _meeting("ks-mars", "2025-03-12", 2, first=43),
        _meeting("ks-maj", "2025-05-07", 2, held=False),
    ]
    numbering = paragraph_numbers(meetings)
    found = [(m.docname, p) for m, _item, p in handled(meetings, numbering, "KS-2025/2")]
    assert found == [("ks-mars", 44), ("ks-maj", None)]
    assert handled(meetings, numbering, "KS-2025/9") == []


def test_the_anslag_computes_its_dates() -> None:
    import datetime as dt

    from sphinx_kommun.model.meeting import Anslag

    # Wed 3 Dec 2025 + 21 days = julafton, then juldagen, annandag jul and a
    # weekend: the last day of appeal is Monday 29 December.
    christmas = Anslag("2025-12-03", 1)
    assert christmas.last_day_of_appeal == dt.date(2025, 12, 29)
    assert christmas.down == dt.date(2025, 12, 30)
    unwritten = Anslag("3 december", 1)
    assert unwritten.last_day_of_appeal is None and unwritten.down is None
