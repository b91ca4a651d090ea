"""Swedish personal identity numbers (personnummer, samordningsnummer) in text.

A memo is published in full, so a personal identity number written in one is a
leak of personal data.  This module finds them however they are written, and
tells exactly where each one stands in the text as written, so that a caller can
report its line and mask it.  It knows nothing of documents: the caller passes
plain strings.

What counts as one, after normalising the text (see below):

* ``YYMMDD`` or ``YYYYMMDD``, then a separator or none, then four digits, where
  the separator is ``-``, ``+`` (the person has turned 100), a single space, or
  ``-``/``+`` with one space or line break on either side (``640823 - 3234``);
* the last of the ten digits (the 12-digit form less its century) is the Luhn
  check digit of the other nine;
* the date is a real date of birth: it exists, is not in the future and not
  before 1840 (the personnummer came in 1947; its oldest holders were born in
  the 1840s).  A samordningsnummer adds 60 to the day.

The century of a 10-digit form is not written, so it is worked out from
``today`` as Skatteverket's rule gives it: with ``-`` (or none) the person is
under 100, so the year is the latest one ending in ``YY`` whose date is not in
the future (``261215-1007`` on 2026-12-02 is born 1926-12-15); with ``+`` the
person is 100 or older, so it is that year less a hundred.  A ``+`` that
cannot be right (the person would be born before 1840) is read as a ``-``:
writers misplace it, and the ten digits identify the person all the same.

Numbers that are not of people stay unreported: an organisationsnummer has a
"month" of 20 or more; phone numbers, dates, ISBNs, diarienummer and amounts
have other groupings of digits.  A ten-digit number without separator that
happens to pass both tests (about one mobile number in 250) is reported too:
a reader cannot tell it from a personnummer either, and a warning can be
suppressed where it is wrong.  A space as the only separator counts too
(``640823 3234``): amounts and phone numbers written in groups (``1 200 000``,
``070-123 45 67``) never have a group of six or eight digits, so they are not
read as one.

Normalisation, so that nothing slips through by how it is typed: every character
is NFKC-normalised (full-width digits, NBSP and thin spaces become plain ones),
format characters (Unicode category Cf: soft hyphen, zero-width space, ZWNJ,
ZWJ, word joiner, BOM, direction marks) are removed, and every dash (category
Pd, and the minus sign U+2212) becomes ``-``.  Each finding keeps its span in
the original text.

Markup can split a number between text nodes (``**800102**-1008``):
:func:`find_in_pieces` joins the texts of one block and tells which pieces each
number spans.  Everything is linear in the length of the text and the number of
findings; :class:`LineIndex` gives a line for an offset by bisection.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

Kind = Literal["personnummer", "samordningsnummer"]

#: The first year of birth that a personal identity number can have.
EARLIEST_YEAR = 1840
#: A samordningsnummer is a personnummer whose day has 60 added.
SAMORDNING_OFFSET = 60

# Separators: a hyphen or plus, with at most one white-space character on
# each side, or a single space alone; nothing else joins the two groups.
_NUMBER = re.compile(
    r"(?<![0-9])(?P<date>[0-9]{8}|[0-9]{6})"
    r"(?P<sep>[ \t\n]?[-+][ \t\n]?|[ ])?"
    r"(?P<tail>[0-9]{4})(?![0-9])"
)
# ASCII and the Latin letters (Swedish text is nearly all of these) hold no
# digit, dash, space or format character that normalising would change.
_PLAIN = "\x00-\x7f\u00c0-\u024f"
_PLAIN_RUN = re.compile(f"[{_PLAIN}]+")
# A text of these characters alone (the plain ones and some typographic ones,
# which become other punctuation or a space) is normalised without a digit
# made or removed, nor two runs of digits joined: every number in it has six
# digits in a row as written.
_UNCHANGED_DIGITS = re.compile(
    f"[{_PLAIN}\u00a0\u00a7\u00ab\u00b0\u00bb"
    "\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2022\u2026\u20ac\u2212]*"
)
_SIX_DIGITS = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class IdentityNumber:
    """A personal identity number found in a text.

    ``start`` and ``end`` delimit it in the text as given (or, for
    :func:`find_in_pieces`, in the pieces joined); ``written`` is the original
    characters there, which may hold invisible characters or odd dashes.
    """

    written: str
    normalised: str
    kind: Kind
    born: dt.date
    start: int
    end: int

    @property
    def digits(self) -> str:
        """The ten digits that identify the person, whatever the form written."""
        return re.sub(r"\D", "", self.normalised)[-10:]

    @property
    def masked(self) -> str:
        """The number with its last four digits hidden: a build log is kept and
        shared too, so a message never shows the whole number."""
        return self.normalised[:-4] + "****"


@dataclass(frozen=True)
class PieceSpan:
    """The part of one piece that a number covers: ``piece[start:end]``."""

    piece: int
    start: int
    end: int


@dataclass(frozen=True)
class PieceHit:
    """A number found across pieces, with the part of each piece it covers, in
    order (the first span holds its first character, the last its last)."""

    number: IdentityNumber
    spans: tuple[PieceSpan, ...]


@dataclass(frozen=True)
class LineIndex:
    """The offsets at which the lines of a text begin, to give any offset its
    line in O(log n) rather than by counting line breaks again for each one."""

    starts: tuple[int, ...]

    def line_of(self, offset: int) -> int:
        """The 1-based line holding the character at ``offset``."""
        return bisect_right(self.starts, offset)


def line_index(text: str) -> LineIndex:
    """The line-start table of ``text`` (``\\n`` ends a line, as docutils reads it)."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return LineIndex(tuple(starts))


