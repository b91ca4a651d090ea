"""The extension's own words: its message catalog, and dates written the local way.

Labels use English msgids (Sphinx's convention); the catalogs under ``locale/``
give Swedish and English.  A leaf: of the package it imports only the other
leaves.  Human text written in a memo is not translated here:
it goes through the project's own gettext catalogs like any Sphinx text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import weakref
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from sphinx.locale import get_translation, get_translator, init, translators

from sphinx_kommun.languages import BABEL_LOCALES, language
from sphinx_kommun.log import warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

CATALOG = "sphinx_kommun"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A label that agrees with a count: "Bilaga" / "Bilagor"."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


@contextlib.contextmanager
def in_language(lang: str | None) -> Iterator[None]:
    """The extension's catalog in ``lang`` (None: untranslated) while a
    command says something or runs a build, and as it was afterwards.

    Sphinx keeps one translator per catalog for the whole process and merges
    a second language into the first; a command that speaks the project's
    language must neither inherit a build's nor leave its own behind.
    """
    key = ("general", CATALOG)
    before = translators.pop(key, None)
    try:
        if lang:
            init([str(LOCALE_DIR)], lang, CATALOG)
        else:  # none at all (not the system locale's): a build then brings its own
            translators[key] = NullTranslations()
        yield
    finally:
        translators.pop(key, None)
        if before is not None:
            translators[key] = before


def setup_catalog(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.connect("builder-inited", check_project_catalogs)
    app.connect("env-before-read-docs", _keep_unused)


class CatalogError(Exception):
    """A ``.po`` file that cannot be read; the message names the file and, where
    it can be told, the line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else str(path)
        if line:
            message = _("{where}: broken message catalog: {problem}")
        else:
            message = _("{where}: unreadable message catalog: {problem}")
        super().__init__(str(message).format(where=where, problem=problem))


#: A keyword line's argument, or a continuation line: one C string, nothing after.
_KEYWORD = re.compile(r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)")
_C_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _string_problem(text: str) -> tuple[int, str] | None:
    """The first line whose string is not one quoted C string, and why.

    Babel reads ``msgstr "Headin`` leniently, as "Headi" + "n" minus its last
    character, and Sphinx would publish the heading cut short; msgfmt refuses
    it, and so does this.
    """
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#~"):  # an obsolete message: Babel parses it too
            line = line[2:].strip()
        elif not line or line.startswith("#"):
            continue
        keyword = _KEYWORD.fullmatch(line)
        argument = keyword[1].strip() if keyword else line
        if not argument.startswith('"'):
            if keyword:
                return number, str(_("the text after the keyword is not in double quotes"))
            continue  # not a string line: Babel's strict read names it
        if not _C_STRING.fullmatch(argument):
            return number, str(_("a string without its closing quote (or with a stray one)"))
    return None


def _charset_line(data: bytes) -> int:
    """The line of the ``Content-Type`` header that names the charset (1 if none)."""
    for number, line in enumerate(data.splitlines(), 1):
        if b"charset=" in line.lower():
            return number
    return 1


