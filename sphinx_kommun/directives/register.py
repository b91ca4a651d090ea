"""``beslutslista``: a register of every decision in the project, for a body's meeting.

The directive leaves a placeholder; once every memo is read, the placeholder
becomes a table of standard docutils nodes (so every builder writes it): the
memo's title linked to the memo, its dnr and date, the deciding body and the
decision points, sorted by date and dnr.  The domain marks the pages that hold
a register, so they are written again whenever a decision changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.directives.arende import parse_datum
from sphinx_kommun.directives.beslut import BeslutDirective, decision_heading
from sphinx_kommun.i18n import _, format_datum
from sphinx_kommun.nodes import beslutslista
from sphinx_kommun.registry import registry_for
from sphinx_kommun.roles import memo_link

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

    from sphinx_kommun.domain import Beslut, KommunDomain, MemoRecord
    from sphinx_kommun.registry import Registry

#: The register's columns: the catalog's label and a relative width.
COLUMNS = (
    (_("Matter"), 28),
    (_("Ref. no."), 14),
    (_("Date"), 14),
    (_("Body"), 16),
    (_("Decision"), 28),
)


class BeslutslistaDirective(KommunDirective):
    has_content = False
    option_spec = option_spec("instans")

    def render(self) -> list[Node]:
        instans = self.options.get("instans", "")
        profile = self.profile
        if instans and profile is not None and instans not in profile.instanser:
            valid = ", ".join(sorted(profile.instanser))
            self.warn(
                f"beslutslista: unknown :instans: {instans!r} (valid: {valid})",
                "unknown-key",
                "instans",
            )
        self.memo.register = True
        node = beslutslista(instans=instans)
        self.set_source_info(node)
        return [node]


def register_rows(domain: KommunDomain, instans: str) -> list[tuple[MemoRecord, Beslut]]:
    """Every decision of every memo, by date and dnr.  With ``instans``, that
    body's decisions and the proposals made to it (which its meeting decides)."""
    rows = [
        (memo, beslut)
        for memo in domain.memo_records()
        for beslut in memo.beslut
        if not instans or instans in (beslut.instans, beslut.till)
    ]
    # A stable sort: within one date and dnr, memos stay in name order and a
    # memo's decisions in the order written.
    rows.sort(key=lambda row: (row[0].header.datum, row[0].header.dnr))  # type: ignore[union-attr]
    return rows


class RegisterTable:
    """The register as the page ``docname`` shows it, in the build's language."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.builder = app.builder
        self.registry: Registry = registry_for(app.config)
        self.lang: str | None = app.config.language
        self.docname = docname

    def build(self, rows: list[tuple[MemoRecord, Beslut]]) -> nodes.Element:
        if not rows:
            text = str(_("No decisions."))
            return nodes.paragraph(text, text, classes=["kommun-beslutslista"])
        table = nodes.table(classes=["kommun-beslutslista"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=width) for _label, width in COLUMNS)
        group += nodes.thead("", self.row([self.cell(str(label)) for label, _width in COLUMNS]))
        body = nodes.tbody()
        body.extend(self.row(self.cells(memo, beslut)) for memo, beslut in rows)
        group += body
        return table

    @staticmethod
    def row(cells: list[nodes.entry]) -> nodes.row:
        return nodes.row("", *cells)

    @staticmethod
    def cell(text: str, *children: nodes.Node) -> nodes.entry:
        if not children:
            children = (nodes.paragraph(text, text),)
        return nodes.entry("", *children)

    def cells(self, memo: MemoRecord, beslut: Beslut) -> list[nodes.entry]:
        header = memo.header
        assert header is not None
        profile = self.registry.profile(header.kommun)
        instans = profile.instanser.get(beslut.instans) if profile else None
        till = profile.instanser.get(beslut.till) if profile and beslut.till else None
        datum = parse_datum(header.datum)

        decision: list[nodes.Node] = []
        if beslut.till:
            heading = decision_heading(instans, till, beslut.instans, self.lang)
            decision.append(nodes.paragraph("", "", nodes.emphasis(heading, heading)))
        decision.append(
            BeslutDirective.points_node([[nodes.paragraph(p, p)] for p in beslut.points])
        )
        return [
            self.cell("", nodes.paragraph("", "", self.title_link(memo))),
            self.cell(header.dnr),
            self.cell(format_datum(datum, self.lang) if datum else header.datum),
            self.cell(instans.name(self.lang) if instans else beslut.instans),
            self.cell("", *decision),
        ]

    def title_link(self, memo: MemoRecord) -> nodes.Element:
        title = memo.title or memo.docname
        return memo_link(self.builder, self.docname, memo.docname, nodes.inline(title, title))


def resolve_registers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    for node in list(doctree.findall(beslutslista)):
        table = RegisterTable(app, docname).build(register_rows(domain, node["instans"]))
        table["ids"] = node["ids"]
        node.replace_self(table)


def setup_register(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_registers)


def register(registry: Registry) -> None:
    registry.add_directive("beslutslista", BeslutslistaDirective)
