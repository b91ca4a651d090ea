"""Plain Swedish (klarspråk): readability, long sentences and officialese.

Språklagen (2009:600) 11 § requires the language of public bodies to be
"vårdat, enkelt och begripligt".  ``sphinx-kommun check`` reports, for each
section of a memo (callers pass each section's text on its own):

* the LIX readability index (läsbarhetsindex, C. H. Björnsson 1968):
  words / sentences + 100 × long words / words, where a long word has more
  than six letters.  On the scale usually given with it: under 30 easy,
  30–40 fiction and newspapers, 40–50 factual prose, 50–60 specialist texts,
  over 60 very hard (official documents at their worst);
* sentences of more than 35 words, with their place in the text;
* officialese, with the plainer word to use, from ``klarsprak.yaml``.

Why not ``textstat.lix()``: it does not compute LIX as defined for Swedish.
It drops from the sentence count every sentence of two words or fewer, splits
sentences at every full stop (``bl.a.``, ``26 kap. 1 §``), and counts digits as
letters after removing punctuation, so ``2019/1097`` is one long word of eight
letters.  For "Beslutet fattades bl.a. enligt 26 kap. 1 § OSL. Dnr KS
2019/1097 gäller. Ja." it gives 27.4 where the hand count (13 words, 3
sentences, 2 long words) gives 19.7.  So this module counts by itself:

* A word is a run of letters or digits, with a hyphen or apostrophe inside it
  (``e-post``), full stops inside an abbreviation (``bl.a``, ``fr.o.m``), and
  ``. , : /`` between digits (``2,5``, ``13.00``, ``2019/1097``).  Numbers are
  words (a reader reads them); only letters count towards a long word.
* A sentence ends at ``.``, ``!``, ``?`` or ``…`` when the next word begins
  with a capital letter or a digit (Swedish sentences do), or the text or the
  paragraph (a blank line) ends; a paragraph without a full stop, such as a
  list item, is a sentence too.  A full stop after an abbreviation that never
  ends a sentence (``bl.a.``, ``t.ex.``, ``s.k.``, ``dvs.``, ``enl.``, an
  initial…) ends none, nor one after ``kap.``, ``kl.``, ``ca.``, ``nr.`` before
  a number (``26 kap. 1 §``); ``m.m.``, ``osv.``, ``etc.`` and ``kap.`` end one
  when a capital follows.

The officialese list (``klarsprak.yaml``, beside this module) is built from
public sources, named in its header and on each entry:

* Statsrådsberedningen, *Svarta listan – ord och fraser som kan ersättas i
  författningsspråk*, PM 2011:1, 4th ed. (Regeringskansliet, 2011);
* Språkrådet, *Myndigheternas skrivregler*, 8th ed. (2014), section 1.4
  "Använd enkla och begripliga ord";
* Malmö stad, *Skrivguiden*, "Använd enkla och begripliga ord";
* and, for what the check is for, Språkrådet's *Klarspråkstestet*, questions
  about a decision or a letter that show what makes it harder to understand.

The YAML's header says how far each entry's attribution could be checked.

What a memo's reading makes of these measures is a :class:`Report`: the LIX
of the memo and of each section, and every long sentence and piece of
officialese at its file and line.  It is plain data, kept in the memo's
record, so that the build's warnings, ``sphinx-kommun check``'s table and
``memos.json`` all say the same.

Each entry names its inflected forms (Swedish verbs are too irregular to guess:
``erhålla``, ``erhöll``, ``erhållit``); a hit is a whole word or phrase in any
case, and a phrase matches across spaces and line breaks.  A profile may add
entries of the same shape; a bad entry is reported with its key and left out.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

#: More words than this make a sentence long: reported as a place to look,
#: not as an error.
LONG_SENTENCE = 35
#: A long word (LIX) has more letters than this.
LONG_WORD = 6
#: The LIX above which a memo is warned of, unless its profile sets another
#: (``klarsprak: lix_grans``): over 50 is hard to read, over 60 is officialese.
LIX_LIMIT = 55.0
#: A section with fewer words has a LIX that says little: it is not warned of on
#: its own (its words still count towards the memo's LIX).
SECTION_MIN_WORDS = 40
#: How many words of a long sentence a message shows.
OPENING_WORDS = 8
#: Abbreviations whose full stop never ends a sentence, lower case, without
#: their last full stop.
NEVER_FINAL = frozenset(
    (
        *("bl.a", "t.ex", "s.k", "dvs", "d.v.s", "enl", "jfr", "p.g.a", "pga", "fr.o.m"),
        *("t.o.m", "resp", "inkl", "exkl", "f.d", "f.n", "t.v", "o.dyl", "ang", "s.a.s"),
        *("m.h.a", "i.st.f", "f.ö", "avd", "prop", "tel", "bet", "förf"),
    )
)
#: Abbreviations whose full stop ends no sentence when a number follows
#: (``26 kap. 1 §``, ``kl. 13.00``, ``ca. 3``, ``s. 12``); before a capital it may.
NOT_FINAL_BEFORE_NUMBER = frozenset(("kap", "kl", "ca", "nr", "s", "st", "p"))

_WORD = re.compile(r"[^\W_]+(?:(?:[-'’]|(?<=[^\W\d_])\.(?=[^\W\d_])|(?<=\d)[.,:/](?=\d))[^\W_]+)*")
_WORD_START = re.compile(r"(?<![\w-])\w+")
_CANDIDATE = re.compile(r"[.!?…]|\n[ \t]*\n")
_STOP = re.compile(r"[.!?…]+[\"”’»)\]]*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text[start:end]``, and how many words it has."""

    start: int
    end: int
    words: int