def _undecodable_line(data: bytes, encoding: str) -> int:
    for number, line in enumerate(data.splitlines(), 1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return 1


def read_catalog(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file, strictly: :class:`CatalogError` names a broken one
    (a syntax error, an unknown charset, bytes not in its charset, a string
    without its closing quote) with its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(path, None, exc.strerror or str(exc)) from exc
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
        text = data.decode(catalog.charset)
    except PoFileError as exc:
        problem = re.sub(r" on \d+$", "", str(exc))  # Babel's own line number is 0-based
        raise CatalogError(path, exc.lineno + 1, problem) from exc
    except LookupError as exc:  # an unknown charset in the header
        charset = str(exc).rpartition(": ")[2]
        raise CatalogError(
            path,
            _charset_line(data),
            str(
                _(
                    "unknown charset {charset} in the Content-Type header: save the file "
                    "as UTF-8 and write charset=UTF-8"
                )
            ).format(charset=repr(charset)),
        ) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(
            path,
            _undecodable_line(data, exc.encoding),
            str(
                _(
                    "the text is not in the charset the header names ({encoding}): "
                    "save the file as UTF-8"
                )
            ).format(encoding=exc.encoding),
        ) from exc
    except ValueError as exc:  # a malformed header or plural form
        raise CatalogError(path, 1, str(exc)) from exc
    unquoted = _string_problem(text)
    if unquoted is not None:
        raise CatalogError(path, *unquoted)
    return catalog


#: A project's broken ``.po`` files, per application, kept unused until fixed.
_broken: weakref.WeakKeyDictionary[Sphinx, list[Path]] = weakref.WeakKeyDictionary()


def catalog_folders(app: Sphinx) -> list[Path]:
    """The ``LC_MESSAGES`` folder of the build's language in each of the
    project's locale folders, where Sphinx reads and compiles its catalogs."""
    return [
        Path(os.path.normpath(Path(app.srcdir, d, app.config.language or ""))) / "LC_MESSAGES"
        for d in app.config.locale_dirs
    ]


def check_project_catalogs(app: Sphinx) -> None:
    """A broken translation of the project is a warning naming its file and line
    (Babel, which Sphinx compiles it with, names only the line, reads some
    mistakes leniently and stops on others with an exception), and it is not
    used: the text it would have translated stays in the source language."""
    broken: list[Path] = []
    _broken[app] = broken
    if not app.config.language:
        return
    kept = []
    for locale_dir in app.config.locale_dirs:
        written = Path(app.srcdir, locale_dir)
        link = link_to_catalogs(written, Path(app.srcdir), [app.config.language])
        if link is not None:
            warn(
                str(
                    _(
                        "{path} is a symbolic link: the translations of {folder} are not "
                        "used (a link would have the build read a catalog from elsewhere)"
                    )
                ).format(path=link, folder=locale_dir),
                "catalog",
                f"{link}:0",
            )
            continue
        kept.append(locale_dir)
    if kept != list(app.config.locale_dirs):
        app.config.locale_dirs = kept
    for folder in catalog_folders(app):
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else ():
            try:
                read_catalog(path)
            except CatalogError as exc:
                warn(str(exc), "catalog")
                broken.append(path)
    _keep_unused(app)


def link_to_catalogs(locale_dir: Path, root: Path, languages: list[str]) -> Path | None:
    """The first symbolic link on the way from ``root`` to the locale folder
    ``locale_dir`` (as conf.py names it, not resolved) or inside it for
    ``languages``: a language folder, ``LC_MESSAGES``, a folder or file in
    it.  A link committed there would have a build read a catalog from
    elsewhere, and write its compiled ``.mo`` there; None when there is none."""
    locale_dir = Path(os.path.normpath(locale_dir))
    common = Path(os.path.commonpath([root.absolute(), locale_dir]))
    step = common
    for part in locale_dir.relative_to(common).parts:
        step = step / part
        if step.is_symlink():
            return step
    for lang in languages:
        top = locale_dir / lang
        paths = [top, top / "LC_MESSAGES"]
        for folder, dirnames, filenames in os.walk(top):  # links are listed, not followed
            paths += [Path(folder, name) for name in [*dirnames, *filenames]]
        for path in paths:
            if path.is_symlink():
                return path
    return None


def _empty_mo(language: str) -> bytes:
    """A ``.mo`` with a header and no message, the same bytes every time."""
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    try:
        catalog = Catalog(locale=language, creation_date=epoch, revision_date=epoch, fuzzy=False)
    except (ValueError, UnknownLocaleError):  # a language Babel does not know
        catalog = Catalog(creation_date=epoch, revision_date=epoch, fuzzy=False)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _keep_unused(app: Sphinx, *_args: object) -> None:
    """Give each broken ``.po`` an empty ``.mo``, where Sphinx compiles them.

    Sphinx compiles a ``.po`` whose ``.mo`` is older, before it reads: from a
    broken one it would publish what Babel guessed ("Headin") or stop on a
    charset it cannot write.  An empty ``.mo`` written first is newer, so
    Sphinx leaves it; a build that compiles every catalog (``-a``) overwrites
    it, so this runs again once Sphinx has compiled (``env-before-read-docs``).
    Written only when it differs, so a document is not read again for nothing.
    """
    if not app.config.gettext_auto_build:  # the project compiles its own .mo files
        return
    empty = _empty_mo(app.config.language or "")
    for po in _broken.get(app, []):
        mo = po.with_suffix(".mo")
        try:
            if not mo.is_file() or mo.read_bytes() != empty:
                mo.write_bytes(empty)
        except OSError as exc:
            warn(
                str(_("{path}: cannot write: {problem}")).format(
                    path=mo, problem=exc.strerror or exc
                ),
                "catalog",
            )


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
