"""The dates of a memo and of an anslag (the notice of a justered protokoll).

A memo's date is written as an ISO date (``:datum: 2019-06-26``), and only a
date that exists in the calendar is one.

When a protokoll has been justerat, the municipality posts a notice of it on
its anslagstavla (kommunallagen (2017:725) 8 kap. 12 §), and the anslagsbevis
says when it was posted, when it may come down, and the last day of appeal:

* **Last day of appeal** (laglighetsprövning): the appeal "ska ha kommit in
  till förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på
  kommunens anslagstavla att protokollet över beslutet justerats"
  (kommunallagen 13 kap. 5 §).  Three weeks from the day of posting is the
  same weekday three weeks later.  By lagen (1930:173) om beräkning av
  lagstadgad tid, 2 §, when that day is a Saturday, a Sunday or another public
  holiday (allmän helgdag, lagen (1989:253) om allmänna helgdagar),
  midsommarafton, julafton or nyårsafton, the appeal may still be made on the
  next weekday that is none of these.  Trettondagsafton is an ordinary day
  for this (Regeringsrätten, RÅ 2004 not 40), and so, by the same reading,
  are the other eves the law does not name (valborgsmässoafton,
  allhelgonaafton).

* **The day the notice may come down**: the notice must stay up from the day
  of posting "till dess att tiden för överklagande har gått ut" (kommunallagen
  8 kap. 12 §), and the appeal time runs out only if the notice was up for the
  whole of it.  So it may come down on the day after the last day of appeal,
  which is what municipalities print as "Datum för anslags nedtagande": for
  example Högsby kommun's kommunfullmäktige of 2017-09-04, posted on
  2017-09-12 with the notice down on 2017-10-04 (the last day of appeal being
  Tuesday 2017-10-03).  Where the last day moves past a holiday, the notice
  stays up through the moved day too; that day need not be a weekday, since the
  anslagstavla is a web page.

The holidays come from the ``holidays`` package: its Swedish calendar's
``PUBLIC`` category holds the allmänna helgdagar other than Sundays, and its
``DE_FACTO`` category holds midsommarafton, julafton and nyårsafton.  Sundays
(which it gives only with ``include_sundays=True``) and Saturdays are added here
by weekday, because the law names them by weekday.  Its Swedish calendar begins
in 1953; for an earlier year only the weekends would count, and no anslag of a
memo written with this extension is that old.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import holidays
from holidays.constants import DE_FACTO, PUBLIC

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Kommunallagen 13 kap. 5 §: three weeks from the day of posting.
APPEAL_PERIOD = dt.timedelta(weeks=3)
_SATURDAY = 5


def parse_datum(value: str) -> dt.date | None:
    """An ISO date (``2019-06-26``) that exists in the calendar, else None.

    Only the ``YYYY-MM-DD`` form is a memo date: Python's ``fromisoformat``
    would also take ``20190626`` or ``2019-W26-3``, which a writer does not
    mean as a date in a memo header.
    """
    if not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=(PUBLIC, DE_FACTO), language="sv")


def holiday_name(day: dt.date) -> str | None:
    """Why a time limit cannot end on ``day`` by lagen (1930:173) 2 §: the
    holiday's Swedish name, ``lördag`` or ``söndag``; None on a weekday on
    which it can."""
    name = _holidays(day.year).get(day)
    if name:
        return str(name)
    if day.weekday() >= _SATURDAY:
        return "lördag" if day.weekday() == _SATURDAY else "söndag"
    return None


def next_deadline_day(day: dt.date) -> dt.date:
    """``day``, or, when a time limit cannot end on it, the next day on which
    it can (lagen (1930:173) 2 §)."""
    while holiday_name(day) is not None:
        day += dt.timedelta(days=1)
    return day


def last_day_of_appeal(posted: dt.date) -> dt.date:
    """The last day an appeal of the protokoll's decisions can reach the court,
    for a notice of justering posted on ``posted`` (see the module's text)."""
    return next_deadline_day(posted + APPEAL_PERIOD)


def notice_down_date(posted: dt.date) -> dt.date:
    """The first day the notice posted on ``posted`` may be taken down: the day
    after the last day of appeal (see the module's text)."""
    return last_day_of_appeal(posted) + dt.timedelta(days=1)
