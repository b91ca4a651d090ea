"""A key as a writer types it, and the key it stands for.

A profile names its municipality, bodies and administrations with
lower-case ASCII keys (``kommunfullmaktige``, ``miljo``), but a writer types
the word: ``Kommunfullmäktige``, ``miljö``, ``Haninge:Kommunstyrelsen``.
:func:`normalise_key` is the one rule that turns what was typed into a key,
used wherever a writer's key is looked up, so that a key is accepted however
it is spelt as long as it is the same word; :func:`nearest` finds the key a
misspelt one was meant to be.  Pure: no docutils, no Sphinx.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

V = TypeVar("V")

#: Letters that Unicode does not decompose into a base letter and a mark.
_SPELLED_OUT = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})
#: Blanks, with any hyphens beside them ("Kultur- och fritidsnämnden"): one ``-``.
_BLANKS = re.compile(r"[-\s]*\s[-\s]*")


def normalise_key(written: str) -> str:
    """The key ``written`` stands for: lower case, letters without their
    marks (å, ä → a; ö → o; é → e), blanks as ``-``, no blanks around the
    ``:`` of ``kommun:instans``.

    ``"Haninge:Kommunstyrelsen"`` → ``"haninge:kommunstyrelsen"``;
    ``"Kultur- och fritidsnämnden"`` → ``"kultur-och-fritidsnamnden"``.
    """
    text = unicodedata.normalize("NFKD", written.strip().lower()).translate(_SPELLED_OUT)
    text = "".join(c for c in text if not unicodedata.combining(c))
    parts = [_BLANKS.sub("-", part.strip()) for part in text.split(":")]
    return ":".join(parts)


def find_key(mapping: Mapping[str, V], written: str) -> tuple[str, V] | None:
    """The entry of ``mapping`` the writer's ``written`` names: the key as
    written, else the one it normalises to; None when it names none."""
    if written in mapping:
        return written, mapping[written]
    key = normalise_key(written)
    if key in mapping:
        return key, mapping[key]
    for candidate, value in mapping.items():  # a plugin's key that is not normalised itself
        if normalise_key(candidate) == key:
            return candidate, value
    return None


def nearest(written: str, valid: Iterable[str], *, cutoff: float = 0.8) -> str | None:
    """The valid name closest to a misspelt ``written`` (``sammanfatning`` →
    ``sammanfattning``), compared as keys; None when none is close."""
    by_key: dict[str, str] = {}
    for name in valid:
        by_key.setdefault(normalise_key(name), name)
    match = difflib.get_close_matches(normalise_key(written), list(by_key), n=1, cutoff=cutoff)
    return by_key[match[0]] if match else None
