"""A directive name that does not exist, said in the writer's words.

docutils reports an unknown directive itself, in English and as a
multi-line error (``Unknown directive type "sammanfatning".`` and the whole
block quoted), and leaves its text out.  The reStructuredText parser is
Sphinx's own with one difference: while it parses, the directive lookup
(docutils' hook, which Sphinx's ``sphinx_domains`` dispatcher wraps too)
first tries the name as a key (``.. Ärende::`` is ``arende``), and a name
found nowhere gets :class:`UnknownDirective`, which says it once, in the
project's language, at its line, with the nearest name that exists
(``kommun.directive``), and leaves the text out as docutils does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.parsers import RSTParser
from sphinx.util.docutils import CustomReSTDispatcher

from sphinx_kommun.compat import directive_names
from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.directives.states import STATE_CLASSES
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive
from sphinx_kommun.model.keys import nearest, normalise_key
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from types import ModuleType

    from docutils import nodes
    from docutils.nodes import Node, system_message
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StringList
    from sphinx.application import Sphinx

    from sphinx_kommun.registry import Registry


class UnknownDirective(KommunDirective):
    """Stands where a directive name was written that nothing defines."""

    argument = "title"
    takes_content = True
    option_spec = option_spec()

    def run(self) -> list[Node]:
        # Nothing is known of a directive that does not exist: its options and
        # arguments are not judged, only its name.
        names = [*self.registry.directives, *self.registry.sections, *directive_names()]
        close = nearest(self.name, names)
        if close is not None:
            message = _(
                "{directive} does not exist (did you mean {name}?); the text under it is left out"
            )
        else:
            message = _("{directive} does not exist; the text under it is left out")
        shown = directive(close) if close else ""
        self.warn(str(message).format(directive=directive(self.name), name=shown), "directive")
        return []


class _Lookup(CustomReSTDispatcher):
    """docutils' directive lookup while a document is parsed: a name the
    extension's directives spell (``Ärende``, ``fokusområden``) is that
    directive; a name nothing defines is :class:`UnknownDirective`."""

    def __init__(self, registry: Registry) -> None:
        super().__init__()
        self.registry = registry

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Directive] | None, list[system_message]]:
        found, messages = super().directive(directive_name, language_module, document)
        if found is not None:
            return found, messages
        key = normalise_key(directive_name)
        known = key in self.registry.directives or key in self.registry.sections
        if key != directive_name and known:
            return super().directive(key, language_module, document)
        return UnknownDirective, messages


class KommunParser(RSTParser):
    """Sphinx's reStructuredText parser, with the directive lookup of
    :class:`_Lookup` and the states of :mod:`sphinx_kommun.directives.states`
    (a directive's options read without a state machine of their own)."""

    def parse(self, inputstring: str | StringList, document: nodes.document) -> None:
        self.state_classes = STATE_CLASSES
        with _Lookup(registry_for(document.settings.env.config)):
            super().parse(inputstring, document)


def setup_parser(app: Sphinx) -> None:
    app.add_source_parser(KommunParser, override=True)
