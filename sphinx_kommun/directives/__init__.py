"""What every memo directive shares: options that never raise, located
warnings, the memo's record and profile, and text nodes that are translatable
(the writer's words) or not (the extension's own labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_kommun.nodes import writer_text
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Node

    from sphinx_kommun.domain import KommunDomain, MemoRecord
    from sphinx_kommun.profiles import Organ, Profile
    from sphinx_kommun.registry import Registry

logger = logging.getLogger(__name__)

#: A profile key, a body key, or ``kommun:organ``: lowercase ASCII words.
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$")


#: ``env.temp_data`` key: the options the memo directives of the document
#: being read were given (:class:`WrittenOption`), for the checks.
OPTIONS_READ = "kommun_options"


@dataclass(frozen=True)
class WrittenOption:
    """An option value as written, where it was written."""

    directive: str
    name: str
    value: str
    source: str | None
    line: int | None


def warn(message: str, subtype: str, location: Any) -> None:
    """A writer's mistake: a located warning of type ``kommun`` (never an exception)."""
    logger.warning(message, type="kommun", subtype=subtype, location=location)


def _any_value(argument: str | None) -> str:
    return (argument or "").strip()


class _LenientOptions(dict[str, "Callable[[str | None], Any]"]):
    """An option spec that takes unknown options too, so that one misspelt
    option is a warning instead of the loss of the whole directive."""

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return _any_value

    def __bool__(self) -> bool:
        # docutils reads no options at all for a false option spec: an option
        # of a directive that takes none would silently become its content.
        return True


def option_spec(*names: str) -> dict[str, Any]:
    """Every option is read as text; :meth:`KommunDirective.check_options` judges it."""
    return _LenientOptions({name: _any_value for name in names})


#: The docutils attributes a directive declares what it takes with, as in
#: :attr:`KommunDirective.takes`.
_DECLARED = ("required_arguments", "optional_arguments", "final_argument_whitespace", "has_content")


