"""Klarspråk: the text of a memo a reader is asked to read, taken from its
finished doctree and measured (:mod:`sphinx_kommun.model.klarsprak` counts).

The domain calls :func:`measure` once a memo is read and translated, and
keeps the :class:`~sphinx_kommun.model.klarsprak.Report` in the memo's
record; the build's warnings (``kommun_klarsprak``), ``sphinx-kommun check``
and ``memos.json`` read it there.

What is judged is the writer's prose: the paragraphs of the decision points
and of each section, list items and the cells of a table of words included,
each section on its own.  What is not judged, because it is not prose the
writer can make plainer or because LIX would miscount it:

* quotations: block quotes, and inline text between ”…”, “…”, "…" or »…«
  (a vision or a statute is quoted as it was written);
* tables of figures (most of their cells are numbers), and every table's
  header row;
* titles and headings, figure captions, the names of focus areas and appendices;
* names: the memo's header, the signatures, the recipients;
* the extension's own labels, literal text and code, bare web and e-mail
  addresses, comments.

Each judged paragraph keeps its file and line, so a long sentence or a piece
of officialese is reported where it was written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.model.klarsprak import (
    LIX_LIMIT,
    OPENING_WORDS,
    OfficialeseAt,
    Report,
    SectionMeasure,
    SentenceAt,
    Wordlist,
    analyse,
    profile_wordlist,
)
from sphinx_kommun.model.personnummer import find_identity_numbers
from sphinx_kommun.nodes import PART, is_part, memo_header

if TYPE_CHECKING:
    from sphinx_kommun.model.profile import Profile

#: Parts of a memo that are names or labels, not prose.
NAMES = frozenset(
    {"underskrifter", "bilagor", "delges", "fokus-namn", "handlaggare-titel", "mottagare"}
)
#: Blocks whose text is not judged.
SKIPPED_BLOCKS: tuple[type[nodes.Node], ...] = (
    memo_header,
    nodes.block_quote,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.line_block,
    nodes.comment,
    nodes.raw,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.thead,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.caption,
    nodes.term,
    nodes.label,
    nodes.field_name,
)
#: Inline text that is not the writer's prose.
SKIPPED_INLINE: tuple[type[nodes.Node], ...] = (
    nodes.literal,
    nodes.math,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.problematic,
    nodes.raw,
)
#: A quotation inside a paragraph, with its marks: Swedish ”…” and »…», English
#: “…”, and straight quotes where smart quotes were turned off.
QUOTATION = re.compile(r"”[^”]*”|“[^”“]*”|\"[^\"]*\"|»[^»«]*[«»]")
_FINAL_STOP = re.compile(r"[.!?…]+(?=\W*$)")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
#: A table cell is a figure when it has a digit and at most one short word (a unit).
_UNIT_LENGTH = 5


@dataclass
class _Judged:
    """The judged text of one section, and the file and line each line came from."""

    key: str
    heading: str
    line: int
    source: str = ""
    text: list[str] = field(default_factory=list)
    length: int = 0
    #: Where each line starts in the text, and its (source, line).
    starts: list[int] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)

    def add(self, paragraph: nodes.paragraph) -> None:
        source = paragraph.source or ""
        first = int(paragraph.line or 0)
        if not self.source:
            self.source = source
        if self.length:
            self._append("\n\n")
        text, breaks = _paragraph_text(paragraph)
        self.starts.append(self.length)
        self.places.append((source, first))
        for offset, newlines in breaks:
            self.starts.append(self.length + offset)
            self.places.append((source, first + newlines))
        self._append(blank_quotations(text))

    def _append(self, text: str) -> None:
        self.text.append(text)
        self.length += len(text)

    def place(self, offset: int) -> tuple[str, int]:
        return self.places[max(bisect_right(self.starts, offset) - 1, 0)]


def _paragraph_text(paragraph: nodes.paragraph) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph's judged text, and for each of its line breaks in the source
    where the next line starts in that text and how many lines down it is."""
    pieces: list[str] = []
    breaks: list[tuple[int, int]] = []
    length = newlines = 0

    def walk(node: nodes.Element) -> None:
        nonlocal length, newlines
        for child in node.children:
            if isinstance(child, nodes.Text):
                text = child.astext()
                for match in re.finditer("\n", text):
                    breaks.append((length + match.end(), newlines + 1))
                    newlines += 1
                pieces.append(text)
                length += len(text)
            elif isinstance(child, SKIPPED_INLINE) or _is_address(child):
                # Left out, but a word on each side stays a word of its own,
                # and the lines it spanned still count.
                newlines += child.astext().count("\n")
                pieces.append(" ")
                length += 1
                breaks.append((length, newlines))
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(paragraph)
    return "".join(pieces), breaks


def _is_address(node: nodes.Node) -> bool:
    """A bare web or e-mail address: a name for a place, not words to read."""
    if not isinstance(node, nodes.reference):
        return False
    uri = str(node.get("refuri", ""))
    text = node.astext().strip()
    return bool(uri) and text in (uri, uri.removeprefix("mailto:"))


