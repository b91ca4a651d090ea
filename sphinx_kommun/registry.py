"""One registry for everything a memo can contain, built-in or from a plugin.

A plugin is a callable ``register(registry)``.  Plugins are found in the
entry-point group ``sphinx_kommun.plugins`` and in ``kommun_plugins`` in
conf.py (``"package.module"``, whose ``register`` is called, or
``"package.module:function"``).  The built-in directives, section types and
checks register through this same registry, so a plugin can do all they do;
the package's ``setup()`` hands them in, so that this module, below the
directives, never imports them.

A plugin that cannot be loaded, or fails while it registers, is a located
``kommun.plugin`` warning, and the build goes on without it.
"""

from __future__ import annotations

import ast
import importlib
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from numbers import Number
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils import nodes
from docutils.parsers.rst import Directive

from sphinx_kommun.i18n import _
from sphinx_kommun.languages import language
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.model.keys import find_key
from sphinx_kommun.model.memo import MemoRecord
from sphinx_kommun.profiles import BUILTIN_DIR, ProfileCache, ProfileError, profile_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_kommun.model.profile import Profile

ENTRY_POINT_GROUP = "sphinx_kommun.plugins"

#: A label the extension writes: an English msgid of its own catalog (a
#: ``_()`` proxy, translated to the build's language) or, for plugins that
#: bring their own words, a mapping ``{"sv": ..., "en": ...}``.
Label = str | Mapping[str, str]


def label_text(label: Label, lang: str | None) -> str:
    if isinstance(label, Mapping):
        return label[language(lang)]
    return str(label)


#: The languages a plugin's own label must have.
LABEL_LANGUAGES = ("sv", "en")


def language_name(lang: str) -> str:
    """A label's language by its name in a message."""
    return str(_("Swedish") if lang == "sv" else _("English"))


#: What is never a label, though ``str()`` would make one of it ("42", "None").
_NOT_TEXT = (type(None), bool, Number, bytes, Collection)


@dataclass
class CheckContext:
    """What a check is given beside the memo's record."""

    docname: str
    registry: Registry
    config: Config
    profile: Profile | None
    doctree: nodes.document

    def warn(self, message: str, subtype: str, at: int | str | nodes.Node | None = None) -> None:
        """A located warning: at line ``at`` of the memo, at ``"path:line"`` (a
        file the memo includes), or where node ``at`` was written."""
        warn(message, subtype, at if isinstance(at, nodes.Node | str) else (self.docname, at))


#: A check over a whole memo once it is read: it reports through ``context.warn``
#: and changes nothing.
Check = Callable[[MemoRecord, CheckContext], None]
#: What a plugin module offers: ``register(registry)``.
Plugin = Callable[["Registry"], Any]


@dataclass(frozen=True)
class SectionType:
    """A memo section such as ``sammanfattning``: a directive with a heading."""

    key: str
    heading: Label


@dataclass(frozen=True)
class ConsequenceType:
    """A ``konsekvenser :typ:`` value.

    ``adjective`` words join before "konsekvenser" ("Ekonomiska och juridiska
    konsekvenser"); ``subject`` words follow "konsekvenser för" ("Konsekvenser
    för barn").
    """

    key: str
    word: Label
    kind: Literal["adjective", "subject"]


@dataclass(frozen=True)
class DocumentType:
    key: str
    heading: Label
    required_sections: tuple[str, ...]


