"""Secrecy provisions of offentlighets- och sekretesslagen (2009:400), OSL.

A secret memo, appendix or passage names the provision its secrecy rests on
(``:sekretess: OSL 26 kap. 1 §``).  Writers cite it in several ways, all of
them usual in Swedish legal writing:

* ``OSL 26 kap. 1 §`` and ``26 kap. 1 § OSL``,
* ``26 kap. 1 § offentlighets- och sekretesslagen (2009:400)`` and the law's
  name first, with or without the SFS number,
* a section with a letter (``26 kap. 1 a §``) and a stycke (``första
  stycket``, ``1 st.``),
* with extra or non-breaking spaces, without the period of ``kap.``,
* without the law's name (``26 kap. 1 §``): what ``:sekretess:`` names is a
  provision of OSL, and a provision of another law would name that law, which
  is then not read.

:func:`parse_provision` reads them all into one :class:`Provision`, whose
:attr:`~Provision.text` is the single form the extension prints
(``OSL 26 kap. 1 §``), so that the same provision reads the same in every
memo, register and archive package.  Anything else gives None and the caller
warns: a provision that cannot be read cannot be checked, and a secrecy
marking must be right.

OSL has 44 chapters in seven avdelningar (Skatteverket, Rättslig vägledning,
"Offentlighets- och sekretesslagen"); a chapter outside 1–44 is refused.  The
older sekretesslagen (1980:100) is not read: its sections have other numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The chapters of OSL (2009:400): 1-44.
CHAPTERS = range(1, 45)
ORDINALS = (
    "första",
    "andra",
    "tredje",
    "fjärde",
    "femte",
    "sjätte",
    "sjunde",
    "åttonde",
    "nionde",
    "tionde",
)

_LAW = r"(?:OSL|offentlighets-\s?och\s+sekretesslag(?:en)?)(?:\s*\(\s*2009\s*:\s*400\s*\))?"
_REFERENCE = (
    r"(?P<chapter>\d{1,3})\s*kap\b\.?\s*"
    r"(?P<section>\d{1,3})\s*(?P<letter>[a-z])?\s*§"
    r"(?:\s*(?:(?P<ordinal>" + "|".join(ORDINALS) + r")\s+stycket"
    r"|(?P<number>\d{1,2})\s*st(?:\.|ycket\b)?))?"
)


def _pattern() -> re.Pattern[str]:
    """The law's name before or after the reference (or none), each order with
    its own group names, since a pattern cannot name two groups alike."""
    first = _REFERENCE.replace("(?P<", "(?P<a_")
    second = _REFERENCE.replace("(?P<", "(?P<b_")
    return re.compile(
        rf"(?:{_LAW}\s*,?\s*{first}|{second}(?:\s*,?\s*{_LAW})?)\.?",
        re.IGNORECASE,
    )


_PROVISION = _pattern()


@dataclass(frozen=True)
class Provision:
    """A provision of OSL: chapter, section, the section's letter ("" if none)
    and the stycke (None when the whole section is meant)."""

    chapter: int
    section: int
    letter: str = ""
    paragraph: int | None = None

    @property
    def text(self) -> str:
        """The one form the extension prints: ``OSL 26 kap. 1 a § första stycket``."""
        section = f"{self.section} {self.letter}" if self.letter else str(self.section)
        text = f"OSL {self.chapter} kap. {section} §"
        if self.paragraph is not None:
            text += f" {ORDINALS[self.paragraph - 1]} stycket"
        return text

    def __str__(self) -> str:
        return self.text


def parse_provision(value: str) -> Provision | None:
    """The OSL provision ``value`` cites, or None when it is no provision of
    OSL in a form this module reads (see the module's text)."""
    # NBSP, thin spaces and line breaks are spaces; runs of them one space.
    text = " ".join(value.split())
    match = _PROVISION.fullmatch(text)
    if match is None:
        return None
    groups = {name[2:]: found for name, found in match.groupdict().items() if found is not None}
    chapter, section = int(groups["chapter"]), int(groups["section"])
    if chapter not in CHAPTERS or section < 1:
        return None
    paragraph = None
    if "ordinal" in groups:
        paragraph = ORDINALS.index(groups["ordinal"].lower()) + 1
    elif "number" in groups:
        paragraph = int(groups["number"])
        if not 1 <= paragraph <= len(ORDINALS):
            return None
    return Provision(chapter, section, groups.get("letter", "").lower(), paragraph)
