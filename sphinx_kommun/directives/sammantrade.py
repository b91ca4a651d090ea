"""A meeting once it is read, and once every document is: kallelse or
protokoll, the § numbers, the memos' titles and proposals, how each memo was
handled, and the mistakes only the whole project shows.

* When the meeting file is read (a transform, before the domain reads the
  record): everything after ``sammantrade`` becomes part of its section, and
  the header says "Kallelse" or "Protokoll" by whether an item has an outcome.
* When a page is written (``doctree-resolved``): an item that names a memo
  gets its title, linked, and its proposal (kallelse) or decision
  (protokoll); the items of a protokoll their § numbers, which run on across
  the body's meetings of the year (:func:`~sphinx_kommun.model.meeting.paragraph_numbers`);
  a memo's header says how it was handled ("Behandlat: Kommunstyrelsen 12
  mars 2025, § 43").
* Once every document is read (``env-check-consistency``): an item whose dnr
  names no memo, a § number given twice in a body's year, a vote of more
  members than attended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_kommun.directives.beslut import points_node
from sphinx_kommun.directives.register import item_link, memo_link
from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive
from sphinx_kommun.nodes import meeting_header, memo_header, parts
from sphinx_kommun.present import Presenter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.meeting import Item, Meeting
    from sphinx_kommun.model.memo import MemoRecord


class MeetingTransform(SphinxTransform):
    """The meeting's section holds the whole meeting; its header names the
    document it is now."""

    # After the translation (Locale, 20), before the domain reads it (850).
    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        header = next(self.document.findall(meeting_header), None)
        if header is None or not isinstance(header.parent, nodes.section):
            return
        section = header.parent
        parent = section.parent
        if parent is not None:
            following = parent.children[parent.index(section) + 1 :]
            for node in following:
                parent.remove(node)
            section.extend(following)
        items = list(parts(self.document, "punkt"))
        protokoll = any(item["utfall"] for item in items)
        kind = Presenter.meeting_kind(protokoll).upper()
        for node in parts(header, "sammantrade-typ"):
            node.children = []
            node += nodes.Text(kind)
        if not protokoll and items:
            self.agenda(section, [item for item in items if item.parent is section])

    def agenda(self, meeting: nodes.Element, items: list[nodes.Element]) -> None:
        """The kallelse's items under the heading "Föredragningslista"."""
        if not items:
            return
        text = str(_("Agenda"))
        agenda = nodes.section(classes=["kommun-avsnitt", "kommun-foredragningslista"])
        agenda += nodes.title(text, text, translatable=False)
        agenda["names"].append(nodes.fully_normalize_name(text))
        meeting.insert(meeting.index(items[0]), agenda)
        for item in items:
            meeting.remove(item)
        agenda.extend(items)
        self.document.note_implicit_target(agenda, agenda)


def domain_of(env: BuildEnvironment) -> KommunDomain:
    return env.domains["kommun"]  # type: ignore[return-value]


