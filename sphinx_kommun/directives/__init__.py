"""What every memo directive shares: options that never raise, located
warnings, the memo's profile, and text nodes that are translatable (the
writer's words) or not (the extension's own labels).

A directive only makes nodes: what it declares goes into their attributes
(:func:`sphinx_kommun.nodes.mark`), and the domain reads the memo's record
from the finished doctree.  What one directive must know of another while
the document is read (the memo's municipality, the appendices numbered so
far) lives in ``env.temp_data``, which Sphinx clears after each document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from sphinx_kommun.directives import plain
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive, hint, option
from sphinx_kommun.model.keys import find_key, normalise_key
from sphinx_kommun.model.sekretess import parse_provision
from sphinx_kommun.nodes import is_part, writer_text
from sphinx_kommun.present import Presenter
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils.nodes import Node

    from sphinx_kommun.model.profile import Organ, Profile
    from sphinx_kommun.registry import Registry

#: A profile key, a body key, or ``kommun:organ``: lowercase ASCII words.
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$")
#: A date written as an ISO date is, whether or not the day exists.
ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The line under a heading: one punctuation character, repeated.
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")


#: ``env.temp_data`` key: the ``arende`` of the document being read (its
#: municipality decides which profile the other directives name bodies from).
ARENDE_READ = "kommun_arende"
#: ``env.temp_data`` key: the ``sammantrade`` of the meeting file being read.
MEETING_READ = "kommun_sammantrade"
#: ``env.temp_data`` key: the ``punkt`` being read (its content's directives belong to it).
PUNKT_READ = "kommun_punkt"


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


#: docutils' own declarations, which a memo directive does not set (see
#: :class:`KommunDirective`).
_DOCUTILS_DECLARATIONS = (
    "required_arguments",
    "optional_arguments",
    "final_argument_whitespace",
    "has_content",
)


class KommunDirective(SphinxDirective):
    """Base of the memo directives.

    A subclass declares what it takes in the writer's terms: :attr:`argument`
    (none, one ``"word"`` or a ``"title"``, the rest of the line),
    :attr:`argument_required` and :attr:`takes_content`.  docutils is given
    lenient limits from them, so that a missing title, a word too many or
    content where none belongs is a located ``kommun`` warning from
    :meth:`check_arguments`, not a docutils error that drops the directive.
    Setting docutils' own ``required_arguments`` & co. in a subclass is a
    ``TypeError`` when the class is made: they would not mean what they say.
    """

    #: The argument: None, one ``"word"``, or a ``"title"`` (the rest of the line).
    argument: ClassVar[Literal["word", "title"] | None] = None
    argument_required: ClassVar[bool] = False
    #: Whether the directive has content (docutils reads it either way).
    takes_content: ClassVar[bool] = False
    #: Options that take no value (``:ny:``); anything else is text.
    flags: ClassVar[tuple[str, ...]] = ()
    #: Options that must be given.
    required: ClassVar[tuple[str, ...]] = ()

    # Lenient limits for docutils: what a writer wrote is always read.  A
    # directive without an argument gets the text after ``::`` as content, as
    # in docutils.
    required_arguments = 0
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = [name for name in _DOCUTILS_DECLARATIONS if name in cls.__dict__]
        if declared:
            msg = (
                f"{cls.__name__} sets {', '.join(declared)}: a KommunDirective declares "
                "argument ('word' or 'title'), argument_required and takes_content instead"
            )
            raise TypeError(msg)
        cls.optional_arguments = 1 if cls.argument else 0
        cls.final_argument_whitespace = cls.argument is not None

    def run(self) -> list[Node]:
        self.check_options()
        if not self.check_arguments():
            return []
        return self.render()

    def render(self) -> list[Node]:
        """The directive's nodes, once its options and arguments are checked."""
        raise NotImplementedError

    def parse_content_to_nodes(self, allow_section_headings: bool = False) -> list[Node]:
        """The content's nodes.  Most of a memo's sections are plain prose and
        plain lists: those nodes are made as docutils makes them (the same
        text, source and line; see :mod:`sphinx_kommun.directives.plain`),
        without nested state machines and an inline parse per paragraph;
        anything else is parsed by docutils."""
        made = plain.plain_nodes(self.content)
        if made is None:
            return super().parse_content_to_nodes(allow_section_headings)
        # As a nested parse leaves the document at its end, so that the nodes
        # made next are placed as docutils would place them.
        self.state.document.note_source(plain.source_after(self.content, made), None)  # type: ignore[arg-type]  # docutils passes None too
        return made

    def check_arguments(self) -> bool:
        """Warn of a missing or surplus argument and of content where none
        belongs; false when the directive cannot be made without its argument.

        (A directive that takes no argument gets the text after its ``::`` as
        content, as in docutils.)"""
        shown = directive(self.name)
        if self.argument_required and not self.arguments:
            self.warn(
                str(
                    _(
                        "{directive}: its title is missing: write it on the same line, "
                        "after the '::' (the directive is left out)"
                    )
                ).format(directive=shown),
                "argument",
            )
            return False
        if self.arguments and self.argument == "word":
            last, *surplus = self.arguments[-1].split(maxsplit=1)
            if surplus:
                self.warn(
                    str(
                        _("{directive}: {words} is too much: one word only follows the '::'")
                    ).format(directive=shown, words=repr(surplus[0])),
                    "argument",
                )
                self.arguments[-1] = last
        if self.content and not self.takes_content:
            self.warn(
                str(_("{directive} takes no text: the text under it is left out")).format(
                    directive=shown
                ),
                "content",
            )
            self.content = StringList()
        return True

    def warn_empty(self, subtype: str, message: str | None = None) -> None:
        """The directive has no content: either its text follows unindented
        (docutils then reads it as a paragraph or a definition list outside
        the directive), said at the text's line (``kommun.indrag``), or it has
        none, said as ``subtype`` (with ``message``, else that it is empty)."""
        shown = directive(self.name)
        unindented = self.unindented_text()
        if unindented is not None:
            self.warn(
                str(
                    _(
                        "this text is not indented under {directive}, so it is not part "
                        "of it: indent it by three spaces, as the directive's other lines"
                    )
                ).format(directive=shown),
                "indrag",
                lineno=unindented,
            )
            return
        if message is None:
            message = str(
                _("{directive} is empty: write its text under it, indented by three spaces")
            ).format(directive=shown)
        self.warn(message, subtype)

    def unindented_text(self) -> int | None:
        """The input line (as :attr:`lineno`) of the text that follows this
        directive without being indented under it, if the next thing written
        is text (not another directive, a comment or a heading)."""
        lines = self.state_machine.input_lines or StringList()
        first = self.state_machine.line_offset + 1
        for index in range(max(first, 0), len(lines)):
            text = lines[index]
            if not text.strip():
                continue
            if text[:1].isspace() or text.startswith("..") or _ADORNMENT.match(text):
                return None
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if _ADORNMENT.match(following):
                return None  # the next heading: the directive is empty
            return index + self.state_machine.input_offset + 1
        return None

    # -- context -------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        return registry_for(self.config)

    @property
    def lang(self) -> str | None:
        return self.config.language

    @property
    def present(self) -> Presenter:
        return Presenter.of(self.config)

    @property
    def kommun(self) -> str:
        """The memo's municipality: its ``arende :kommun:`` (a meeting's
        ``sammantrade :kommun:``), else ``kommun_profile``."""
        arende = self.env.temp_data.get(ARENDE_READ) or self.env.temp_data.get(MEETING_READ)
        return arende["kommun"] if arende else self.config.kommun_profile

    @property
    def profile(self) -> Profile | None:
        """The profile of :attr:`kommun`; the memo is read again when its file changes."""
        profile = self.registry.profile(self.kommun)
        if profile is not None:
            self.note_profile(profile)
        return profile

    def note_profile(self, profile: Profile) -> None:
        """The memo is read again when ``profile``'s file changes (noted once a memo:
        Sphinx normalises the path on every call)."""
        noted: set[str] = self.env.temp_data.get("kommun-profiles") or set()
        self.env.temp_data["kommun-profiles"] = noted
        if profile.key not in noted:
            noted.add(profile.key)
            self.env.note_dependency(str(profile.path))

    def organ(self, key: str, kind: str = "instanser") -> Organ | None:
        """The body (or with ``kind="forvaltningar"`` the administration)
        ``key`` names, however it is spelt (:func:`normalise_key`)."""
        profile = self.profile
        found = find_key(getattr(profile, kind), key) if profile and key else None
        return found[1] if found else None

    # -- options ---------------------------------------------------------------

    def check_options(self) -> None:
        """Warn of unknown, missing and misused options.  An option written with
        å, ä, ö or capitals (``:Förvaltning:``) is the option it spells."""
        known = set(self.option_spec or ()) if isinstance(self.option_spec, dict) else set()
        shown = directive(self.name)
        for name in list(self.options):
            if name in known:
                continue
            spelt = normalise_key(name)
            if spelt in known and spelt not in self.options:
                self.options[spelt] = self.options.pop(name)
                continue
            self.warn(
                str(_("{directive} has no option {option} ({hint})")).format(
                    directive=shown,
                    option=option(name),
                    hint=hint(name, known, option),
                ),
                "option",
                name,
            )
        for name in self.required:
            if not self.options.get(name):
                self.warn(
                    str(_("{directive} needs {option}")).format(
                        directive=shown, option=option(name)
                    ),
                    "missing-option",
                    name,
                )
        for name in self.flags:
            if self.options.get(name):
                self.warn(
                    str(_("{directive}: {option} takes no value: write it alone")).format(
                        directive=shown, option=option(name)
                    ),
                    "option",
                    name,
                )

    def unknown_key(self, name: str, value: str, valid: Iterable[str]) -> None:
        """Warn, at option ``name``'s line, that its ``value`` names nothing,
        with the nearest valid key (or the valid ones)."""
        self.warn(
            str(_("{directive}: {option} {value} does not exist ({hint})")).format(
                directive=directive(self.name),
                option=option(name),
                value=repr(value),
                hint=hint(value, valid),
            ),
            "unknown-key",
            name,
        )

    @property
    def source_line(self) -> int:
        """The directive's line in its own file, for the memo's record:
        :attr:`lineno` counts ``rst_prolog`` and included lines as well."""
        return self.get_source_info()[1] or self.lineno

    def option_line(self, name: str) -> int:
        """The input line (as :attr:`lineno`) of option ``name``, else the directive's.

        The options are the field list between the directive's first line and
        the first blank line of its block; a name is matched as a key
        (``:Förvaltning:`` is ``forvaltning``)."""
        field = re.compile(r"\s*:([^:\s][^:]*):(\s|$)")
        key = normalise_key(name)
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            if not text.strip():
                break
            match = field.match(text)
            if match and normalise_key(match[1]) == key:
                return self.lineno + offset
        return self.lineno

    def datum_problem(self, datum: str, name: str = "datum") -> str:
        """Why ``datum`` is no date: not written ÅÅÅÅ-MM-DD, or a day the calendar lacks."""
        values = {
            "directive": directive(self.name),
            "option": option(name),
            "value": repr(datum),
        }
        if ISO_SHAPE.match(datum):
            return str(_("{directive}: {option} {value} is a day that does not exist")).format(
                **values
            )
        return str(
            _("{directive}: {option} {value} is not a date written YYYY-MM-DD (as 2019-06-26)")
        ).format(**values)

    def flag(self, name: str) -> bool:
        return name in self.options

    def provision(self) -> str:
        """The ``:sekretess:`` provision, in its one printed form ("OSL 26 kap.
        1 §"); "" when none is given.  A provision of no known form is a
        located warning, and what was written is kept: a part marked secret
        stays secret, whatever the mistake in its marking."""
        written = " ".join(str(self.options.get("sekretess", "")).split())
        if not written:
            return ""
        found = parse_provision(written)
        if found is None:
            self.warn(
                str(
                    _(
                        "{directive}: {option} {value} is no provision of offentlighets- och "
                        "sekretesslagen as written (for example 'OSL 26 kap. 1 §'); the part "
                        "is kept secret all the same"
                    )
                ).format(
                    directive=directive(self.name), option=option("sekretess"), value=repr(written)
                ),
                "sekretess",
                "sekretess",
            )
            return written
        return found.text

    def warn(
        self, message: str, subtype: str, option: str | None = None, *, lineno: int | None = None
    ) -> None:
        """A located warning: at input line ``lineno``, else at the line of
        ``option`` when one is named and written, else at the directive's
        first line."""
        if lineno is None:
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

    def label(self, text: str, cls: type[nodes.TextElement] = nodes.inline, **attrs: Any) -> Any:
        """The extension's own words (already in the build's language): never
        extracted, never replaced by the project's translation.  Placed at the
        directive, as the writer's words are (Sphinx otherwise looks for a
        title's or rubric's place itself, for every one)."""
        node = cls(text, text, **attrs)
        node.source, node.line = self.get_source_info()
        if not isinstance(node, nodes.Inline):  # an inline is skipped unless marked
            node["translatable"] = False
        return node

    def part_heading(self, part: str, default: str) -> str:
        """The heading the extension writes for part ``part``, as the memo's
        municipality words it (its profile's ``rubriker``), else ``default``."""
        return self.registry.part_heading(self.profile, part, default, self.lang)

    def section(self, heading: str, key: str, *, translatable: bool = False) -> nodes.section:
        """A memo section under ``heading``; ``translatable`` when the writer wrote it."""
        section = nodes.section(classes=["kommun-avsnitt", f"kommun-{key}"])
        title = (
            self.text(heading, nodes.title) if translatable else self.label(heading, nodes.title)
        )
        section += title
        # Named by the title as parsed: a masked name is its mark, not its words.
        section["names"].append(nodes.fully_normalize_name(title.astext()))
        self.state.document.note_implicit_target(section, section)
        return section

    def previous_sibling(self, part: str) -> nodes.Element | None:
        """The node just before this directive when it is the part ``part``:
        consecutive directives of one kind (``bilaga``, ``beslut``) share one block."""
        parent = self.state.parent
        if parent.children and is_part(parent[-1], part):
            return parent[-1]  # type: ignore[return-value]
        return None
