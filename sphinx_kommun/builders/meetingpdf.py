"""What ``kommunpdf`` prints of a meeting besides its page: the kallelse with
its föredragningslista (once the meeting is a protokoll, the kallelse sent
before it), and one protokollsutdrag per § ("Utdrag ur protokoll": the §, its
decision, "Rätt utdraget intygar", "Expedieras till" from the memo's
``delges``).

They are made from the meeting's record and its memos' records, in the
build's language, through :mod:`sphinx_kommun.present`; the meeting page's
own PDF is its doctree, as a memo's is.  In the public edition a secret item
is named "Sekretessbelagt ärende" beside its dnr and gets no utdrag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx_kommun.builders.typstdata import Item, header_data, recipients_block, signatures_block
from sphinx_kommun.i18n import _
from sphinx_kommun.present import Presenter, confidential_matter, outcome_sentence

if TYPE_CHECKING:
    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.meeting import Item as MeetingItem
    from sphinx_kommun.model.meeting import Meeting
    from sphinx_kommun.model.memo import MemoRecord


def heading(text: str, level: int = 1) -> dict[str, Any]:
    return {"t": "heading", "level": level, "body": [text]}


def par(*inlines: Item) -> dict[str, Any]:
    return {"t": "par", "body": list(inlines)}


def points_block(points: tuple[str, ...]) -> dict[str, Any]:
    if len(points) == 1:
        return par(points[0])
    return {"t": "enum", "numbering": "1.", "start": 1, "items": [[par(p)] for p in points]}


@dataclass(frozen=True)
class Printed:
    """One PDF of a meeting: its name beside the page's, its kind, its body."""

    suffix: str
    doctype: str
    title: str
    body: list[Item]


class MeetingPrints:
    """The kallelse and the utdrag of one meeting."""

    def __init__(self, domain: KommunDomain, present: Presenter, unpublished: set[str]) -> None:
        self.domain = domain
        self.present = present
        self.unpublished = unpublished

    def header(self, meeting: Meeting, doctype: str) -> dict[str, Any]:
        facts = [
            (str(_("Date")), self.present.datum(meeting.datum)),
            (str(_("Time")), meeting.tid),
            (str(_("Place")), meeting.plats),
        ]
        return header_data(
            kommun=self.present.kommun(meeting.kommun),
            forvaltning=self.present.organ(meeting.kommun, meeting.instans),
            doctype=doctype.upper(),
            facts=[(label, value) for label, value in facts if value],
        )

    def title(self, meeting: Meeting) -> str:
        return self.present.meeting_title(meeting.kommun, meeting.instans, meeting.datum)

    def memo(self, meeting: Meeting, item: MeetingItem) -> MemoRecord | None:
        memo = self.domain.item_memo(meeting, item)
        return None if memo is None or memo.docname in self.unpublished else memo

    def secret(self, meeting: Meeting, item: MeetingItem) -> bool:
        """The public edition tells nothing of the item but its dnr: it is
        secret, or its memo is."""
        if not self.present.public:
            return False
        memo = self.domain.item_memo(meeting, item)
        return bool(item.sekretess) or (memo is not None and memo.docname in self.unpublished)

    def item_title(self, meeting: Meeting, item: MeetingItem) -> str:
        if self.secret(meeting, item):
            return confidential_matter()
        memo = self.domain.item_memo(meeting, item)
        return self.present.title(memo) if memo is not None else (item.titel or item.dnr)

    def kallelse(self, meeting: Meeting) -> Printed:
        """The föredragningslista: each item, its dnr and the proposed decision."""
        body: list[Item] = [heading(self.title(meeting)), heading(str(_("Agenda")), 2)]
        for item in meeting.items:
            body.append(heading(f"{item.nummer}. {self.item_title(meeting, item)}", 3))
            if item.dnr:
                body.append(par(f"{_('Ref. no.')} {item.dnr}"))
            memo = None if self.secret(meeting, item) else self.memo(meeting, item)
            if memo is not None and memo.header is not None and memo.beslut:
                body.append({"t": "rubric", "body": [str(_("Proposed decision"))]})
                for beslut in memo.beslut:
                    body.append(par(self.present.decision_heading(memo.header.kommun, beslut)))
                    body.append(points_block(beslut.points))
        kind = self.present.meeting_kind(False)
        return Printed("-kallelse", kind, f"{kind}: {self.title(meeting)}", body)

    def decision(self, meeting: Meeting, item: MeetingItem) -> list[Item]:
        """What the body decided in the item, as its utdrag says it."""
        if item.utfall == "annat":
            return [points_block(item.beslut)] if item.beslut else []
        if item.utfall == "enligt-forslag":
            memo = self.memo(meeting, item)
            if memo is None or memo.header is None:
                return []
            return [
                block
                for beslut in memo.beslut
                for block in (
                    par(self.present.decision_heading(memo.header.kommun, beslut)),
                    points_block(beslut.points),
                )
            ]
        sentence = outcome_sentence(item.utfall)
        return [par(sentence)] if sentence else []

    def utdrag(self, meeting: Meeting, paragraphs: tuple[int, ...]) -> list[Printed]:
        """One protokollsutdrag per § (none of a secret item in the public edition)."""
        printed = []
        kind = str(_("Extract from the minutes"))
        secretary = meeting.sekreterare
        for item, paragraf in zip(meeting.items, paragraphs, strict=False):
            if self.secret(meeting, item):
                continue
            title = f"§ {paragraf} {self.item_title(meeting, item)}"
            body: list[Item] = [heading(self.title(meeting)), heading(title, 2)]
            if item.dnr:
                body.append(par(f"{_('Ref. no.')} {item.dnr}"))
            body.extend(par(p) for p in item.text)
            body.extend(self.decision(meeting, item))
            for statement in item.said("reservation"):
                body.append(par(str(_("Reservation by {name}")).format(name=statement.namn)))
            if meeting.justering is not None and meeting.justering.datum:
                adjusted = self.present.datum(meeting.justering.datum)
                body.append(par(str(_("Adjusted on {date}")).format(date=adjusted)))
            body.append({"t": "rubric", "body": [str(_("Certified correct extract"))]})
            signer = secretary.namn if secretary else "\u2003"
            body.append(signatures_block([(signer, str(_("Secretary")))]))
            memo = self.memo(meeting, item)
            if memo is not None and memo.delges:
                body.append(heading(str(_("Sent to")), 3))
                body.append(recipients_block([m.name for m in memo.delges]))
            printed.append(Printed(f"-utdrag-{paragraf}", kind, f"{kind}: {title}", body))
        return printed