class Registry:
    def __init__(self) -> None:
        self.profile_dirs: list[Path] = [BUILTIN_DIR]
        self.profiles: dict[str, Profile] = {}
        self.directives: dict[str, type[Directive]] = {}
        self.sections: dict[str, SectionType] = {}
        self.consequence_types: dict[str, ConsequenceType] = {}
        self.document_types: dict[str, DocumentType] = {}
        self.checks: list[Check] = []
        self.plugins: list[str] = []
        #: The plugin whose ``register`` is running: (name, origin, location).
        self._registering: tuple[str, str, str | None] | None = None

    # -- what plugins call -------------------------------------------------

    def add_profile_dir(self, path: str | Path) -> None:
        self.profile_dirs.append(Path(path))

    def add_directive(self, name: str, directive: type[Directive]) -> None:
        if not (isinstance(directive, type) and issubclass(directive, Directive)):
            # Refused here, where the plugin is named, not where a memo uses it.
            raise TypeError(
                str(_("directive {name} is not a docutils Directive class")).format(name=repr(name))
            )
        self.directives[name] = directive

    def add_section(
        self, key: str, heading: Label, directive: type[Directive] | None = None
    ) -> None:
        """A section directive ``key`` headed ``heading`` (``:titel:`` overrides).

        ``directive`` replaces the plain section directive, for a section that
        builds its heading itself (``konsekvenser``); without one, the plain
        section directive serves it.
        """
        what = str(_("section {key}")).format(key=repr(key))
        self.sections[key] = SectionType(key, self._label(heading, what))
        if directive is not None:
            self.add_directive(key, directive)

    def add_consequence_type(
        self, key: str, word: Label, kind: Literal["adjective", "subject"] = "adjective"
    ) -> None:
        if kind not in ("adjective", "subject"):
            raise ValueError(
                str(
                    _("consequence type {key}: kind is 'adjective' or 'subject', not {kind}")
                ).format(key=repr(key), kind=repr(kind))
            )
        word = self._label(word, str(_("consequence type {key}")).format(key=repr(key)))
        self.consequence_types[key] = ConsequenceType(key, word, kind)

    def add_document_type(
        self, key: str, heading: Label, required_sections: tuple[str, ...] = ()
    ) -> None:
        heading = self._label(heading, str(_("document type {key}")).format(key=repr(key)))
        self.document_types[key] = DocumentType(key, heading, tuple(required_sections))

    def _label(self, label: object, what: str) -> Label:
        """``label`` as every language can show it, checked when it is registered.

        A plugin's own ``{"sv": ..., "en": ...}`` that lacks one language
        would stop the build in that language with a KeyError; it is
        completed from the other, with a warning naming the plugin.  A label
        with no text at all, or of no text type, fails the registration.
        """
        if isinstance(label, Mapping):
            given = {
                lang: text
                for lang in LABEL_LANGUAGES
                if isinstance(text := label.get(lang), str) and text.strip()
            }
            if not given:
                raise ValueError(
                    str(_("{what}: its label has no text for 'sv' or 'en'")).format(what=what)
                )
            for lang in LABEL_LANGUAGES:
                if lang not in given:
                    other = next(iter(given))
                    self._warn(
                        str(
                            _(
                                "{what}: its label has no {language} text ({lang}); "
                                "the {other} one is used in its place"
                            )
                        ).format(
                            what=what,
                            language=language_name(lang),
                            lang=repr(lang),
                            other=language_name(other),
                        )
                    )
                    given[lang] = given[other]
            return given
        if isinstance(label, str) or not isinstance(label, _NOT_TEXT):
            return label  # type: ignore[return-value]  # a str, or a _() proxy of one
        raise TypeError(
            str(_("{what}: a label is a string or {{'sv': ..., 'en': ...}}, not {kind}")).format(
                what=what, kind=type(label).__name__
            )
        )

    def _warn(self, message: str) -> None:
        """A warning about the plugin registering now, where it is named."""
        if self._registering is None:
            warn(message, "plugin")
            return
        name, origin, location = self._registering
        warn(
            str(_("plugin {name} ({origin}): {message}")).format(
                name=repr(name), origin=origin, message=message
            ),
            "plugin",
            location,
        )

    def add_check(self, check: Check) -> None:
        self.checks.append(check)

    # -- what the extension uses -------------------------------------------

    def profile(self, key: str) -> Profile | None:
        """The profile ``key`` names, however it is spelt (``Haninge`` is ``haninge``)."""
        found = find_key(self.profiles, key) if key else None
        return found[1] if found else None

    def required_sections(self, profile: Profile | None, typ: str) -> tuple[str, ...]:
        """The sections a document type needs: the profile's list, else the built-in one."""
        if profile is not None and "avsnitt" in profile.dokumenttyper.get(typ, {}):
            return tuple(profile.dokumenttyper[typ]["avsnitt"])
        doctype = self.document_types.get(typ)
        return doctype.required_sections if doctype else ()

    def document_heading(self, profile: Profile | None, typ: str, lang: str | None) -> str:
        """The name of document type ``typ``; an unknown type (a warning where it
        was written) is named by its key."""
        if profile is not None and "namn" in profile.dokumenttyper.get(typ, {}):
            return label_text(profile.dokumenttyper[typ]["namn"], lang)
        doctype = self.document_types.get(typ)
        return label_text(doctype.heading, lang) if doctype else typ

    def consequence_types_for(self, profile: Profile | None) -> dict[str, ConsequenceType]:
        """The ``konsekvenser :typ:`` values of a memo of ``profile``'s: the
        built-in and plugins' ones, and the profile's own (``konsekvenstyper``)."""
        own = profile.konsekvenstyper if profile is not None else {}
        return {
            **self.consequence_types,
            **{
                key: ConsequenceType(
                    key,
                    {"sv": entry["sv"], "en": entry["en"]},
                    "subject" if entry.get("sort") == "subject" else "adjective",
                )
                for key, entry in own.items()
            },
        }

    def part_heading(
        self, profile: Profile | None, part: str, default: str, lang: str | None
    ) -> str:
        """The heading of part ``part`` as the municipality words it (its
        profile's ``rubriker``), else ``default``, the extension's own."""
        variant = profile.rubriker.get(part) if profile is not None else None
        return label_text(variant, lang) if variant else default

    def document_type_keys(self, profile: Profile | None) -> list[str]:
        keys = set(self.document_types)
        if profile is not None:
            keys |= {k for k, v in profile.dokumenttyper.items() if "namn" in v}
        return sorted(keys)

    def load_plugin(self, spec: object, origin: str, location: str | None = None) -> None:
        """Load and run plugin ``spec`` (``"module"`` or ``"module:function"``); a
        plugin that fails is a warning at ``location`` and is left out."""
        if not isinstance(spec, str) or not spec.strip(":. "):
            warn(
                str(
                    _("a plugin is named by a string 'module' or 'module:function', not {spec}")
                ).format(spec=repr(spec)),
                "plugin",
                location,
            )
            return
        module_name, _sep, attr = spec.strip().partition(":")
        try:
            module = importlib.import_module(module_name)
            register = getattr(module, attr or "register")
        except Exception as exc:  # an import runs the plugin's code: anything can fail
            warn(
                str(_("plugin {name} ({origin}) cannot be loaded, left out: {error}")).format(
                    name=repr(spec), origin=origin, error=f"{type(exc).__name__}: {exc}"
                ),
                "plugin",
                location,
            )
            return
        self.add_plugin(register, spec, origin, location)

    def add_plugin(
        self, register: Plugin, name: str, origin: str, location: str | None = None
    ) -> None:
        """Run a plugin's ``register``; one that raises is a warning at
        ``location`` and leaves nothing behind of what it registered before."""
        before = self._state()
        self._registering = (name, origin, location)
        try:
            register(self)
        except Exception as exc:
            self._restore(before)
            warn(
                str(
                    _("plugin {name} ({origin}) failed while registering, left out: {error}")
                ).format(name=repr(name), origin=origin, error=f"{type(exc).__name__}: {exc}"),
                "plugin",
                location,
            )
            return
        finally:
            self._registering = None
        self.plugins.append(name)

    def _state(self) -> tuple[Any, ...]:
        return (
            list(self.profile_dirs),
            dict(self.directives),
            dict(self.sections),
            dict(self.consequence_types),
            dict(self.document_types),
            list(self.checks),
        )

    def _restore(self, state: tuple[Any, ...]) -> None:
        (
            self.profile_dirs,
            self.directives,
            self.sections,
            self.consequence_types,
            self.document_types,
            self.checks,
        ) = state

    def load_profiles(self, extra_dirs: list[Path], cache: Path | None = None) -> None:
        """Read every profile; a broken one is a located warning and is left out.

        ``cache`` keeps profiles already validated (see :class:`ProfileCache`).
        """
        self.profiles = {}
        profiles = ProfileCache(cache)
        for directory in [*self.profile_dirs, *extra_dirs]:
            if not directory.is_dir():
                warn(
                    str(_("profile folder {folder} does not exist")).format(folder=directory),
                    "profile",
                )
                continue
            for path in profile_files(directory):
                try:
                    self.profiles[path.stem] = profiles.load(path)
                except ProfileError as exc:
                    warn(
                        str(_("profile {key} left out: {problem}")).format(
                            key=repr(path.stem), problem=exc.message
                        ),
                        "profile",
                        exc.location,
                    )
        profiles.save()


