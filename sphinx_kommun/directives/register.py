"""``beslutslista``: a register of every decision in the project, for a body's meeting.

The directive leaves a placeholder; once every memo is read, the placeholder
becomes a table of standard docutils nodes (so every builder writes it): the
memo's title linked to the memo, its dnr and date, the deciding body and the
decision points, sorted by date and dnr.  The domain marks the pages that hold
a register, so they are written again whenever a decision changes.

A register may be narrowed to one municipality (``:kommun:``), one body
(``:instans:``, of the register's municipality, or of another one written
``sodertalje:tekniska-namnden``) and a period (``:fran:``, ``:tom:``, both
days included).  A register that spans several municipalities has a column
that names each decision's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from sphinx_kommun.directives import KommunDirective, option_spec
from sphinx_kommun.directives.beslut import points_node
from sphinx_kommun.i18n import _
from sphinx_kommun.messages import directive, option
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.model.keys import find_key
from sphinx_kommun.nodes import beslutslista
from sphinx_kommun.present import Presenter

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.meeting import Item, Meeting
    from sphinx_kommun.model.memo import Beslut, MemoRecord
    from sphinx_kommun.registry import Registry

#: The register's columns: the catalog's label and a relative width.
COLUMNS = (
    (_("Matter"), 28),
    (_("Ref. no."), 14),
    (_("Date"), 14),
    (_("Body"), 16),
    (_("Decision"), 28),
)
#: The columns a project with meetings adds: the § of the protokoll and the outcome.
MEETING_COLUMNS = ((_("Paragraph"), 7), (_("Outcome"), 11))

#: The column a register that spans several municipalities adds after the body.
KOMMUN_COLUMN = (_("Municipality"), 14)


@dataclass(frozen=True)
class Selection:
    """Which decisions a register shows: those of ``kommun`` (every
    municipality's when empty), of the body ``instans`` (with the proposals
    made to it, which its meeting decides), from ``fran`` to ``tom``."""

    kommun: str = ""
    instans: str = ""
    fran: str = ""
    tom: str = ""

    def shows(self, memo: MemoRecord, beslut: Beslut) -> bool:
        header = memo.header
        assert header is not None
        return (
            (not self.kommun or header.kommun == self.kommun)
            and (not self.instans or self.instans in (beslut.instans, beslut.till))
            and (not self.fran or header.datum >= self.fran)
            and (not self.tom or header.datum <= self.tom)
        )


class BeslutslistaDirective(KommunDirective):
    option_spec = option_spec("kommun", "instans", "fran", "tom")

    def render(self) -> list[Node]:
        kommun = self.selected_kommun()
        instans = self.options.get("instans", "")
        if ":" in instans:
            written, _sep, instans = instans.partition(":")
            found = find_key(self.registry.profiles, written)
            if found is None:
                self.unknown_key("instans", written, self.registry.profiles)
                instans = ""
            elif kommun and found[0] != kommun:
                self.warn(
                    str(
                        _(
                            "{directive}: {instans} names a body of another municipality "
                            "than {kommun}: the register shows {kommun}'s decisions only"
                        )
                    ).format(
                        directive=directive(self.name),
                        instans=option("instans"),
                        kommun=option("kommun"),
                    ),
                    "instans",
                    "instans",
                )
                instans = ""
            else:
                kommun = found[0]
        if instans:
            # A body is one municipality's: unprefixed, the register's own.
            kommun = kommun or self.kommun
            instans = self.body_key(kommun, instans)
        node = beslutslista(
            kommun=kommun,
            instans=instans,
            fran=self.period_day("fran"),
            tom=self.period_day("tom"),
        )
        self.set_source_info(node)
        return [node]

    def selected_kommun(self) -> str:
        """The ``:kommun:`` the register is narrowed to, as its profile's key."""
        written = self.options.get("kommun", "")
        if not written:
            return ""
        found = find_key(self.registry.profiles, written)
        if found is None:
            self.unknown_key("kommun", written, self.registry.profiles)
            return ""
        return found[0]

    def body_key(self, kommun: str, written: str) -> str:
        """``written`` as a body key of ``kommun``'s profile; warned of, and
        kept as written, when the profile has no such body."""
        profile = self.registry.profile(kommun)
        if profile is None:
            return written
        self.note_profile(profile)
        found = find_key(profile.instanser, written)
        if found is None:
            self.unknown_key("instans", written, profile.instanser)
            return written
        return found[0]

    def period_day(self, name: str) -> str:
        """The ISO day that ``:fran:`` or ``:tom:`` gives; "" (no bound) for
        none, and for one that is no date (warned of)."""
        written = self.options.get(name, "")
        if written and parse_datum(written) is None:
            self.warn(self.datum_problem(written, name), "datum", name)
            return ""
        return written


def register_rows(domain: KommunDomain, selection: Selection) -> list[tuple[MemoRecord, Beslut]]:
    """Every decision of every memo that ``selection`` shows, by date and dnr."""
    rows = [
        (memo, beslut)
        for memo in domain.memo_records()
        for beslut in memo.beslut
        if selection.shows(memo, beslut)
    ]
    # A stable sort: within one date and dnr, memos stay in name order and a
    # memo's decisions in the order written.
    rows.sort(key=lambda row: (row[0].header.datum, row[0].header.dnr))  # type: ignore[union-attr]
    return rows