@dataclass(frozen=True)
class Entry:
    """One piece of officialese: the word or phrase, what to write instead,
    every form that is matched, and where the advice comes from."""

    word: str
    suggestion: str
    forms: tuple[str, ...]
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Officialese:
    """A hit of officialese: ``text[start:end]`` is ``written``, a form of
    ``entry``."""

    start: int
    end: int
    written: str
    entry: Entry

    @property
    def suggestion(self) -> str:
        return self.entry.suggestion


@dataclass(frozen=True)
class ListProblem:
    """An entry of a word list that cannot be used, by its key."""

    key: str
    message: str


@dataclass(frozen=True)
class Wordlist:
    """Officialese entries, with one pattern that finds them all in one pass."""

    entries: tuple[Entry, ...]
    _by_form: dict[str, Entry] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    #: The first word of every form, lower case: only where one of them stands
    #: is the pattern tried (one pattern of a few hundred alternatives, tried at
    #: every character, took most of the check's time).
    _firsts: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_form = {_key(form): entry for entry in self.entries for form in entry.forms}
        # Longest first, so that a phrase wins over a word it begins with.
        forms = sorted(by_form, key=len, reverse=True)
        body = "|".join(r"\s+".join(map(re.escape, form.split(" "))) for form in forms)
        pattern = rf"(?<![\w-])(?:{body})(?![\w-])" if forms else r"(?!)"
        object.__setattr__(self, "_by_form", by_form)
        object.__setattr__(self, "_pattern", re.compile(pattern, re.IGNORECASE))
        object.__setattr__(self, "_firsts", frozenset(form.split(" ")[0] for form in forms))

    def find(self, text: str) -> tuple[Officialese, ...]:
        """Every piece of officialese in ``text``, in order."""
        found: list[Officialese] = []
        end = 0
        for word in _WORD_START.finditer(text):
            if word.start() < end or word.group().lower() not in self._firsts:
                continue
            match = self._pattern.match(text, word.start())
            if match is not None:
                found.append(
                    Officialese(
                        match.start(),
                        match.end(),
                        match.group(),
                        self._by_form[_key(match.group())],
                    )
                )
                end = match.end()
        return tuple(found)

    def merged(
        self, data: object, source: str = "profil"
    ) -> tuple[Wordlist, tuple[ListProblem, ...]]:
        """This list with the entries of ``data`` (a mapping of the shape of
        ``klarsprak.yaml``, such as a profile's own list) added.  An entry of
        ``data`` for a word already listed replaces its suggestion, source and
        note, and keeps its forms besides its own.  Entries that cannot be
        used are left out and reported."""
        extra, problems = read_entries(data, source)
        base = {_key(entry.word): entry for entry in self.entries}
        merged = dict(base)
        for entry in extra:
            old = base.get(_key(entry.word))
            if old is not None:
                forms = tuple(dict.fromkeys((*entry.forms, *old.forms)))
                entry = Entry(entry.word, entry.suggestion, forms, entry.sources, entry.note)
            merged[_key(entry.word)] = entry
        return Wordlist(tuple(merged.values())), problems


