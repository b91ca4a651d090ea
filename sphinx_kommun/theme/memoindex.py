"""The memo index: one page listing every memo by date, body and dnr.

It replaces the sidebar toctree that Sphinx's themes render on every page: the
index is written once per build and linked from each page's header, so writing
N memos costs O(N), not O(N²).  It is made only where the ``kommun`` theme
(which has its template) is in use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_kommun.i18n import _
from sphinx_kommun.present import Presenter
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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


def memo_entries(app: Sphinx) -> list[MemoEntry]:
    """Every memo, newest first; memos of one day by dnr."""
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    present = Presenter(registry_for(app.config), app.config.language)
    entries = []
    for record in domain.memo_records():
        header = record.header
        assert header is not None
        entries.append(
            MemoEntry(
                docname=record.docname,
                title=record.title or record.docname,
                datum=header.datum,
                datum_text=present.datum(header.datum),
                instans=present.organ(header.kommun, header.instans),
                dnr=header.dnr,
            )
        )
    entries.sort(key=lambda e: e.dnr)
    entries.sort(key=lambda e: e.datum, reverse=True)
    return entries


def uses_kommun_theme(app: Sphinx) -> bool:
    theme = getattr(app.builder, "theme", None)
    return theme is not None and any(str(d) == str(THEME_DIR) for d in theme.get_theme_dirs())


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not uses_kommun_theme(app) or app.builder.name == "singlehtml":
        return
    context = {
        "title": str(_("Memo index")),
        "kommun_memos": memo_entries(app),
        "kommun_no_memos": str(_("No memos.")),
        "kommun_columns": [str(_("Date")), str(_("Matter")), str(_("Body")), str(_("Ref. no."))],
    }
    yield PAGENAME, context, TEMPLATE


def setup_memoindex(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