_registries: weakref.WeakKeyDictionary[Config, Registry] = weakref.WeakKeyDictionary()


def registry_for(config: Config) -> Registry:
    """The registry of the Sphinx application that owns ``config``."""
    return _registries[config]


def setup_registry(app: Sphinx, builtins: Iterable[tuple[str, Plugin]]) -> Registry:
    """The application's registry, with the built-in plugins ``builtins``
    (name, register) and the installed ones; conf.py's plugins and the
    profiles join once the configuration is read."""
    registry = _registries[app.config] = Registry()
    for name, register in builtins:
        registry.add_plugin(register, name, str(_("built in")))
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        origin = str(_("entry point {name}")).format(name=repr(entry_point.name))
        registry.load_plugin(entry_point.value, origin)
    app.connect("config-inited", _configure, priority=400)
    return registry


def _configure(app: Sphinx, config: Config) -> None:
    registry = registry_for(config)
    plugins = config.kommun_plugins
    if isinstance(plugins, str):
        plugins = [plugins]
    where = conf_location(app.confdir, "kommun_plugins")
    lines = _entry_lines(Path(app.confdir, "conf.py"), "kommun_plugins")
    for index, spec in enumerate(plugins):
        at = f"{where.rpartition(':')[0]}:{lines[index]}" if len(lines) == len(plugins) else where
        registry.load_plugin(spec, str(_("kommun_plugins in conf.py")), at)
    registry.load_profiles(
        [Path(app.confdir, d) for d in config.kommun_profile_dirs],
        cache=Path(app.doctreedir, "kommun-profiles.pickle"),
    )


def _entry_lines(conf: Path, name: str) -> list[int]:
    """The line of each entry of the list literal conf.py assigns to ``name``,
    so that a broken plugin is named at its own line; [] where it is no literal."""
    try:
        tree = ast.parse(conf.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            return [element.lineno for element in node.value.elts]
    return []
