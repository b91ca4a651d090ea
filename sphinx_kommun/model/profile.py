"""A municipality as a profile holds it: names in both languages, addresses,
bodies (instanser) and administrations (förvaltningar).  The YAML files and
their validation are :mod:`sphinx_kommun.profiles`'; this is what they become."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx_kommun.languages import language
from sphinx_kommun.model.keys import find_key
from sphinx_kommun.model.klarsprak import LIX_LIMIT


@dataclass(frozen=True)
class Organ:
    """A body (instans) or an administration (förvaltning) of a municipality."""

    key: str
    namn: str
    genitiv: str
    en: str

    def name(self, lang: str | None) -> str:
        return self.namn if language(lang) == "sv" else self.en


@dataclass(frozen=True)
class Profile:
    key: str
    path: Path
    namn: dict[str, str]
    kommunkod: str
    organisationsnummer: str
    postadress: str
    besoksadress: str
    webbplats: str
    forvaltning: str
    instanser: dict[str, Organ]
    forvaltningar: dict[str, Organ]
    telefon: str = ""
    epost: str = ""
    dnr_monster: str = ""
    dnr_exempel: str = ""
    farger: dict[str, str] = field(default_factory=dict)
    dokumenttyper: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The profile's own ``konsekvenser :typ:`` values: key → ``{sv, en, sort}``
    #: (``sort``: ``adjective`` or ``subject``), beside the built-in ones.
    konsekvenstyper: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The municipality's wording of a heading the extension writes: part key
    #: (``delges``, ``sammanfattning``, …) → ``{sv, en}``.
    rubriker: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Plain language (``klarsprak`` in the YAML): the LIX above which a memo is
    #: warned of, and the profile's own officialese, merged into the shipped list.
    lix_grans: float = LIX_LIMIT
    klarsprak_ord: dict[str, Any] = field(default_factory=dict)

    def name(self, lang: str | None) -> str:
        return self.namn[language(lang)]

    def organ(self, key: str) -> Organ | None:
        """A body or administration by key, bodies first, however the key is
        spelt (:func:`~sphinx_kommun.model.keys.normalise_key`)."""
        found = find_key(self.instanser, key) or find_key(self.forvaltningar, key)
        return found[1] if found else None