@dataclass(frozen=True)
class Analysis:
    """What the plain-language check found in one text."""

    lix: float
    words: int
    long_words: int
    sentences: int
    long_sentences: tuple[Sentence, ...]
    officialese: tuple[Officialese, ...]

    @property
    def measure(self) -> Measure:
        return Measure(self.words, self.long_words, self.sentences)


@dataclass(frozen=True)
class Measure:
    """What LIX is computed from.  Measures add up, so that the LIX of a memo is
    that of all its judged text, not an average of its sections' LIX."""

    words: int = 0
    long_words: int = 0
    sentences: int = 0

    @property
    def lix(self) -> float:
        """words / sentences + 100 × long words / words; 0.0 without words."""
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            self.words + other.words,
            self.long_words + other.long_words,
            self.sentences + other.sentences,
        )


@dataclass(frozen=True)
class SectionMeasure:
    """One section of a memo: its key (``sammanfattning``; ``beslut`` for a
    decision; "" for text outside every section), heading, place and measure."""

    key: str
    heading: str
    source: str
    line: int
    measure: Measure

    @property
    def lix(self) -> float:
        return self.measure.lix


@dataclass(frozen=True)
class SentenceAt:
    """A long sentence where it was written, with its first words to find it by."""

    source: str
    line: int
    words: int
    opening: str


@dataclass(frozen=True)
class OfficialeseAt:
    """A piece of officialese where it was written, and what to write instead."""

    source: str
    line: int
    written: str
    word: str
    suggestion: str
    note: str = ""


@dataclass(frozen=True)
class Report:
    """What the plain-language check found in one memo (Swedish text only)."""

    #: The LIX above which the memo is warned of (the profile's ``lix_grans``).
    limit: float
    sections: tuple[SectionMeasure, ...]
    long_sentences: tuple[SentenceAt, ...]
    officialese: tuple[OfficialeseAt, ...]

    @property
    def measure(self) -> Measure:
        return sum((s.measure for s in self.sections), Measure())

    @property
    def lix(self) -> float:
        return self.measure.lix

    def hard_sections(self) -> tuple[SectionMeasure, ...]:
        """The sections over the limit that are long enough for LIX to say so."""
        return tuple(
            s for s in self.sections if s.measure.words >= SECTION_MIN_WORDS and s.lix > self.limit
        )


def _key(form: str) -> str:
    """A form as it is looked up: lower case, one space between its words."""
    return " ".join(form.split()).lower()


def read_entries(data: object, source: str) -> tuple[tuple[Entry, ...], tuple[ListProblem, ...]]:
    """The entries of a word list (a mapping whose one key is ``ord``, as in
    ``klarsprak.yaml``, or the mapping of words itself), and a problem for each
    entry of the wrong shape: ``forslag`` a text, ``former`` and ``kalla`` a
    text or a list of texts (``kalla`` is ``source`` when missing),
    ``anmarkning`` a text."""
    if isinstance(data, Mapping) and list(data) == ["ord"]:
        data = data["ord"]
    if not isinstance(data, Mapping):
        return (), (ListProblem("", "a word list is a mapping of word → entry"),)
    entries: list[Entry] = []
    problems: list[ListProblem] = []
    for key, value in data.items():
        entry = _entry(key, value, source)
        if isinstance(entry, ListProblem):
            problems.append(entry)
        else:
            entries.append(entry)
    return tuple(entries), tuple(problems)


def _texts(value: object) -> tuple[str, ...] | None:
    """A non-empty text or a list of them, as a tuple; else None."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _entry(key: object, value: object, source: str) -> Entry | ListProblem:
    name = str(key)
    if not isinstance(key, str) or not key.strip():
        return ListProblem(name, "the word must be a non-empty text")
    if not isinstance(value, Mapping):
        return ListProblem(name, "an entry is a mapping with at least 'forslag'")
    unknown = set(value) - {"forslag", "former", "kalla", "anmarkning"}
    if unknown:
        return ListProblem(name, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    suggestion = value.get("forslag")
    if not isinstance(suggestion, str) or not suggestion.strip():
        return ListProblem(name, "'forslag' (what to write instead) must be a non-empty text")
    forms = _texts(value.get("former", []))
    if forms is None:
        return ListProblem(name, "'former' must be a text or a list of texts")
    sources = _texts(value.get("kalla", source))
    if not sources:
        return ListProblem(name, "'kalla' must be a text or a list of texts")
    note = value.get("anmarkning", "")
    if not isinstance(note, str):
        return ListProblem(name, "'anmarkning' must be a text")
    word = " ".join(key.split())
    all_forms = tuple(dict.fromkeys((word, *(" ".join(f.split()) for f in forms))))
    return Entry(word, suggestion.strip(), all_forms, sources, note.strip())


def profile_wordlist(extra: Mapping[str, Any] | None) -> tuple[Wordlist, tuple[ListProblem, ...]]:
    """The shipped list with a profile's own words (``klarsprak: ord``) merged
    in, and the entries of those that cannot be used.  Made once per list: a
    build asks for every memo's."""
    if not extra:
        return default_wordlist(), ()
    return _merged(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str))


