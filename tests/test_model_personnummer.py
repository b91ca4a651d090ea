"""Personal identity numbers in text: found however they are typed, split or
disguised, mapped back to their exact span, never confused with the other
numbers a memo holds, and found in time linear in the text."""

from __future__ import annotations

import datetime as dt
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_kommun.model import personnummer
from sphinx_kommun.model.personnummer import (
    PieceSpan,
    find_identity_numbers,
    find_in_pieces,
    line_index,
)

TODAY = dt.date(2026, 12, 2)


def only(text: str, today: dt.date = TODAY):
    found = find_identity_numbers(text, today)
    assert len(found) == 1, found
    number = found[0]
    # the span is exact in the text as written
    assert text[number.start : number.end] == number.written
    return number


@pytest.mark.parametrize(
    ("text", "normalised", "born", "kind"),
    [
        ("811218-9876", "811218-9876", dt.date(1981, 12, 18), "personnummer"),
        ("8112189876", "8112189876", dt.date(1981, 12, 18), "personnummer"),
        ("19811218-9876", "19811218-9876", dt.date(1981, 12, 18), "personnummer"),
        ("198112189876", "198112189876", dt.date(1981, 12, 18), "personnummer"),
        ("640823 3234", "640823 3234", dt.date(1964, 8, 23), "personnummer"),
        ("640823 - 3234", "640823-3234", dt.date(1964, 8, 23), "personnummer"),
        ("640823- 3234", "640823-3234", dt.date(1964, 8, 23), "personnummer"),
        ("640823 -3234", "640823-3234", dt.date(1964, 8, 23), "personnummer"),
        ("640823-\n3234", "640823-3234", dt.date(1964, 8, 23), "personnummer"),
        ("19640823 3234", "19640823 3234", dt.date(1964, 8, 23), "personnummer"),
        # "+": 100 or older; in 2026, "46" with "+" is 1846 (1946 is 80)
        ("460101+1234", "460101+1234", dt.date(1846, 1, 1), "personnummer"),
        ("121212+1212", "121212+1212", dt.date(1912, 12, 12), "personnummer"),
        ("121212-1212", "121212-1212", dt.date(2012, 12, 12), "personnummer"),
        # a "+" that cannot be right (1839 is before 1840) is read as a "-"
        ("390101+1233", "390101+1233", dt.date(1939, 1, 1), "personnummer"),
        # 15 December 2026 has not come on 2 December 2026: born 1926, aged 99
        ("261215-1007", "261215-1007", dt.date(1926, 12, 15), "personnummer"),
        ("040229-1231", "040229-1231", dt.date(2004, 2, 29), "personnummer"),
        ("701063-2391", "701063-2391", dt.date(1970, 10, 3), "samordningsnummer"),
        ("19701063-2391", "19701063-2391", dt.date(1970, 10, 3), "samordningsnummer"),
        ("Sökande: 811218-9876.", "811218-9876", dt.date(1981, 12, 18), "personnummer"),
        ("(8112189876)", "8112189876", dt.date(1981, 12, 18), "personnummer"),
    ],
)
def test_written_forms(text: str, normalised: str, born: dt.date, kind: str) -> None:
    number = only(text)
    assert (number.normalised, number.born, number.kind) == (normalised, born, kind)
    assert number.masked == normalised[:-4] + "****"
    assert number.digits == normalised.replace("-", "").replace("+", "").replace(" ", "")[-10:]


def test_the_century_turns_on_the_birthday() -> None:
    # On the birthday itself the 2026 reading has come: a newborn.
    assert only("261215-1007", dt.date(2026, 12, 15)).born == dt.date(2026, 12, 15)
    assert only("261215-1007", dt.date(2026, 12, 14)).born == dt.date(1926, 12, 15)


def test_today_defaults_to_the_real_today() -> None:
    assert [n.normalised for n in find_identity_numbers("811218-9876")] == ["811218-9876"]


INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
DASHES = [
    "\u2212", "\u2012", "\u2013", "\u2014", "\u2010", "\u2011", "\u2015",
    "\ufe58", "\ufe63", "\uff0d",
]  # fmt: skip
SPACES = [" ", "\u00a0", "\u2009", "\u202f"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_inside(char: str) -> None:
    for text in (f"6408{char}23-3234", f"640823{char}-3234", f"640823-32{char}34"):
        number = only(f"Sökande {text} i ärendet")
        assert number.written == text
        assert number.normalised == "640823-3234"


@pytest.mark.parametrize("dash", DASHES)
def test_every_dash_is_a_hyphen(dash: str) -> None:
    number = only(f"nr 640823{dash}3234.")
    assert number.written == f"640823{dash}3234"
    assert number.normalised == "640823-3234"


@pytest.mark.parametrize("space", SPACES)
def test_spaces_as_or_around_the_separator(space: str) -> None:
    assert only(f"640823{space}3234").written == f"640823{space}3234"
    assert only(f"640823{space}-{space}3234").normalised == "640823-3234"


def test_full_width_digits() -> None:
    text = "１９６４０８２３－３２３４"
    assert only(text).normalised == "19640823-3234"


def test_several_in_one_text_keep_their_spans() -> None:
    text = "Sökande 811218-9876 och 70\u200b1063–2391, men inte 811218-9875."
    found = find_identity_numbers(text, TODAY)
    assert [n.normalised for n in found] == ["811218-9876", "701063-2391"]
    masked = text
    for number in reversed(found):
        masked = masked[: number.start] + "█" + masked[number.end :]
    assert masked == "Sökande █ och █, men inte 811218-9875."


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # the check digit is wrong
        "811318-9875",  # month 13
        "811232-9878",  # day 32
        "030229-1232",  # 29 February 2003 never was
        "20991218-9876",  # not born yet
        "18121218-9870",  # born before 1840
        "212000-0068",  # Huddinge kommun's organisationsnummer: month 20
        "2120000068",
        "556016-0680",  # an aktiebolag's organisationsnummer: month 60
        "1811218-98765",  # longer runs of digits are something else
        "98112189876",
        "08-535 300 00",  # phone numbers
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "2019-06-26",  # dates
        "26 juni 2019",
        "20190626",
        "ISBN 978-91-38-32625-1",  # ISBNs
        "ISBN 91-38-22224-8",
        "ISBN 9789138326251",
        "KS 2019/1097",  # diarienummer
        "KS-2019/1234",
        "1 200 000 kronor",  # amounts
        "1 234 567 890 kronor",
        "12 000 000 000",
        "kl. 13.00–16.00",
    ],
)
def test_not_found(text: str) -> None:
    assert find_identity_numbers(text, TODAY) == []


