"""The texts ``sphinx-kommun new`` writes for the writer to replace.

A new project's memo is written with placeholders in square brackets
(``[Rubrik på ärendet]``); a memo published with one left in reads badly,
so the checks look for them (``kommun.platshallare``).  The words of the
placeholders are here, once: the scaffold writes them and the check finds
them, those of earlier versions of ``new`` (written without brackets)
included.  Pure: no docutils, no Sphinx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    """A placeholder text; ``anywhere`` when it is found inside other text
    (no memo names a person "Förnamn Efternamn"), else only as the whole
    text of a heading, a paragraph or a comma-separated part of one."""

    text: str
    anywhere: bool = False

    @property
    def written(self) -> str:
        """As ``new`` writes it: in square brackets."""
        return f"[{self.text}]"


TITLE = Placeholder("Rubrik på ärendet", anywhere=True)
NAME = Placeholder("Förnamn Efternamn", anywhere=True)
OFFICER_TITLE = Placeholder("Titel")
DECISION = Placeholder("Förslag till beslut, en beslutspunkt per stycke.")
SUMMARY = Placeholder("Ärendet i korthet.")
DESCRIPTION = Placeholder("Bakgrund och beskrivning av ärendet.")
VIEWS = Placeholder("Förvaltningens bedömning.")
CONSEQUENCES = Placeholder("Ekonomiska och juridiska konsekvenser av beslutet.")

#: Every placeholder the scaffold writes or ever wrote (its first memo had
#: "Kommunstyrelsen beslutar att …" as the decision).
PLACEHOLDERS = (
    TITLE,
    NAME,
    OFFICER_TITLE,
    DECISION,
    SUMMARY,
    DESCRIPTION,
    VIEWS,
    CONSEQUENCES,
    Placeholder("Kommunstyrelsen beslutar att …"),
)

_BRACKETS = re.compile(r"^\[(.*)\]$")


def _bare(text: str) -> str:
    text = " ".join(text.split())
    match = _BRACKETS.match(text)
    return match[1].strip() if match else text


_FOLDED = tuple(p.text.casefold() for p in PLACEHOLDERS)


def may_hold_placeholders(text: str) -> bool:
    """Whether ``text`` (a whole document's, its spaces made single) holds any
    placeholder's words at all: a text of one of its headings or paragraphs
    that :func:`placeholders_in` finds one in is part of it."""
    folded = text.casefold()
    return any(words in folded for words in _FOLDED)


def placeholders_in(text: str) -> list[Placeholder]:
    """The placeholders left in ``text`` (the text of one heading or paragraph),
    with or without their brackets."""
    parts = {_bare(text), *(_bare(part) for part in text.split(","))}
    folded = " ".join(text.split()).casefold()
    return [
        p
        for p in PLACEHOLDERS
        if (p.anywhere and p.text.casefold() in folded) or (not p.anywhere and p.text in parts)
    ]