@lru_cache(maxsize=64)
def _merged(extra: str) -> tuple[Wordlist, tuple[ListProblem, ...]]:
    return default_wordlist().merged(json.loads(extra))


@cache
def default_wordlist() -> Wordlist:
    """The list that ships with the extension (``klarsprak.yaml``)."""
    text = resources.files(__package__).joinpath("klarsprak.yaml").read_text(encoding="utf-8")
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries, problems = read_entries(yaml.load(text, Loader=loader), "klarsprak.yaml")
    if problems:  # a packaging mistake, caught by the tests
        raise ValueError(f"klarsprak.yaml: {problems}")
    return Wordlist(entries)


def words(text: str) -> list[re.Match[str]]:
    """The words of ``text`` (see the module's text), as matches for their place."""
    return list(_WORD.finditer(text))


def _letters(word: str) -> int:
    return sum(map(str.isalpha, word))


def _sentence_end(gap: str, previous: str, following: str | None) -> int | None:
    """Where in ``gap`` (the text between the word ``previous`` and the word
    ``following``, None at the end of the text) the sentence ends, or None
    when it goes on."""
    stop = _STOP.search(gap)
    if following is None or _PARAGRAPH_BREAK.search(gap):
        return stop.end() if stop else 0
    if stop is None or not gap[stop.end() :][:1].isspace():
        return None
    first = following[0]
    if stop.start() == 0 and stop.group() == ".":
        word = previous.lower()
        if word in NEVER_FINAL or (len(previous) == 1 and previous.isupper()):
            return None
        if first.isdigit() and word in NOT_FINAL_BEFORE_NUMBER:
            return None
    return stop.end() if first.isupper() or first.isdigit() else None


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (see the module's text), in order."""
    return _sentences(text, words(text))


def _sentences(text: str, tokens: list[re.Match[str]]) -> list[Sentence]:
    found: list[Sentence] = []
    if not tokens:
        return found
    # Only a gap holding a stop or a blank line, or the last one, can end a
    # sentence: those gaps alone are judged, not every gap between two words.
    starts = [token.start() for token in tokens]
    last = len(tokens) - 1
    candidates = {last}
    for mark in _CANDIDATE.finditer(text):
        index = bisect_right(starts, mark.start()) - 1
        if index >= 0 and mark.start() >= tokens[index].end():
            candidates.add(index)
    first = 0
    for index in sorted(candidates):
        token = tokens[index]
        following = tokens[index + 1] if index < last else None
        gap = text[token.end() : following.start() if following else len(text)]
        end = _sentence_end(gap, token.group(), following.group() if following else None)
        if end is not None:
            found.append(Sentence(tokens[first].start(), token.end() + end, index + 1 - first))
            first = index + 1
    return found


def lix(text: str) -> float:
    """The LIX of ``text``; 0.0 for a text without words."""
    return analyse(text, Wordlist(())).lix


def analyse(text: str, wordlist: Wordlist | None = None) -> Analysis:
    """Readability, long sentences and officialese of one text (a section)."""
    tokens = words(text)
    # Most words are too short to be long whatever their letters: not counted.
    long_words = sum(
        _letters(word) > LONG_WORD for word in _WORD.findall(text) if len(word) > LONG_WORD
    )
    found = _sentences(text, tokens)
    value = 0.0
    if tokens:
        value = len(tokens) / len(found) + 100 * long_words / len(tokens)
    return Analysis(
        lix=value,
        words=len(tokens),
        long_words=long_words,
        sentences=len(found),
        long_sentences=tuple(s for s in found if s.words > LONG_SENTENCE),
        officialese=(default_wordlist() if wordlist is None else wordlist).find(text),
    )