def blank_quotations(text: str) -> str:
    """``text`` with every quotation blanked out, its length kept (offsets stay
    true) and its last full stop kept, so the sentence that quotes it still
    ends where it did."""

    def blank(match: re.Match[str]) -> str:
        quoted = match.group()
        stop = _FINAL_STOP.search(quoted[1:-1])
        if stop is None:
            return " " * len(quoted)
        start = stop.start() + 1
        return " " * start + stop.group() + " " * (len(quoted) - start - len(stop.group()))

    return QUOTATION.sub(blank, text)


def is_table_of_figures(table: nodes.table) -> bool:
    """Most of the body's cells are figures (``2 500``, ``13 %``, ``1,2 mnkr``)."""
    cells = [
        text
        for body in table.findall(nodes.tbody)
        for entry in body.findall(nodes.entry)
        if (text := entry.astext().strip())
    ]
    figures = sum(_is_figure(text) for text in cells)
    return bool(cells) and 2 * figures >= len(cells)


def _is_figure(text: str) -> bool:
    words = _LETTER_WORD.findall(text)
    return (
        any(c.isdigit() for c in text)
        and len(words) <= 1
        and all(len(w) <= _UNIT_LENGTH for w in words)
    )


def _skipped(node: nodes.Element) -> bool:
    if isinstance(node, SKIPPED_BLOCKS) or node.get(PART) in NAMES:
        return True
    if isinstance(node, nodes.table):
        return is_table_of_figures(node)
    if isinstance(node, nodes.topic) and "contents" in node["classes"]:
        return True  # a table of contents: headings again
    # The extension's own words: a label is marked untranslatable.
    return isinstance(node, nodes.paragraph) and node.get("translatable") is False


def _heading(node: nodes.Element) -> str:
    title = next(iter(node.findall(nodes.title)), None)
    return " ".join(title.astext().split()) if title is not None else ""


def _section_key(node: nodes.Element) -> str | None:
    """The key a section of the memo is reported by; None for any other node."""
    if is_part(node, "avsnitt") and "key" in node:
        return str(node["key"])
    return "beslut" if is_part(node, "beslut") else None


def judged_sections(document: nodes.document) -> list[_Judged]:
    """The judged text of a memo, one entry per section in the order written;
    text outside every section comes under the key ""."""
    found: list[_Judged] = []
    outside: _Judged | None = None

    def text_outside(line: int) -> _Judged:
        nonlocal outside
        if outside is None:
            outside = _Judged("", "", line)
            found.append(outside)
        return outside

    def walk(node: nodes.Element, section: _Judged | None) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element) or _skipped(child):
                continue
            key = _section_key(child)
            if key is not None:
                inner = _Judged(key, _heading(child), int(child.get("line") or 0))
                found.append(inner)
                walk(child, inner)
            elif isinstance(child, nodes.paragraph):
                (section or text_outside(int(child.line or 0))).add(child)
            else:
                walk(child, section)

    walk(document, None)
    return [section for section in found if section.length]


def masked(text: str) -> str:
    """``text`` as a message may show it: a personal identity number in it has its
    last four digits hidden, as in the personnummer check's own messages (a
    build log is kept and shared)."""
    for number in reversed(find_identity_numbers(text)):
        text = text[: number.start] + number.masked + text[number.end :]
    return text


def measure(document: nodes.document, wordlist: Wordlist, limit: float) -> Report:
    """The plain-language report of a memo's finished doctree."""
    sections: list[SectionMeasure] = []
    long_sentences: list[SentenceAt] = []
    officialese: list[OfficialeseAt] = []
    for judged in judged_sections(document):
        text = "".join(judged.text)
        analysis = analyse(text, wordlist)
        sections.append(
            SectionMeasure(judged.key, judged.heading, judged.source, judged.line, analysis.measure)
        )
        for sentence in analysis.long_sentences:
            opening = masked(" ".join(text[sentence.start : sentence.end].split()[:OPENING_WORDS]))
            long_sentences.append(
                SentenceAt(*judged.place(sentence.start), sentence.words, opening)
            )
        for hit in analysis.officialese:
            entry = hit.entry
            officialese.append(
                OfficialeseAt(
                    *judged.place(hit.start), hit.written, entry.word, entry.suggestion, entry.note
                )
            )
    return Report(limit, tuple(sections), tuple(long_sentences), tuple(officialese))


def report(document: nodes.document, profile: Profile | None) -> Report:
    """The report of a memo written for ``profile``'s municipality: its limit and
    its own officialese beside the shipped list (an entry of the profile that
    cannot be used is left out here, and warned of where the profile is read)."""
    extra = profile.klarsprak_ord if profile is not None else None
    wordlist, _problems = profile_wordlist(extra)
    return measure(document, wordlist, profile.lix_grans if profile is not None else LIX_LIMIT)
