"""Plain Swedish: LIX against hand counts, long sentences with their place,
and officialese found in every form with the plainer word to use; a profile's
own list merges in, and a bad entry is reported by its key."""

from __future__ import annotations

import re

import pytest
import yaml

from sphinx_kommun.model import klarsprak
from sphinx_kommun.model.klarsprak import (
    ListProblem,
    Wordlist,
    analyse,
    default_wordlist,
    lix,
    sentences,
)

# -- LIX: three texts counted by hand ------------------------------------------

SIMPLE = "Kommunen bygger en ny skola. Den ska vara klar 2027. Barnen får fler platser."
# Kommunen* bygger en ny skola | Den ska vara klar 2027 | Barnen får fler platser*
# 5 + 5 + 4 = 14 words, 3 sentences; long (more than six letters): Kommunen (8),
# platser (7) = 2 ("bygger", "Barnen" have six). 2027 is a word without letters.
# LIX = 14/3 + 100*2/14 = 4.667 + 14.286 = 18.952

OFFICIAL = (
    "Kommunstyrelsen beslutade den 26 juni 2019, dnr KS 2019/1097, att anta "
    "programmet. Kostnaden är ca 2,5 miljoner kronor, bl.a. för konsulter och "
    "s.k. workshoppar m.m. Förvaltningen föreslår enl. OSL 26 kap. 1 § att "
    "bilagan sekretessbeläggs."
)
# 1: Kommunstyrelsen* beslutade* den 26 juni 2019 dnr KS 2019/1097 att anta
#    programmet* = 12 words, 3 long ("2019/1097" is one word, with no letters)
# 2: Kostnaden* är ca 2,5 miljoner* kronor bl.a för konsulter* och s.k
#    workshoppar* m.m = 13 words, 4 long ("2,5", "bl.a", "s.k", "m.m" one word
#    each); "m.m." ends the sentence, since a capital follows
# 3: Förvaltningen* föreslår* enl OSL 26 kap 1 att bilagan* sekretessbeläggs*
#    = 10 words, 4 long; "enl." and "kap." end no sentence; "§" is no word
# 35 words, 3 sentences, 11 long: LIX = 35/3 + 1100/35 = 11.667 + 31.429 = 43.095

SEED = (
    "De åtta Södertörnskommunerna har sedan 2007 ett gemensamt\n"
    "utvecklingsprogram för Södertörn. Det finns nu ett reviderat program för 2035\n"
    "framme för beslut. Förslaget är framtaget i Södertörns samarbetskommitté och\n"
    "ledningsgrupp."
)
# From the reference memo's Sammanfattning.
# 1: De åtta Södertörnskommunerna* har sedan 2007 ett gemensamt*
#    utvecklingsprogram* för Södertörn* = 11 words, 4 long
# 2: Det finns nu ett reviderat* program* för 2035 framme för beslut = 11, 2 long
# 3: Förslaget* är framtaget* i Södertörns* samarbetskommitté* och
#    ledningsgrupp* = 8 words, 5 long
# 30 words, 3 sentences, 11 long: LIX = 30/3 + 1100/30 = 10 + 36.667 = 46.667


@pytest.mark.parametrize(
    ("text", "words", "sentences_", "long_words", "value"),
    [
        (SIMPLE, 14, 3, 2, 14 / 3 + 100 * 2 / 14),
        (OFFICIAL, 35, 3, 11, 35 / 3 + 100 * 11 / 35),
        (SEED, 30, 3, 11, 30 / 3 + 100 * 11 / 30),
    ],
)
def test_lix_against_hand_counts(
    text: str, words: int, sentences_: int, long_words: int, value: float
) -> None:
    result = analyse(text)
    assert (result.words, result.sentences, result.long_words) == (words, sentences_, long_words)
    assert result.lix == pytest.approx(value)
    assert lix(text) == pytest.approx(value)


def test_hand_counted_values() -> None:
    assert round(lix(SIMPLE), 1) == 19.0
    assert round(lix(OFFICIAL), 1) == 43.1
    assert round(lix(SEED), 1) == 46.7


def test_lix_of_no_words() -> None:
    assert lix("") == 0.0
    assert lix(" § – … ") == 0.0


