"""The languages a memo is published in, as codes: a pure leaf.

A Sphinx ``language`` value (``sv``, ``sv_SE``, ``en-GB`` …) stands for one of
the two publication languages; everything but Swedish is published with the
English labels.  The model, the catalog and the writers all ask here.
"""

from __future__ import annotations

import re
from typing import Literal

#: Babel locales of the publication languages.
BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def language(lang: str | None) -> Literal["sv", "en"]:
    """The publication language a Sphinx ``language`` value stands for."""
    return "sv" if (lang or "en").split("_")[0].split("-")[0].lower() == "sv" else "en"


def language_tag(lang: str | None) -> str:
    """The BCP 47 tag of a document: ``sv-SE``, ``en-GB``, or the project's own."""
    lang = lang or "en"
    if re.search(r"[-_]", lang):
        return lang.replace("_", "-")
    if lang.lower() in BABEL_LOCALES:
        return BABEL_LOCALES[lang.lower()].replace("_", "-")
    return lang