def luhn_valid(digits: str) -> bool:
    """The Luhn test: doubling every other digit from the first, the sum ends in 0."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def birth_date(date: str, sep: str, today: dt.date) -> tuple[dt.date, Kind] | None:
    """The date of birth that ``date`` (``YYMMDD`` or ``YYYYMMDD``) stands for,
    with the kind of number it makes, or None when it is no plausible birth."""
    month, day = int(date[-4:-2]), int(date[-2:])
    kind: Kind = "personnummer"
    if day > SAMORDNING_OFFSET:
        day, kind = day - SAMORDNING_OFFSET, "samordningsnummer"
    if len(date) == 8:
        year = int(date[:4])
    else:
        # The latest year ending in YY whose date has come by the last day the
        # person can have been born: today for "-", a hundred years ago for "+".
        limit = today.year - (100 if sep == "+" else 0)
        year = limit // 100 * 100 + int(date[:2])
        if (year, month, day) > (limit, today.month, today.day):
            year -= 100
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None
    if year < EARLIEST_YEAR or born > today:
        return None
    return born, kind


@cache
def _normal_char(char: str) -> str:
    """What one character stands for when looking for numbers."""
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category == "Pd" or char == "\u2212":
        return "-"
    normal = unicodedata.normalize("NFKC", char)
    return "".join(_normal_char(c) if c != char else c for c in normal)


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` as the finder reads it, and for each of its characters the
    offset of the original character it comes from (plus one entry for the
    end), so that a span found can be mapped back exactly."""
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    # Plain runs are copied in bulk; only the rest is looked at one character
    # at a time, so that normalising stays linear and cheap.
    for run in _PLAIN_RUN.finditer(text):
        for index in range(position, run.start()):
            normal = _normal_char(text[index])
            parts.append(normal)
            origin.extend([index] * len(normal))
        parts.append(run.group())
        origin.extend(range(run.start(), run.end()))
        position = run.end()
    for index in range(position, len(text)):
        normal = _normal_char(text[index])
        parts.append(normal)
        origin.extend([index] * len(normal))
    origin.append(len(text))
    return "".join(parts), origin


def _canonical(date: str, sep: str, tail: str) -> str:
    """The number as it would be typed plainly: ``-`` or ``+`` if one was
    written, a space if only a space was, else nothing."""
    mark = sep.strip() or (" " if sep else "")
    return f"{date}{mark}{tail}"


def find_identity_numbers(text: str, today: dt.date | None = None) -> list[IdentityNumber]:
    """Every personnummer and samordningsnummer in ``text``, in order."""
    if _UNCHANGED_DIGITS.fullmatch(text) and not _SIX_DIGITS.search(text):
        return []  # no date of birth in it, and normalising makes none
    return _find_all(text, today)


def _find_all(text: str, today: dt.date | None = None) -> list[IdentityNumber]:
    today = today or dt.date.today()
    normal, origin = normalise(text)
    found = []
    for match in _NUMBER.finditer(normal):
        date, sep, tail = match["date"], match["sep"] or "", match["tail"]
        if not luhn_valid(date[-6:] + tail):
            continue
        birth = birth_date(date, sep.strip(), today)
        if birth is None and "+" in sep:
            birth = birth_date(date, "-", today)
        if birth is None:
            continue
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        found.append(
            IdentityNumber(
                written=text[start:end],
                normalised=_canonical(date, sep, tail),
                kind=birth[1],
                born=birth[0],
                start=start,
                end=end,
            )
        )
    return found


def find_in_pieces(pieces: Sequence[str], today: dt.date | None = None) -> list[PieceHit]:
    """Every number in the adjacent texts ``pieces`` read as one text, as the
    texts of one block's text nodes are read one after another on the page.

    The numbers' ``start`` and ``end`` are offsets in the pieces joined; each
    hit's spans tell which part of which piece it covers.
    """
    starts = []
    offset = 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece)
    hits = []
    for number in find_identity_numbers("".join(pieces), today):
        first = bisect_right(starts, number.start) - 1
        last = bisect_right(starts, number.end - 1) - 1
        spans = []
        for index in range(first, last + 1):
            begin = max(number.start, starts[index]) - starts[index]
            end = min(number.end, starts[index] + len(pieces[index])) - starts[index]
            if end > begin:
                spans.append(PieceSpan(index, begin, end))
        hits.append(PieceHit(number, tuple(spans)))
    return hits