# -- sentences --------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ett. Två tre. Fyra!", ["Ett.", "Två tre.", "Fyra!"]),
        (
            "Vad kostar det? Mycket! 2025 blev dyrt.",
            ["Vad kostar det?", "Mycket!", "2025 blev dyrt."],
        ),
        # abbreviations that never end a sentence, whatever follows
        (
            "Det gäller bl.a. Huddinge och t.ex. Salem.",
            ["Det gäller bl.a. Huddinge och t.ex. Salem."],
        ),
        ("Se 26 kap. 1 § OSL och kl. 13.00 i dag.", ["Se 26 kap. 1 § OSL och kl. 13.00 i dag."]),
        ("Enligt J. Svensson gäller det.", ["Enligt J. Svensson gäller det."]),
        (
            "Den s.k. planen, dvs. programmet, gäller.",
            ["Den s.k. planen, dvs. programmet, gäller."],
        ),
        # "kap." before a number ends no sentence; before a capital it does
        (
            "Det överklagas enligt 13 kap. Överklagandet ska in.",
            ["Det överklagas enligt 13 kap.", "Överklagandet ska in."],
        ),
        ("Kostnaden är 5 mnkr. Nästa år 6 mnkr.", ["Kostnaden är 5 mnkr.", "Nästa år 6 mnkr."]),
        # m.m. and osv. end a sentence when a capital follows, not otherwise
        ("Äpplen, päron m.m. Sedan kaffe.", ["Äpplen, päron m.m.", "Sedan kaffe."]),
        ("Äpplen, päron m.m. och kaffe.", ["Äpplen, päron m.m. och kaffe."]),
        # a full stop before a small letter is no sentence end
        ("Hon kom hem. sedan gick hon.", ["Hon kom hem. sedan gick hon."]),
        # closing quotes and brackets stay with their sentence
        (
            "Den lyder: ”Södertörn driver regionen.” Sedan mål.",
            ["Den lyder: ”Södertörn driver regionen.”", "Sedan mål."],
        ),
        ("Se bilagan (bilaga 1). Nästa punkt.", ["Se bilagan (bilaga 1).", "Nästa punkt."]),
        # a paragraph without a full stop (a heading, a list item) is a sentence
        (
            "Ekonomiska konsekvenser\n\nKostnaden är låg.",
            ["Ekonomiska konsekvenser", "Kostnaden är låg."],
        ),
        ("Punkt ett\n  \npunkt två", ["Punkt ett", "punkt två"]),
        # a line break inside a paragraph is no sentence end
        ("Programmet gäller\nfram till 2035.", ["Programmet gäller\nfram till 2035."]),
        ("utan punkt", ["utan punkt"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def _sentence(count: int) -> str:
    return " ".join(["Ord", *["ord"] * (count - 2), "slut."])


def test_long_sentences_with_their_place() -> None:
    short, long_ = _sentence(35), _sentence(36)
    text = f"{short} {long_} Kort."
    result = analyse(text)
    [found] = result.long_sentences
    assert found.words == 36
    assert text[found.start : found.end] == long_
    assert result.sentences == 3


# -- officialese --------------------------------------------------------------------


def hits(text: str, wordlist: Wordlist | None = None) -> list[tuple[str, str, str]]:
    found = analyse(text, wordlist).officialese
    for hit in found:
        assert text[hit.start : hit.end] == hit.written
    return [(hit.written, hit.entry.word, hit.suggestion) for hit in found]


def test_forms_case_and_offsets() -> None:
    text = "Kommunen ERHÖLL bidraget och har erhållit mer. Erhålla är ett gammalt ord."
    assert hits(text) == [
        ("ERHÖLL", "erhålla", "få"),
        ("erhållit", "erhålla", "få"),
        ("Erhålla", "erhålla", "få"),
    ]


def test_phrases_across_spaces_and_line_breaks() -> None:
    text = "Det sker i enlighet\nmed avtalet. Mötet äger   rum i morgon i syfte att besluta."
    assert [(w, e) for w, e, _s in hits(text)] == [
        ("i enlighet\nmed", "i enlighet med"),
        ("äger   rum", "äga rum"),
        ("i syfte att", "i syfte att"),
    ]


def test_whole_words_only() -> None:
    # "samt" inside other words, "icke" as a compound's first part, and
    # "företaget" (a company) are no officialese
    text = "Samtliga samtal hölls. En icke-vinstdrivande förening. Företaget växer."
    assert hits(text) == []


def test_the_longest_phrase_wins() -> None:
    assert hits("Det görs i erforderlig utsträckning och med erforderliga medel.") == [
        ("i erforderlig utsträckning", "i erforderlig utsträckning", "i den mån det behövs"),
        ("erforderliga", "erforderlig", "nödvändig, behövlig"),
    ]


def test_the_words_the_brief_asks_for() -> None:
    words = {entry.word for entry in default_wordlist().entries}
    assert {
        "erhålla", "tillhandahålla", "beträffande", "angående", "i enlighet med", "samt",
        "emedan", "erforderlig", "icke", "innevarande år", "således", "ävensom",
        "tillställa", "företa", "i syfte att", "äga rum", "ombesörja", "vederbörande",
        "torde", "härmed", "delge", "delgivning",
    } <= words  # fmt: skip
    assert 40 <= len(words) <= 80


def test_suggestions_of_the_shipped_list() -> None:
    by_word = {entry.word: entry.suggestion for entry in default_wordlist().entries}
    assert by_word["erhålla"] == "få"
    assert by_word["i enlighet med"] == "enligt"
    assert by_word["emedan"] == "eftersom"
    assert by_word["icke"] == "inte"
    assert by_word["innevarande år"] == "i år"
    assert by_word["i syfte att"] == "för att"


def _header_sources() -> set[str]:
    text = (klarsprak.resources.files("sphinx_kommun.model") / "klarsprak.yaml").read_text("utf-8")
    return set(re.findall(r"^#   ([a-z-]+) ", text, re.MULTILINE))


def test_every_entry_names_a_source_of_the_header() -> None:
    sources = _header_sources()
    assert sources == {"svarta-listan", "skrivregler", "malmo-skrivguiden"}
    for entry in default_wordlist().entries:
        assert entry.sources and set(entry.sources) <= sources, entry


def test_every_form_is_found_as_its_own_entry() -> None:
    seen: dict[str, str] = {}
    for entry in default_wordlist().entries:
        for form in entry.forms:
            assert form.lower() not in seen, (form, seen.get(form.lower()))
            seen[form.lower()] = entry.word
            assert hits(f"Här står {form} i en mening.") == [(form, entry.word, entry.suggestion)]


# -- a profile's own list --------------------------------------------------------------


def test_a_profile_list_adds_and_replaces() -> None:
    data = yaml.safe_load(
        """
        ord:
          nyttja:
            forslag: använda
            former: [nyttjar, nyttjade, nyttjat]
          erhålla:
            forslag: få, ta emot
            kalla: Huddinge kommuns skrivregler
        """
    )
    merged, problems = default_wordlist().merged(data)
    assert problems == ()
    # the replaced entry keeps the forms of the shipped one
    assert hits("Vi nyttjade lokalen och erhöll pengar.", merged) == [
        ("nyttjade", "nyttja", "använda"),
        ("erhöll", "erhålla", "få, ta emot"),
    ]
    by_word = {entry.word: entry for entry in merged.entries}
    assert by_word["nyttja"].sources == ("profil",)
    assert by_word["erhålla"].sources == ("Huddinge kommuns skrivregler",)
    assert len(merged.entries) == len(default_wordlist().entries) + 1


def test_bad_entries_are_reported_by_key_and_left_out() -> None:
    data = {
        "nyttja": {"forslag": "använda"},
        "utan förslag": {"former": ["x"]},
        "tomt förslag": {"forslag": "  "},
        "fel former": {"forslag": "a", "former": {"nyttjar": 1}},
        "former med tal": {"forslag": "a", "former": ["ok", 3]},
        "okänt fält": {"forslag": "a", "suggestion": "b"},
        "fel källa": {"forslag": "a", "kalla": {"x": 1}},
        "fel anmärkning": {"forslag": "a", "anmarkning": ["x"]},
        "inte en mappning": "använda",
        "": {"forslag": "a"},
        42: {"forslag": "a"},
        "ingenting": None,
    }
    merged, problems = default_wordlist().merged(data)
    assert {problem.key for problem in problems} == {
        "utan förslag", "tomt förslag", "fel former", "former med tal", "okänt fält",
        "fel källa", "fel anmärkning", "inte en mappning", "", "42", "ingenting",
    }  # fmt: skip
    assert all(isinstance(problem, ListProblem) and problem.message for problem in problems)
    assert hits("Vi nyttjar lokalen.", merged) == []  # "nyttjar" is no listed form
    assert hits("Vi nyttja lokalen.", merged) == [("nyttja", "nyttja", "använda")]


@pytest.mark.parametrize("data", [None, [], "ord", 3, {"ord": ["nyttja"]}, {"ord": None}])
def test_a_list_of_the_wrong_shape_is_one_problem(data: object) -> None:
    merged, problems = default_wordlist().merged(data)
    assert [problem.key for problem in problems] == [""]
    assert merged.entries == default_wordlist().entries


def test_an_empty_list_finds_nothing() -> None:
    assert Wordlist(()).find("Vi erhöll pengar.") == ()


# -- a memo's report ---------------------------------------------------------------


def test_measures_add_up_to_the_lix_of_the_whole_text() -> None:
    first, second = analyse(SIMPLE), analyse(OFFICIAL)
    both = analyse(f"{SIMPLE}\n\n{OFFICIAL}")
    assert first.measure + second.measure == both.measure
    assert (first.measure + second.measure).lix == pytest.approx(both.lix)
    assert klarsprak.Measure().lix == 0.0


def _section(key: str, words: int, long_words: int, sentences: int) -> klarsprak.SectionMeasure:
    return klarsprak.SectionMeasure(
        key, key, "", 1, klarsprak.Measure(words, long_words, sentences)
    )


def test_only_sections_long_enough_are_hard_on_their_own() -> None:
    # 40 words in 1 sentence, 20 long: 40 + 50 = 90; 39 words: too short to judge alone
    report = klarsprak.Report(
        55.0,
        (_section("lang", 40, 20, 1), _section("kort", 39, 30, 1), _section("latt", 40, 0, 8)),
        (),
        (),
    )
    assert [s.key for s in report.hard_sections()] == ["lang"]
    assert report.measure == klarsprak.Measure(119, 50, 10)


def test_a_profile_list_is_merged_once() -> None:
    extra = {"nyttja": {"forslag": "använda"}}
    first, problems = klarsprak.profile_wordlist(extra)
    assert problems == ()
    assert klarsprak.profile_wordlist(dict(extra))[0] is first
    assert klarsprak.profile_wordlist(None)[0] is default_wordlist()
    assert hits("Vi nyttja den.", first) == [("nyttja", "nyttja", "använda")]