def test_ten_digits_without_separator_are_reported() -> None:
    # A ten-digit run that passes Luhn and is a real date is reported, even if
    # it was meant as something else: a reader cannot tell it from a
    # personnummer either (see the module's text).
    assert only("Kundnummer 9001011239").normalised == "9001011239"


# -- across markup: the texts of one block's text nodes --------------------


def test_split_by_strong_markup() -> None:
    # **800102**-1008: the strong element's text, then the paragraph's
    pieces = ["Sökande ", "800102", "-1008 bor i kommunen."]
    [hit] = find_in_pieces(pieces, TODAY)
    assert hit.number.normalised == "800102-1008"
    assert hit.spans == (PieceSpan(1, 0, 6), PieceSpan(2, 0, 5))
    assert "".join(pieces)[hit.number.start : hit.number.end] == "800102-1008"


def test_split_by_a_substitution_over_three_pieces() -> None:
    pieces = ["Nr 8001", "02", "-1008"]
    [hit] = find_in_pieces(pieces, TODAY)
    assert hit.spans == (PieceSpan(0, 3, 7), PieceSpan(1, 0, 2), PieceSpan(2, 0, 5))


def test_pieces_with_empty_texts_and_numbers_inside_one_piece() -> None:
    pieces = ["", "a 811218-9876 b ", "", "c 800102", "", "-1008"]
    hits = find_in_pieces(pieces, TODAY)
    assert [h.number.normalised for h in hits] == ["811218-9876", "800102-1008"]
    assert hits[0].spans == (PieceSpan(1, 2, 13),)
    assert hits[1].spans == (PieceSpan(3, 2, 8), PieceSpan(5, 0, 5))


def test_pieces_are_not_joined_with_anything_between() -> None:
    # "800102" and "1008" in two pieces read as "8001021008", as on the page
    [hit] = find_in_pieces(["800102", "1008"], TODAY)
    assert hit.number.normalised == "8001021008"


# -- lines --------------------------------------------------------------------


def test_line_of_an_offset() -> None:
    text = "Rubrik\n======\n\nSökande 811218-9876\noch\n800102-1008\n"
    lines = line_index(text)
    found = find_identity_numbers(text, TODAY)
    assert [lines.line_of(n.start) for n in found] == [4, 6]
    assert lines.line_of(0) == 1
    assert lines.line_of(len(text)) == 7  # past the last line break
    assert line_index("").line_of(0) == 1


def _memo_with(count: int) -> str:
    return "".join(f"Rad {i}: sökande 811218-9876 och mer text.\n" for i in range(count))


def _seconds(count: int) -> float:
    text = _memo_with(count)
    best = float("inf")
    for _ in range(3):
        begin = time.perf_counter()
        lines = line_index(text)
        found = find_identity_numbers(text, TODAY)
        located = [lines.line_of(n.start) for n in found]
        best = min(best, time.perf_counter() - begin)
    assert len(found) == count and located[-1] == count
    return best


def test_linear_in_the_number_of_hits() -> None:
    # 32,000 numbers once took 35 s (a rescan of the file per number). Linear
    # work makes 32 times the hits cost about 32 times as much; quadratic work
    # would cost about 1,000 times as much. The bounds are generous for a
    # shared machine and still fail on quadratic behaviour.
    small, large = _seconds(1_000), _seconds(32_000)
    assert large < 5.0
    assert large < 32 * 6 * max(small, 1e-4)


def test_the_quick_refusal_is_only_for_characters_normalising_keeps() -> None:
    """A text of the characters the finder refuses quickly (when it has no six
    digits in a row) is normalised without a digit made, lost or joined:
    checked for every character there is."""
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if not personnummer._UNCHANGED_DIGITS.fullmatch(char):
            continue
        normal = personnummer._normal_char(char)
        assert normal, hex(point)
        assert any(c in "0123456789" for c in normal) == (char in "0123456789"), hex(point)
        assert char not in "0123456789" or normal == char


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="0123456789 -+–\u00ad\u200b\uff11²abcåé.,", max_size=40))
def test_the_quick_refusal_finds_what_the_whole_search_finds(text) -> None:
    today = dt.date(2026, 12, 2)
    assert find_identity_numbers(text, today) == personnummer._find_all(text, today)
