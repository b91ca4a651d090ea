"""Numbers in a table, right-aligned: a column whose every filled body cell is
a number ("8,5", "12 000", "−3", "45 %", "2026") is marked ``kommun-tal``,
header cell included, and the stylesheet aligns it so that the digits line
up.  HTML only, once the page is resolved: the doctree the other builders
read is left as the writer made it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A number as a Swedish table writes it: sign, digit groups, decimal comma
#: or point, and a unit or per cent after it.
NUMBER = re.compile(
    r"[-+−±]?\s?\d{1,3}(?:[\s\u00a0\u202f]?\d{3})*(?:\d+)?(?:[,.]\d+)?"
    r"\s?(?:%|‰|kr|tkr|mkr|mnkr|mdkr|st|m²|m2|km|h)?"
)
NUMERIC = "kommun-tal"


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(" ".join(text.split())))


def _columns(rows: list[nodes.row]) -> list[list[nodes.entry]] | None:
    """The entries of each column, or None where a cell spans rows (then a
    column is not one list of cells)."""
    columns: list[list[nodes.entry]] = []
    for row in rows:
        index = 0
        for entry in row.children:
            if not isinstance(entry, nodes.entry) or entry.get("morerows"):
                return None
            while len(columns) <= index:
                columns.append([])
            columns[index].append(entry)
            index += 1 + int(entry.get("morecols", 0))
    return columns


class NumericColumns(SphinxPostTransform):
    default_priority = 800
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for group in self.document.findall(nodes.tgroup):
            head = [r for h in group.findall(nodes.thead) for r in h.findall(nodes.row)]
            body = [r for b in group.findall(nodes.tbody) for r in b.findall(nodes.row)]
            columns, headers = _columns(body), _columns(head)
            if columns is None or headers is None:
                continue
            for index, cells in enumerate(columns):
                filled = [c.astext().strip() for c in cells if c.astext().strip()]
                if not filled or not all(is_number(text) for text in filled):
                    continue
                heading = headers[index] if index < len(headers) else []
                for cell in (*cells, *heading):
                    cell["classes"].append(NUMERIC)


def setup_tables(app: Sphinx) -> None:
    app.add_post_transform(NumericColumns)
