"""Memo dates, and the dates an anslagsbevis prints: the last day of appeal
(three weeks, moved past weekends, holidays and the three aftnar) and the day
the notice may come down.  Every expected date is worked out by hand in a
comment from the calendar of its year."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_kommun.model.dates import (
    holiday_name,
    last_day_of_appeal,
    notice_down_date,
    parse_datum,
)

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-06-26", D(2019, 6, 26)),
        ("2024-02-29", D(2024, 2, 29)),
        ("2023-02-29", None),  # no 29 February in 2023
        ("2019-13-01", None),
        ("2019-6-26", None),
        ("20190626", None),  # fromisoformat takes it; a memo date is YYYY-MM-DD
        ("2019-W26-3", None),
        (" 2019-06-26", None),
        ("26 juni 2019", None),
        ("", None),
    ],
)
def test_parse_datum(value: str, expected: dt.date | None) -> None:
    assert parse_datum(value) == expected


@pytest.mark.parametrize(
    ("posted", "last_day"),
    [
        # Plain weeks. Tue 4 Mar 2025 + 21 days = Tue 25 Mar, a weekday.
        (D(2025, 3, 4), D(2025, 3, 25)),
        # Mon 19 May 2025 + 21 = Mon 9 Jun, annandag pingst: no holiday since 2005.
        (D(2025, 5, 19), D(2025, 6, 9)),
        # A Saturday. Sat 8 Mar 2025 + 21 = Sat 29 Mar -> Sun 30 -> Mon 31 Mar.
        (D(2025, 3, 8), D(2025, 3, 31)),
        # Easter 2025: långfredag Fri 18 Apr, påskafton Sat 19, påskdagen Sun 20,
        # annandag påsk Mon 21; the first weekday after is Tue 22 Apr.
        (D(2025, 3, 28), D(2025, 4, 22)),  # Fri 28 Mar + 21 = långfredag 18 Apr
        (D(2025, 3, 30), D(2025, 4, 22)),  # Sun 30 Mar + 21 = påskdagen 20 Apr
        (D(2025, 3, 31), D(2025, 4, 22)),  # Mon 31 Mar + 21 = annandag påsk 21 Apr
        # Första maj 2025 is Thu 1 May: Thu 10 Apr + 21 = 1 May -> Fri 2 May.
        (D(2025, 4, 10), D(2025, 5, 2)),
        # Kristi himmelsfärd 2025 is Thu 29 May (påskdagen + 39 days):
        # Thu 8 May + 21 = 29 May -> Fri 30 May (a klämdag is a weekday).
        (D(2025, 5, 8), D(2025, 5, 30)),
        # Nationaldagen Fri 6 Jun 2025: Fri 16 May + 21 = 6 Jun -> Sat 7 ->
        # Sun 8 (pingstdagen) -> Mon 9 Jun.
        (D(2025, 5, 16), D(2025, 6, 9)),
        # Midsommar 2025: afton is the Friday 19-25 June, Fri 20 Jun;
        # midsommardagen Sat 21, Sun 22 -> Mon 23 Jun. Fri 30 May + 21 = 20 Jun.
        (D(2025, 5, 30), D(2025, 6, 23)),
        # The day before midsommarafton is a weekday: Thu 29 May (itself Kristi
        # himmelsfärd: a notice can be posted on the web any day) + 21 = Thu 19 Jun.
        (D(2025, 5, 29), D(2025, 6, 19)),
        # Alla helgons dag, the Saturday 31 Oct-6 Nov: Sat 1 Nov 2025.
        # Sat 11 Oct + 21 = 1 Nov -> Sun 2 -> Mon 3 Nov.
        (D(2025, 10, 11), D(2025, 11, 3)),
        # Allhelgonaafton Fri 31 Oct 2025 is a weekday: Fri 10 Oct + 21 = 31 Oct.
        (D(2025, 10, 10), D(2025, 10, 31)),
        # Christmas 2018: julafton Mon 24 Dec, juldagen Tue 25, annandag jul
        # Wed 26 -> Thu 27 Dec. Mon 3 Dec + 21 = 24 Dec.
        (D(2018, 12, 3), D(2018, 12, 27)),
        # Christmas 2025 over a weekend: julafton Wed 24 Dec, juldagen Thu 25,
        # annandag jul Fri 26, Sat 27, Sun 28 -> Mon 29 Dec. Wed 3 Dec + 21 = 24 Dec.
        (D(2025, 12, 3), D(2025, 12, 29)),
        # Christmas 2026: julafton Thu 24 Dec, Fri 25, Sat 26, Sun 27 -> Mon 28.
        # Thu 3 Dec 2026 + 21 = 24 Dec.
        (D(2026, 12, 3), D(2026, 12, 28)),
        # New Year: nyårsafton Wed 31 Dec 2025, nyårsdagen Thu 1 Jan 2026 ->
        # Fri 2 Jan 2026. Wed 10 Dec 2025 + 21 = 31 Dec.
        (D(2025, 12, 10), D(2026, 1, 2)),
        # Trettondedag jul Tue 6 Jan 2026 -> Wed 7 Jan. Tue 16 Dec 2025 + 21 = 6 Jan.
        (D(2025, 12, 16), D(2026, 1, 7)),
        # Trettondagsafton Mon 5 Jan 2026 is a weekday (RÅ 2004 not 40):
        # Mon 15 Dec 2025 + 21 = 5 Jan.
        (D(2025, 12, 15), D(2026, 1, 5)),
    ],
)
def test_last_day_of_appeal(posted: dt.date, last_day: dt.date) -> None:
    assert last_day_of_appeal(posted) == last_day


@pytest.mark.parametrize(
    ("posted", "down"),
    [
        # Högsby kommun, kommunfullmäktige 2017-09-04: posted Tue 12 Sep 2017,
        # last day of appeal Tue 3 Oct, the notice printed as down on 4 Oct.
        (D(2017, 9, 12), D(2017, 10, 4)),
        # Easter 2025: the last day moves to Tue 22 Apr, so the notice stays up
        # through it and comes down on Wed 23 Apr.
        (D(2025, 3, 28), D(2025, 4, 23)),
        # Trettondagsafton 5 Jan 2026 is the last day; down on trettondedag jul,
        # 6 Jan: taking a web page down needs no weekday.
        (D(2025, 12, 15), D(2026, 1, 6)),
    ],
)
def test_notice_down_date(posted: dt.date, down: dt.date) -> None:
    assert notice_down_date(posted) == down


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2025, 4, 18), "Långfredagen"),
        (D(2025, 6, 20), "Midsommarafton"),
        (D(2025, 12, 24), "Julafton"),
        (D(2025, 12, 31), "Nyårsafton"),
        (D(2025, 3, 29), "lördag"),
        (D(2025, 3, 30), "söndag"),
        (D(2025, 3, 31), None),
        (D(2026, 1, 5), None),  # trettondagsafton
        (D(2025, 4, 30), None),  # valborgsmässoafton
    ],
)
def test_holiday_name(day: dt.date, name: str | None) -> None:
    assert holiday_name(day) == name
