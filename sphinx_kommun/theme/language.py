"""The same memo in the other language: ``<link rel="alternate" hreflang>`` in
the head of every page (any theme) and the visible link the ``kommun`` theme
shows in its header.

``sphinx-kommun build`` writes each language beside the others, to
``_build/<lang>/html``, so the same page in another language lies at
``../../<other>/html/<page>`` from the site root: the link is computed from the
page's depth and needs no web address.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from markupsafe import escape

from sphinx_kommun.i18n import upper_first

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Alternate:
    """One other language of the page: its code, its own name and the address."""

    lang: str
    name: str
    href: str


def language_name(lang: str) -> str:
    """A language in its own words: ``en`` → "English", ``sv`` → "Svenska"."""
    try:
        return upper_first(Locale.parse(lang.replace("-", "_")).get_display_name(lang) or lang)
    except (ValueError, UnknownLocaleError):
        return lang


def alternates(app: Sphinx, pagename: str) -> list[Alternate]:
    """The page in every other language of ``kommun_languages``."""
    own = app.config.language
    others = [lang for lang in app.config.kommun_languages or () if lang != own]
    if not others:
        return []
    uri = app.builder.get_target_uri(pagename)
    to_root = "../" * uri.count("/")
    kind = Path(app.outdir).name
    return [
        Alternate(lang, language_name(lang), f"{to_root}../../{lang}/{kind}/{uri}")
        for lang in others
    ]


def alternate_context(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """``kommun_alternates`` for the theme, and the head links for any theme."""
    found = alternates(app, pagename)
    context["kommun_alternates"] = found
    links = "".join(
        f'<link rel="alternate" hreflang="{escape(a.lang)}" href="{escape(a.href)}" />\n'
        for a in found
    )
    context["metatags"] = context.get("metatags", "") + links