class MeetingPage:
    """What a meeting page shows of other documents, in the build's language."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.domain = domain_of(app.env)
        self.present = Presenter.of(app.config)
        self.unpublished = self.domain.unpublished(app.config)

    def resolve(self, doctree: nodes.document, meeting: Meeting) -> None:
        numbering = self.domain.numbering()
        for index, section in enumerate(parts(doctree, "punkt")):
            item = meeting.items[index] if index < len(meeting.items) else None
            if item is None:
                continue
            memo = self.domain.item_memo(meeting, item)
            paragraf = numbering.paragraph(meeting.docname, index)
            shown = f"§ {paragraf}" if paragraf is not None else f"{item.nummer}."
            for number in parts(section, "punkt-nummer"):
                number.children = [nodes.Text(shown)]
            for title in list(parts(section, "punkt-titel")):
                if memo is not None:
                    text = self.present.title(memo)
                    content = nodes.inline(text, text)
                    title.replace_self(
                        content
                        if memo.docname in self.unpublished
                        else memo_link(self.app.builder, self.docname, memo.docname, content)
                    )
            for slot in parts(section, "punkt-forslag"):
                slot.extend(self.decision(meeting, item, memo))

    def decision(self, meeting: Meeting, item: Item, memo: MemoRecord | None) -> list[nodes.Node]:
        """The memo's proposal in a kallelse; in a protokoll the decision when
        the body decided as proposed; else nothing."""
        if memo is None or memo.docname in self.unpublished or not memo.beslut:
            return []
        if meeting.is_protokoll and item.utfall != "enligt-forslag":
            return []
        shown: list[nodes.Node] = []
        if not meeting.is_protokoll:
            shown.append(_rubric(str(_("Proposed decision"))))
        assert memo.header is not None
        for beslut in memo.beslut:
            shown.append(_rubric(self.present.decision_heading(memo.header.kommun, beslut)))
            shown.append(points_node([[nodes.paragraph(p, p)] for p in beslut.points]))
        return shown


def _rubric(text: str) -> nodes.rubric:
    return nodes.rubric(text, text)


def handled_line(app: Sphinx, docname: str, record: MemoRecord) -> nodes.paragraph | None:
    """ "Behandlat: Kommunstyrelsen 12 mars 2025, § 43", linked to the meeting."""
    if record.header is None or not record.header.dnr:
        return None
    present = Presenter.of(app.config)
    found = [f for f in domain_of(app.env).handling(record) if f[2] is not None]
    if not found:
        return None
    label = str(_("Handled"))
    line = nodes.paragraph("", "", classes=["kommun-behandlat"])
    line += nodes.strong(f"{label}:", f"{label}:")
    for position, (meeting, item, paragraf) in enumerate(found):
        text = present.handled(meeting.kommun, meeting.instans, meeting.datum, paragraf)
        line += nodes.Text("; " if position else " ")
        line += item_link(app.builder, docname, meeting, item, nodes.inline(text, text))
    return line


def resolve_meetings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = domain_of(app.env)
    meeting = domain.meetings.get(docname)
    if meeting is not None:
        MeetingPage(app, docname).resolve(doctree, meeting)
    record = domain.memos.get(docname)
    header = next(doctree.findall(memo_header), None)
    if record is not None and header is not None and not record.secret:
        line = handled_line(app, docname, record)
        if line is not None:
            header += line


def check_meetings(app: Sphinx, env: BuildEnvironment) -> None:
    """The mistakes only the whole project shows, each at its item's line."""
    domain = domain_of(env)
    numbering = domain.numbering()
    dnrs = domain.docs_by_dnr()
    for docname, meeting in sorted(domain.meetings.items()):
        where = str(env.doc2path(docname))
        for item in meeting.items:
            if item.dnr and item.dnr not in dnrs:
                warn(
                    str(_("{directive}: no memo of the project has the dnr {dnr}")).format(
                        directive=directive("punkt"), dnr=repr(item.dnr)
                    ),
                    "punkt-dnr",
                    f"{where}:{item.line}",
                )
            for vote in item.votes:
                if meeting.narvarande and vote.total > meeting.voting:
                    warn(
                        str(
                            _(
                                "{directive}: {total} votes, but {members} members with a "
                                "vote attended"
                            )
                        ).format(
                            directive=directive("omrostning"),
                            total=vote.total,
                            members=meeting.voting,
                        ),
                        "omrostning",
                        f"{where}:{vote.line or item.line}",
                    )
    for docname, index, other in numbering.twice:
        meeting = domain.meetings[docname]
        paragraf = numbering.paragraph(docname, index)
        warn(
            str(_("§ {number} of the {body} is used twice this year: also in {other}")).format(
                number=paragraf,
                body=Presenter.of(app.config).organ(meeting.kommun, meeting.instans),
                other=env.doc2path(other, base=False).as_posix(),
            ),
            "paragraf",
            f"{env.doc2path(docname)}:{meeting.items[index].line}",
        )


def setup_meetings(app: Sphinx) -> None:
    app.add_transform(MeetingTransform)
    app.connect("doctree-resolved", resolve_meetings)
    app.connect("env-check-consistency", check_meetings)