class KommunDirective(SphinxDirective):
    """Base of the memo directives.

    A subclass declares its argument and content as docutils directives do
    (``required_arguments``, ``optional_arguments``, ``has_content``), but
    docutils is given lenient limits: a missing title, an argument too many or
    content where none belongs is a located ``kommun`` warning from
    :meth:`check_arguments`, not a docutils error that drops the directive.
    """

    #: Options that take no value (``:ny:``); anything else is text.
    flags: ClassVar[tuple[str, ...]] = ()
    #: Options that must be given.
    required: ClassVar[tuple[str, ...]] = ()
    #: What the directive takes, as declared: (required arguments, optional
    #: arguments, a last argument with blanks, content); docutils' own
    #: attributes are set lenient from it.
    takes: ClassVar[tuple[int, int, bool, bool]] = (0, 0, False, False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.takes = tuple(  # type: ignore[assignment]
            cls.__dict__.get(name, inherited)
            for name, inherited in zip(_DECLARED, cls.takes, strict=True)
        )
        arguments = cls.takes[0] + cls.takes[1]
        cls.required_arguments = 0
        cls.optional_arguments = arguments
        # Text after the last argument stays in it, to be warned of: docutils
        # would refuse the whole directive.
        cls.final_argument_whitespace = arguments > 0
        cls.has_content = True

    def run(self) -> list[Node]:
        self.note_options()
        self.check_options()
        if not self.check_arguments():
            return []
        return self.render()

    def render(self) -> list[Node]:
        """The directive's nodes, once its options and arguments are checked."""
        raise NotImplementedError

    def check_arguments(self) -> bool:
        """Warn of a missing or surplus argument and of content where none
        belongs; false when the directive cannot be made without its argument.

        (A directive that takes no argument gets the text after its ``::`` as
        content, as in docutils.)"""
        required, _optional, blanks, content = self.takes
        if len(self.arguments) < required:
            self.warn(
                f"{self.name}: its title is missing; write it after '{self.name}::' "
                f"on the same line (this {self.name} was left out)",
                "argument",
            )
            return False
        if self.arguments and not blanks:
            last, *surplus = self.arguments[-1].split(maxsplit=1)
            if surplus:
                self.warn(f"{self.name}: {surplus[0]!r} is one argument too many", "argument")
                self.arguments[-1] = last
        if self.content and not content:
            self.warn(f"{self.name}: takes no content (it was left out)", "content")
            self.content = StringList()
        return True

    # -- context -------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        return registry_for(self.config)

    @property
    def lang(self) -> str | None:
        return self.config.language

    @property
    def domain(self) -> KommunDomain:
        return self.env.domains["kommun"]  # type: ignore[return-value]

    @property
    def memo(self) -> MemoRecord:
        return self.domain.memo(self.env.docname)

    @property
    def profile(self) -> Profile | None:
        """The memo's municipality: its ``arende :kommun:``, else ``kommun_profile``."""
        header = self.memo.header
        key = header.kommun if header else self.config.kommun_profile
        profile = self.registry.profile(key)
        if profile is not None:
            self.note_profile(profile)
        return profile

    def note_profile(self, profile: Profile) -> None:
        """The memo is read again when ``profile``'s file changes (noted once a memo:
        Sphinx normalises the path on every call)."""
        noted = self.env.temp_data.setdefault("kommun-profiles", set())
        if profile.key not in noted:
            noted.add(profile.key)
            self.env.note_dependency(str(profile.path))

    def organ(self, key: str, kind: str = "instanser") -> Organ | None:
        profile = self.profile
        return getattr(profile, kind).get(key) if profile else None

    # -- options ---------------------------------------------------------------

    def check_options(self) -> None:
        known = set(self.option_spec or ()) if isinstance(self.option_spec, dict) else set()
        for name in self.options:
            if name not in known:
                valid = ", ".join(f":{n}:" for n in sorted(known)) or "none"
                self.warn(f"{self.name}: unknown option :{name}: (valid: {valid})", "option", name)
        for name in self.required:
            if not self.options.get(name):
                self.warn(f"{self.name}: the option :{name}: is required", "missing-option", name)
        for name in self.flags:
            if self.options.get(name):
                self.warn(f"{self.name}: the flag :{name}: takes no value", "option", name)

    def note_options(self) -> None:
        """Keep the options as written, with their lines, for checks over the
        whole memo (the personnummer scan reads values that never reach the page)."""
        noted = self.env.temp_data.setdefault(OPTIONS_READ, [])
        for name, value in self.options.items():
            if isinstance(value, str) and value:
                source, line = self.state_machine.get_source_and_line(self.option_line(name))
                noted.append(WrittenOption(self.name, name, value, source, line))

    @property
    def source_line(self) -> int:
        """The directive's line in its own file, for the memo's record:
        :attr:`lineno` counts ``rst_prolog`` and included lines as well."""
        return self.get_source_info()[1] or self.lineno

    def option_line(self, name: str) -> int:
        """The input line (as :attr:`lineno`) of option ``name``, else the directive's.

        The options are the field list between the directive's first line and
        the first blank line of its block."""
        field = re.compile(rf"\s*:{re.escape(name)}:(\s|$)", re.IGNORECASE)
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            if not text.strip():
                break
            if field.match(text):
                return self.lineno + offset
        return self.lineno

    def flag(self, name: str) -> bool:
        return name in self.options

    def warn(self, message: str, subtype: str, option: str | None = None) -> None:
        """A located warning: at the line of ``option`` when one is named and
        written, else at the directive's first line."""
        lineno = self.option_line(option) if option else self.lineno
        source, line = self.state_machine.get_source_and_line(lineno)
        warn(message, subtype, f"{source}:{line}" if source and line else self.get_location())

    # -- nodes -----------------------------------------------------------------

    def text(self, text: str, cls: type[nodes.TextElement] = writer_text, **attrs: Any) -> Any:
        """The writer's words: a node gettext extracts and a translation replaces
        (inline by default; pass a block class such as ``nodes.paragraph``)."""
        node = cls(text, "", **attrs)
        node.source, node.line = self.get_source_info()
        children, messages = self.parse_inline(text, lineno=self.lineno)
        node.extend(children)
        node.extend(messages)
        if isinstance(node, nodes.Inline):
            node["translatable"] = True
        return node

    @staticmethod
    def label(text: str, cls: type[nodes.TextElement] = nodes.inline, **attrs: Any) -> Any:
        """The extension's own words (already in the build's language): never
        extracted, never replaced by the project's translation."""
        node = cls(text, text, **attrs)
        if not isinstance(node, nodes.Inline):  # an inline is skipped unless marked
            node["translatable"] = False
        return node

    def section(self, heading: str, key: str, *, translatable: bool = False) -> nodes.section:
        """A memo section under ``heading``; ``translatable`` when the writer wrote it."""
        section = nodes.section(classes=["kommun-avsnitt", f"kommun-{key}"])
        title = (
            self.text(heading, nodes.title) if translatable else self.label(heading, nodes.title)
        )
        section += title
        section["names"].append(nodes.fully_normalize_name(heading))
        self.state.document.note_implicit_target(section, section)
        return section

    def previous_sibling(self, cls: str) -> nodes.Element | None:
        """The node just before this directive when it carries ``cls``: consecutive
        directives of one kind (``bilaga``, ``beslut``) share one block."""
        parent = self.state.parent
        if (
            parent.children
            and isinstance(parent[-1], nodes.Element)
            and cls in parent[-1]["classes"]
        ):
            return parent[-1]
        return None
