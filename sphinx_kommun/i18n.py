"""The extension's own words: its message catalog, and dates written the local way.

Labels use English msgids (Sphinx's convention); the catalogs under ``locale/``
give Swedish and English.  A leaf: of the package it imports only the other
leaves.  Human text written in a memo is not translated here:
it goes through the project's own gettext catalogs like any Sphinx text.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.pofile import PoFileError, read_po
from sphinx.locale import get_translation, get_translator

from sphinx_kommun.languages import BABEL_LOCALES, language
from sphinx_kommun.log import warn

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx

CATALOG = "sphinx_kommun"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A label that agrees with a count: "Bilaga" / "Bilagor"."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def setup_catalog(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.connect("builder-inited", check_project_catalogs)


class CatalogError(Exception):
    """A ``.po`` file that cannot be read; the message names the file."""


def read_catalog(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file, strictly: :class:`CatalogError` names a broken one."""
    try:
        with path.open("rb") as f:
            return read_po(f, abort_invalid=True)
    except PoFileError as exc:
        problem = re.sub(r" on \d+$", "", str(exc))  # Babel's own line number is 0-based
        raise CatalogError(f"{path}:{exc.lineno + 1}: broken message catalog: {problem}") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{path}: unreadable message catalog: {exc}") from exc


def check_project_catalogs(app: Sphinx) -> None:
    """A broken translation of the project is a warning naming its file (Babel,
    which Sphinx compiles it with, names only the line); the text it would have
    translated stays in the source language."""
    if not app.config.language:
        return
    for locale_dir in app.config.locale_dirs:
        folder = Path(os.path.normpath(Path(app.srcdir, locale_dir, app.config.language)))
        folder /= "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else ():
            try:
                read_catalog(path)
            except CatalogError as exc:
                warn(str(exc), "catalog")


def format_datum(value: dt.date, lang: str | None) -> str:
    """``26 juni 2019`` / ``26 June 2019``."""
    return _format_datum(value, language(lang))


@functools.lru_cache(maxsize=4096)
def _format_datum(value: dt.date, lang: str) -> str:
    # Babel formats a date in about 40 µs; the memo index formats every memo's.
    return format_date(value, format="long", locale=BABEL_LOCALES[lang])


def join_words(words: list[str], lang: str | None) -> str:
    """``ekonomiska och juridiska`` / ``financial and legal``."""
    return format_list(words, locale=BABEL_LOCALES[language(lang)])


def lower_first(text: str) -> str:
    """A body's name inside a Swedish sentence: ``Kommunfullmäktige`` → ``kommunfullmäktige``."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