def memo_link(
    builder: Builder, fromdocname: str, docname: str, content: nodes.Element
) -> nodes.Element:
    """``content`` linked to the memo ``docname``; left unlinked by a builder
    that has no page for it (LaTeX, for a memo outside the document)."""
    try:
        return make_refnode(builder, fromdocname, docname, "", content)
    except NoUri:
        return content


def item_link(
    builder: Builder, fromdocname: str, meeting: Meeting, item: Item, content: nodes.Element
) -> nodes.Element:
    """``content`` linked to the meeting's item (its § in the protokoll)."""
    link = memo_link(builder, fromdocname, meeting.docname, content)
    if isinstance(link, nodes.reference) and item.anchor:
        link["refuri"] += f"#{item.anchor}"
    return link


class RegisterTable:
    """The register as the page ``docname`` shows it, in the build's language."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.builder = app.builder
        self.present = Presenter.of(app.config)
        domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
        self.unpublished = domain.unpublished(app.config)
        self.docname = docname
        self.domain = domain
        self.columns = (*COLUMNS, *MEETING_COLUMNS) if domain.meetings else COLUMNS

    def build(self, rows: list[tuple[MemoRecord, Beslut]]) -> nodes.Element:
        if not rows:
            text = str(_("No decisions."))
            return nodes.paragraph(text, text, classes=["kommun-beslutslista"])
        table = nodes.table(classes=["kommun-beslutslista"])
        group = nodes.tgroup(cols=len(self.columns))
        table += group
        group.extend(nodes.colspec(colwidth=width) for _label, width in self.columns)
        group += nodes.thead(
            "", self.row([self.cell(str(label)) for label, _width in self.columns])
        )
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
        if memo.docname in self.unpublished:  # its dnr and "Sekretessbelagt ärende" alone
            title = self.present.title(memo)
            return [
                self.cell(title),
                self.cell(header.dnr),
                *(self.cell("") for _column in self.columns[2:]),
            ]
        decision: list[nodes.Node] = []
        if beslut.till:
            heading = self.present.decision_heading(header.kommun, beslut)
            decision.append(nodes.paragraph("", "", nodes.emphasis(heading, heading)))
        decision.append(points_node([[nodes.paragraph(p, p)] for p in beslut.points]))
        return [
            self.cell("", nodes.paragraph("", "", self.title_link(memo))),
            self.cell(header.dnr),
            self.cell(self.present.datum(header.datum)),
            self.cell(self.present.organ(header.kommun, beslut.instans)),
            self.cell("", *decision),
            *(self.meeting_cells(memo) if self.domain.meetings else []),
        ]

    def meeting_cells(self, memo: MemoRecord) -> list[nodes.entry]:
        """The § of the latest protokoll that handled the memo, linked, and its outcome."""
        found = [f for f in self.domain.handling(memo) if f[2] is not None]
        if not found:
            return [self.cell(""), self.cell("")]
        meeting, item, paragraf = found[-1]
        text = f"§\u00a0{paragraf}"
        link = item_link(self.builder, self.docname, meeting, item, nodes.inline(text, text))
        return [
            self.cell("", nodes.paragraph("", "", link)),
            self.cell(self.present.outcome(item.utfall)),
        ]

    def title_link(self, memo: MemoRecord) -> nodes.Element:
        title = self.present.title(memo)
        return memo_link(self.builder, self.docname, memo.docname, nodes.inline(title, title))

    #: Where the municipality's column stands: after the body's.
    KOMMUN_AT = 4

    def add_kommun_column(
        self, table: nodes.Element, rows: list[tuple[MemoRecord, Beslut]]
    ) -> None:
        """A register that spans several municipalities names each decision's,
        in a column after the body's."""
        kommuner = {memo.header.kommun for memo, _beslut in rows if memo.header}
        if not isinstance(table, nodes.table) or len(kommuner) < 2:
            return
        group = table.next_node(nodes.tgroup)
        assert isinstance(group, nodes.tgroup)
        group["cols"] += 1
        colspecs = list(group.findall(nodes.colspec))
        label, width = KOMMUN_COLUMN
        group.insert(group.index(colspecs[self.KOMMUN_AT]), nodes.colspec(colwidth=width))
        heading, *decisions = group.findall(nodes.row)
        heading.insert(self.KOMMUN_AT, self.cell(str(label)))
        for (memo, _beslut), row in zip(rows, decisions, strict=True):
            told = memo.header is not None and memo.docname not in self.unpublished
            name = self.present.kommun(memo.header.kommun) if told else ""  # type: ignore[union-attr]
            row.insert(self.KOMMUN_AT, self.cell(name))


def resolve_registers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    for node in list(doctree.findall(beslutslista)):
        selection = Selection(
            kommun=node.get("kommun", ""),
            instans=node["instans"],
            fran=node.get("fran", ""),
            tom=node.get("tom", ""),
        )
        rows = register_rows(domain, selection)
        register = RegisterTable(app, docname)
        table = register.build(rows)
        register.add_kommun_column(table, rows)
        table["ids"] = node["ids"]
        node.replace_self(table)


def setup_register(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_registers)


def register(registry: Registry) -> None:
    registry.add_directive("beslutslista", BeslutslistaDirective)
