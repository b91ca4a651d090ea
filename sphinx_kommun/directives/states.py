"""docutils' reStructuredText states, with one fast path: a directive's
options.

docutils reads the option lines of every directive (``:dnr: KS 2025/1``)
with a state machine of its own: fifteen states built, a field list parsed
and each field's name parsed for inline markup, then taken apart again into
(name, value) pairs.  That costs more than a millisecond a directive, and a
memo has a dozen.  Options of the ordinary form -- one line each, a name of
letters, digits and single hyphens, any value on the same line -- are read
here directly into the same pairs, and given to docutils' own
:func:`~docutils.utils.assemble_option_dict`, so that an unknown option, one
given twice or a value its converter refuses is the same error with the same
words.  Anything else (a value on further lines, a name with markup in it,
a line that is not a field) goes to docutils as before.

The states are docutils' own classes, each with :class:`_FastOptions` mixed
in under the same name, so that docutils finds them by name as it finds its
own.  The parser starts its state machine with them, and each state gives
them to the state machines it nests, so that a directive inside a directive
is read the same way.  Nothing of docutils is changed in place: a document
parsed by anything else is parsed as before.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import utils
from docutils.parsers.rst import states

#: One option on one line: ``:name:`` alone (a flag), or ``:name: value``.
#: The name is what docutils' inline parser leaves as it is (no ``_``, which
#: could end a reference, no ``*`` or backquote, no colon, no space); the
#: value is never inline-parsed by docutils, so any text is kept as written.
_OPTION_LINE = re.compile(r":(?P<name>[^\W_]+(?:-[^\W_]+)*):(?: +(?P<value>.*))?")


def simple_options(lines: list[str]) -> list[tuple[str, str | None]] | None:
    """The (name, value) pairs of an option block of the ordinary form, as
    docutils' :func:`~docutils.utils.extract_options` gives them (the name in
    lower case, None for an option without a value); None for any other block."""
    found: list[tuple[str, str | None]] = []
    for line in lines:
        match = _OPTION_LINE.fullmatch(line)
        if match is None:
            return None
        value = match["value"]
        found.append((match["name"].lower(), value if value else None))
    return found


class _FastOptions:
    """Mixed into each of docutils' states (see the module's text)."""

    #: The nested state machines kept for reuse, apart from docutils' own
    #: (whose states are docutils' classes).
    nested_sm_cache: ClassVar[list[Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nested_sm_kwargs = {"state_classes": STATE_CLASSES, "initial_state": "Body"}

    def nested_list_parse(  # type: ignore[no-untyped-def]
        self, block, input_offset, node, initial_state, blank_finish, *args, **kwargs
    ):
        # docutils builds a state machine of fifteen states for every run of
        # explicit markup (a directive after a directive) and throws it away;
        # a memo has four such runs.  A run that docutils would
        # make with its defaults gets a kept machine instead, as its
        # nested_parse does: the run sets all the machine's state that it reads.
        if initial_state != "Explicit" or args or kwargs:
            return super().nested_list_parse(  # type: ignore[misc]
                block, input_offset, node, initial_state, blank_finish, *args, **kwargs
            )
        if _EXPLICIT_MACHINES:
            kept = _EXPLICIT_MACHINES.pop()
        else:
            kept = self.nested_sm(  # type: ignore[attr-defined]
                debug=self.debug,  # type: ignore[attr-defined]
                parent_state_machine=self.state_machine,  # type: ignore[attr-defined]
                state_classes=STATE_CLASSES,
                initial_state=initial_state,
            )
        kept.parent_state_machine = self.state_machine  # type: ignore[attr-defined]
        kept.states[initial_state].blank_finish = blank_finish
        kept.run(block, input_offset, memo=self.memo, node=node, match_titles=False)  # type: ignore[attr-defined]
        blank_finish = kept.states[initial_state].blank_finish
        offset = kept.abs_line_offset()
        # Kept, it holds the last document it read until its next run, as
        # docutils' own kept machines do: one doctree at most a depth.
        _EXPLICIT_MACHINES.append(kept)
        return offset, blank_finish

    def parse_extension_options(
        self, option_spec: dict[str, Any], datalines: Any
    ) -> tuple[int, Any]:
        found = simple_options(list(datalines))
        if found is None:
            return super().parse_extension_options(option_spec, datalines)  # type: ignore[misc]
        # docutils' state machine leaves the document just past the block's
        # last line (its file, no line), where the directive's nodes are then
        # placed: so here too.
        items = getattr(datalines, "items", None)
        if items:
            self.document.note_source(items[-1][0], None)  # type: ignore[attr-defined,arg-type]
        # What docutils' Body.parse_extension_options answers for each error.
        try:
            return 1, utils.assemble_option_dict(found, option_spec)  # type: ignore[arg-type]  # docutils gives None for a flag too
        except KeyError as detail:
            return 0, f'unknown option: "{detail.args[0]}"'
        except (ValueError, TypeError) as detail:
            return 0, "invalid option value: {}".format(" ".join(detail.args))
        except utils.ExtensionOptionError as detail:
            return 0, "invalid option data: {}".format(" ".join(detail.args))


#: Machines for runs of explicit markup, kept between runs (see
#: :meth:`_FastOptions.nested_list_parse`); one is in use at each depth.
_EXPLICIT_MACHINES: list[Any] = []

STATE_CLASSES: tuple[type, ...] = tuple(
    type(cls.__name__, (_FastOptions, cls), {"__module__": __name__, "__doc__": cls.__doc__})
    for cls in states.state_classes
)
