"""One registry for everything a memo can contain, built-in or from a plugin.

A plugin is a callable ``register(registry)``.  Plugins are found in the
entry-point group ``sphinx_kommun.plugins`` and in ``kommun_plugins`` in
conf.py (``"package.module"``, whose ``register`` is called, or
``"package.module:function"``).  The built-in directives, section types and
checks register through this same registry, so a plugin can do all they do.
"""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sphinx.errors import ConfigError
from sphinx.util import logging

from sphinx_kommun.i18n import language
from sphinx_kommun.profiles import (
    BUILTIN_DIR,
    Profile,
    ProfileCache,
    ProfileError,
    profile_files,
)

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_kommun.checks import Check

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "sphinx_kommun.plugins"
BUILTIN_PLUGINS = (
    "sphinx_kommun.directives.arende",
    "sphinx_kommun.directives.beslut",
    "sphinx_kommun.directives.sections",
    "sphinx_kommun.directives.fokus",
    "sphinx_kommun.directives.underskrift",
    "sphinx_kommun.directives.bilaga",
    "sphinx_kommun.directives.delges",
    "sphinx_kommun.directives.register",
    "sphinx_kommun.checks",
)

#: A label the extension writes: an English msgid of its own catalog (a
#: ``_()`` proxy, translated to the build's language) or, for plugins that
#: bring their own words, a mapping ``{"sv": ..., "en": ...}``.
Label = str | Mapping[str, str]


def label_text(label: Label, lang: str | None) -> str:
    if isinstance(label, Mapping):
        return label[language(lang)]
    return str(label)


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
        builds its heading itself (``konsekvenser``).
        """
        from sphinx_kommun.directives.sections import section_directive

        self.sections[key] = SectionType(key, heading)
        self.add_directive(key, directive or section_directive(key))

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

    def load_plugin(self, spec: str, origin: str) -> None:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
            register: Callable[[Registry], Any] = getattr(module, attr or "register")
        except (ImportError, AttributeError) as exc:
            msg = f"sphinx-kommun plugin {spec!r} ({origin}) cannot be loaded: {exc}"
            raise ConfigError(msg) from exc
        register(self)
        self.plugins.append(spec)

    def load_profiles(self, extra_dirs: list[Path], cache: Path | None = None) -> None:
        """Read every profile; a broken one is a located warning and is left out.

        ``cache`` keeps profiles already validated (see :class:`ProfileCache`).
        """
        self.profiles = {}
        profiles = ProfileCache(cache)
        for directory in [*self.profile_dirs, *extra_dirs]:
            if not directory.is_dir():
                logger.warning(
                    "profile folder %s does not exist",
                    directory,
                    type="kommun",
                    subtype="profile",
                )
                continue
            for path in profile_files(directory):
                try:
                    self.profiles[path.stem] = profiles.load(path)
                except ProfileError as exc:
                    logger.warning(
                        "profile %r left out: %s",
                        path.stem,
                        exc.message,
                        type="kommun",
                        subtype="profile",
                        location=exc.location,
                    )
        profiles.save()


_registries: weakref.WeakKeyDictionary[Config, Registry] = weakref.WeakKeyDictionary()


def registry_for(config: Config) -> Registry:
    """The registry of the Sphinx application that owns ``config``."""
    return _registries[config]


def setup_registry(app: Sphinx) -> Registry:
    registry = _registries[app.config] = Registry()
    for spec in BUILTIN_PLUGINS:
        registry.load_plugin(spec, "built in")
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        registry.load_plugin(entry_point.value, f"entry point {entry_point.name!r}")
    app.connect("config-inited", _install, priority=400)
    return registry


def _install(app: Sphinx, config: Config) -> None:
    registry = registry_for(config)
    for spec in config.kommun_plugins:
        registry.load_plugin(spec, "kommun_plugins in conf.py")
    registry.load_profiles(
        [Path(app.confdir, d) for d in config.kommun_profile_dirs],
        cache=Path(app.doctreedir, "kommun-profiles.pickle"),
    )
    for name, directive in registry.directives.items():
        app.add_directive(name, directive, override=True)
