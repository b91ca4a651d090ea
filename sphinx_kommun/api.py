"""What a plugin may use: the one import a municipality's own package needs.

A plugin is a function ``register(registry)`` found through the entry-point
group ``sphinx_kommun.plugins`` or named in ``kommun_plugins`` in conf.py
(see ``docs/plugins.rst``).  It adds, through the :class:`Registry`: profile
folders, section types, directives (subclasses of :class:`KommunDirective`),
consequence types, document types and checks (:data:`Check`, given the
memo's :class:`MemoRecord` and a :class:`CheckContext`).  Names here keep
their meaning across releases; anything else in the package may change.
"""

from __future__ import annotations

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.log import warn
from sphinx_kommun.model.memo import (
    Beslut,
    Bilaga,
    Fokusomrade,
    Header,
    MemoRecord,
    Mottagare,
    Signer,
)
from sphinx_kommun.model.profile import Organ, Profile
from sphinx_kommun.nodes import is_part, mark
from sphinx_kommun.present import HeaderView, Presenter
from sphinx_kommun.registry import (
    Check,
    CheckContext,
    ConsequenceType,
    DocumentType,
    Label,
    Plugin,
    Registry,
    SectionType,
    label_text,
    registry_for,
)
from sphinx_kommun.version import __version__

__all__ = [
    "Beslut",
    "Bilaga",
    "Check",
    "CheckContext",
    "ConsequenceType",
    "DocumentType",
    "Fokusomrade",
    "Header",
    "HeaderView",
    "KommunDirective",
    "Label",
    "MemoRecord",
    "Mottagare",
    "Organ",
    "Plugin",
    "Presenter",
    "Profile",
    "Registry",
    "SectionType",
    "Signer",
    "__version__",
    "is_part",
    "label_text",
    "mark",
    "option_spec",
    "registry_for",
    "warn",
]
