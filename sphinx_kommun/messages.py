"""The words every warning shares: a directive and an option named as the
writer wrote them, and the hint for a misspelt name.

A case officer reads a warning in the project's language (the catalog's
translator follows ``language``): the directive as written (``.. beslut::``),
the option as written (``:instans:``) and, for a name that does not exist,
the nearest one that does ("menade du `.. sammanfattning::`?"), else the
names to choose from.  One helper, so that every message says it alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sphinx_kommun.i18n import _
from sphinx_kommun.model.keys import nearest


def directive(name: str) -> str:
    """``beslut`` → ```.. beslut::```, as the writer writes it."""
    return f"`.. {name}::`"


def option(name: str) -> str:
    """``instans`` → ```:instans:```, as the writer writes it."""
    return f"`:{name}:`"


def quoted(value: str) -> str:
    """A value the writer wrote, quoted so that blanks and odd characters show."""
    return repr(value)


def hint(written: str, valid: Iterable[str], shape: Callable[[str], str] = quoted) -> str:
    """What to write instead of the unknown ``written``: the nearest of
    ``valid`` ("did you mean 'kommunstyrelsen'?"), else every valid name."""
    names = sorted(set(valid))
    close = nearest(written, names)
    if close is not None:
        return str(_("did you mean {name}?")).format(name=shape(close))
    if not names:
        return str(_("none is defined"))
    return str(_("valid: {names}")).format(names=", ".join(shape(n) for n in names))
