"""The memo index: one page listing every memo by date, body and dnr.

A case (one dnr of one municipality) with several memos (a revised memo after
återremiss, a memo to the nämnd and one to kommunstyrelsen) is one row, the
case's latest memo, with the earlier ones listed under it ("Tidigare i
ärendet"), oldest last.

It replaces the sidebar toctree that Sphinx's themes render on every page: the
index is written once per build and linked from each page's header, so writing
N memos costs O(N), not O(N²).  It is made only where the ``kommun`` theme
(which has its template) is in use.

Its page is ``memoindex``.  A project document of that name (``memoindex.rst``)
is the writer's and is kept: the memo index moves to the first free name of
``kommun-memoindex``, ``kommun-memoindex-2``, …, every header links there, and
a warning at the document says so.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.present import Presenter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain

PAGENAME = "memoindex"
#: The theme's folder (its templates hold the memo index's).
THEME_DIR = Path(__file__).parent / "kommun"
TEMPLATE = "memoindex.html"


@dataclass(frozen=True)
class MemoEntry:
    docname: str
    title: str
    datum: str
    datum_text: str
    instans: str
    dnr: str
    #: Whether the memo has a page to link to (a secret one of the public edition has none).
    link: bool = True
    kommun: str = ""
    #: The case's earlier memos, newest first (on the case's latest memo only).
    earlier: tuple[MemoEntry, ...] = ()


def memo_entries(app: Sphinx) -> list[MemoEntry]:
    """Every memo, newest first; memos of one day by dnr."""
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    present = Presenter.of(app.config)
    unpublished = domain.unpublished(app.config)
    entries = []
    for record in domain.memo_records():
        header = record.header
        assert header is not None
        told = record.docname not in unpublished  # else its dnr and "Sekretessbelagt ärende"
        entries.append(
            MemoEntry(
                docname=record.docname,
                title=present.title(record),
                datum=header.datum,
                datum_text=present.datum(header.datum) if told else "",
                instans=present.organ(header.kommun, header.instans) if told else "",
                dnr=header.dnr,
                link=told,
                kommun=header.kommun,
            )
        )
    entries.sort(key=lambda e: e.dnr)
    entries.sort(key=lambda e: e.datum, reverse=True)
    return by_case(entries)


def by_case(entries: list[MemoEntry]) -> list[MemoEntry]:
    """``entries`` (newest first) with each case's earlier memos under its latest."""
    cases: dict[tuple[str, str], list[MemoEntry]] = {}
    for entry in entries:
        key = (
            (entry.kommun, " ".join(entry.dnr.split()))
            if entry.dnr.strip()
            else ("", entry.docname)
        )
        cases.setdefault(key, []).append(entry)
    return [replace(latest, earlier=tuple(earlier)) for latest, *earlier in cases.values()]


def uses_kommun_theme(app: Sphinx) -> bool:
    theme = getattr(app.builder, "theme", None)
    return theme is not None and any(str(d) == str(THEME_DIR) for d in theme.get_theme_dirs())


def makes_memoindex(app: Sphinx) -> bool:
    return uses_kommun_theme(app) and app.builder.name != "singlehtml"


#: The memo index's page name in each application's build, once the documents are known.
_pagenames: weakref.WeakKeyDictionary[Sphinx, str] = weakref.WeakKeyDictionary()


def memoindex_pagename(app: Sphinx) -> str:
    """Where this build writes the memo index (``memoindex`` unless a document has it)."""
    return _pagenames.get(app, PAGENAME)


def choose_pagename(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the memo index's page, clear of every document's output.

    Sphinx writes the documents first and the collected pages after, so a
    ``memoindex.rst`` would be overwritten without a word; compared by the
    builder's own target (``memoindex.html``, ``memoindex/``), so that
    ``memoindex/index.rst`` under dirhtml counts too.
    """
    if not makes_memoindex(app):
        return
    target = app.builder.get_target_uri
    taken = {target(docname): docname for docname in env.found_docs}
    candidates = itertools.chain(
        [PAGENAME, f"kommun-{PAGENAME}"], (f"kommun-{PAGENAME}-{n}" for n in itertools.count(2))
    )
    name = next(c for c in candidates if target(c) not in taken)
    _pagenames[app] = name
    if name != PAGENAME:
        warn(
            str(
                _(
                    "this document's name is the memo index's ({pagename}); the document is "
                    "kept and the memo index is written as {name} instead: rename the "
                    "document to give the memo index its usual address back"
                )
            ).format(pagename=PAGENAME, name=repr(name)),
            "memoindex",
            f"{env.doc2path(taken[target(PAGENAME)])}:1",
        )


def link_memoindex(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Every header's link to the memo index points where it is written."""
    if "kommun_memoindex" in context:
        context["kommun_memoindex"] = (memoindex_pagename(app), context["kommun_memoindex"][1])


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not makes_memoindex(app):
        return
    context = {
        "title": str(_("Memo index")),
        "kommun_memos": memo_entries(app),
        "kommun_no_memos": str(_("No memos.")),
        "kommun_earlier": str(_("Earlier in the case")),
        "kommun_columns": [str(_("Date")), str(_("Matter")), str(_("Body")), str(_("Ref. no."))],
    }
    yield memoindex_pagename(app), context, TEMPLATE


def setup_memoindex(app: Sphinx) -> None:
    app.connect("env-updated", choose_pagename)
    # After the theme's own page context (priority 500) has set the link.
    app.connect("html-page-context", link_memoindex, priority=600)
    app.connect("html-collect-pages", collect_pages)
