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

import importlib
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils import nodes

from sphinx_kommun.languages import language
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.model.memo import MemoRecord
from sphinx_kommun.profiles import BUILTIN_DIR, ProfileCache, ProfileError, profile_files

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
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


@dataclass
class CheckContext:
    """What a check is given beside the memo's record."""

    docname: str
    registry: Registry
    config: Config
    profile: Profile | None
    doctree: nodes.document

    def warn(self, message: str, subtype: str, at: int | nodes.Node | None = None) -> None:
        """A located warning: at line ``at`` of the memo, or where node ``at`` was written."""
        warn(message, subtype, at if isinstance(at, nodes.Node) else (self.docname, at))


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

    # -- what plugins call -------------------------------------------------

    def add_profile_dir(self, path: str | Path) -> None:
        self.profile_dirs.append(Path(path))

    def add_directive(self, name: str, directive: type[Directive]) -> None:
        self.directives[name] = directive

    def add_section(
        self, key: str, heading: Label, directive: type[Directive] | None = None
    ) -> None:
        """A section directive ``key`` headed ``heading`` (``:titel:`` overrides).

        ``directive`` replaces the plain section directive, for a section that
        builds its heading itself (``konsekvenser``); without one, the plain
        section directive serves it.
        """
        self.sections[key] = SectionType(key, heading)
        if directive is not None:
            self.add_directive(key, directive)

    def add_consequence_type(
        self, key: str, word: Label, kind: Literal["adjective", "subject"] = "adjective"
    ) -> None:
        self.consequence_types[key] = ConsequenceType(key, word, kind)

    def add_document_type(
        self, key: str, heading: Label, required_sections: tuple[str, ...] = ()
    ) -> None:
        self.document_types[key] = DocumentType(key, heading, tuple(required_sections))

    def add_check(self, check: Check) -> None:
        self.checks.append(check)

    # -- what the extension uses -------------------------------------------

    def profile(self, key: str) -> Profile | None:
        return self.profiles.get(key)

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
                f"a plugin is named by a string 'module' or 'module:function', not {spec!r}",
                "plugin",
                location,
            )
            return
        module_name, _, attr = spec.strip().partition(":")
        try:
            module = importlib.import_module(module_name)
            register = getattr(module, attr or "register")
        except Exception as exc:  # an import runs the plugin's code: anything can fail
            warn(
                f"plugin {spec!r} ({origin}) cannot be loaded, left out: "
                f"{type(exc).__name__}: {exc}",
                "plugin",
                location,
            )
            return
        self.add_plugin(register, spec, origin, location)

    def add_plugin(
        self, register: Plugin, name: str, origin: str, location: str | None = None
    ) -> None:
        try:
            register(self)
        except Exception as exc:
            warn(
                f"plugin {name!r} ({origin}) failed while registering, left out: "
                f"{type(exc).__name__}: {exc}",
                "plugin",
                location,
            )
            return
        self.plugins.append(name)

    def load_profiles(self, extra_dirs: list[Path], cache: Path | None = None) -> None:
        """Read every profile; a broken one is a located warning and is left out.

        ``cache`` keeps profiles already validated (see :class:`ProfileCache`).
        """
        self.profiles = {}
        profiles = ProfileCache(cache)
        for directory in [*self.profile_dirs, *extra_dirs]:
            if not directory.is_dir():
                warn(f"profile folder {directory} does not exist", "profile")
                continue
            for path in profile_files(directory):
                try:
                    self.profiles[path.stem] = profiles.load(path)
                except ProfileError as exc:
                    warn(f"profile {path.stem!r} left out: {exc.message}", "profile", exc.location)
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
        registry.add_plugin(register, name, "built in")
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        registry.load_plugin(entry_point.value, f"entry point {entry_point.name!r}")
    app.connect("config-inited", _configure, priority=400)
    return registry


def _configure(app: Sphinx, config: Config) -> None:
    registry = registry_for(config)
    plugins = config.kommun_plugins
    if isinstance(plugins, str):
        plugins = [plugins]
    for spec in plugins:
        registry.load_plugin(
            spec, "kommun_plugins in conf.py", conf_location(app.confdir, "kommun_plugins")
        )
    registry.load_profiles(
        [Path(app.confdir, d) for d in config.kommun_profile_dirs],
        cache=Path(app.doctreedir, "kommun-profiles.pickle"),
    )
