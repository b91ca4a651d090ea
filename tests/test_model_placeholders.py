"""The scaffold's placeholder texts: the quick look at a whole document says
"maybe" wherever a heading or paragraph of it holds one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_kommun.model.placeholders import PLACEHOLDERS, may_hold_placeholders, placeholders_in

OTHER = ["Kommunstyrelsen", "beslutar", "att", ",", "[", "]", "\n", " "]
WORDS = st.sampled_from([p.text for p in PLACEHOLDERS] + OTHER)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=8), st.text(max_size=10), st.text(max_size=10))
def test_a_document_holding_a_text_with_a_placeholder_may_hold_one(words, before, after) -> None:
    text = " ".join(words)
    if placeholders_in(text):
        document = " ".join(f"{before}\n\n{text}\n\n{after}".split())
        assert may_hold_placeholders(document)


def test_each_placeholder_is_seen_however_it_is_broken_and_cased() -> None:
    for placeholder in PLACEHOLDERS:
        broken = placeholder.text.upper().replace(" ", "\n   ", 1)
        assert may_hold_placeholders(" ".join(f"Före [{broken}] efter.".split()))


def test_a_memo_of_its_own_words_holds_none() -> None:
    assert not may_hold_placeholders("Förslag till beslut Kommunstyrelsen antar programmet.")
