"""The meetings of ``memos.json``, shaped after the open council-data
standards: OParl's Meeting (``namn``, ``datum``, ``plats``, ``narvarande``),
AgendaItem (``nummer``, ``namn``, ``offentlig``, ``resultat``,
``beslutstext``) and Consultation (the memo as the item's paper:
``arende``; on the memo, ``behandling``), with Swedish field names as the
rest of the file has them (SvKGS-Möten, the Church of Sweden's model, names
them alike).  A secret item of the public edition is its number, § and dnr,
named "Sekretessbelagt ärende", and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.present import Presenter, confidential_matter

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.meeting import Item, Meeting
    from sphinx_kommun.model.memo import MemoRecord


def iso(datum: str) -> str | None:
    day = parse_datum(datum)
    return day.isoformat() if day else None


class MeetingExport:
    def __init__(self, env: BuildEnvironment, present: Presenter) -> None:
        self.env = env
        self.present = present
        self.domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
        self.unpublished = self.domain.unpublished(env.config)
        self.numbering = self.domain.numbering()

    def organ(self, kommun: str, key: str) -> dict[str, str]:
        return {"nyckel": key, "namn": self.present.organ(kommun, key)}

    def meetings(self) -> list[dict[str, Any]]:
        return [self.meeting(m) for _d, m in sorted(self.domain.meetings.items())]

    def meeting(self, meeting: Meeting) -> dict[str, Any]:
        anslag = meeting.anslag
        justering = meeting.justering
        return {
            "typ": "protokoll" if meeting.is_protokoll else "kallelse",
            "namn": self.present.meeting_title(meeting.kommun, meeting.instans, meeting.datum),
            "kommun": {"nyckel": meeting.kommun, "namn": self.present.kommun(meeting.kommun)},
            "instans": self.organ(meeting.kommun, meeting.instans),
            "datum": iso(meeting.datum),
            "tid": meeting.tid or None,
            "plats": meeting.plats or None,
            "kalla": self.env.doc2path(meeting.docname, base=False).as_posix(),
            "narvarande": [
                {"namn": p.namn, "parti": p.parti or None, "roll": p.roll or None}
                for p in meeting.narvarande
            ],
            "punkter": [
                self.item(meeting, index, item) for index, item in enumerate(meeting.items)
            ],
            "justering": {
                "datum": iso(justering.datum),
                "justerare": list(justering.justerare),
                "omedelbar": list(justering.omedelbar),
            }
            if justering is not None
            else None,
            "anslag": {
                "datum": iso(anslag.datum),
                "sista_dag_for_overklagande": _iso_day(anslag.last_day_of_appeal),
                "nedtagning": _iso_day(anslag.down),
            }
            if anslag is not None
            else None,
        }

    def item(self, meeting: Meeting, index: int, item: Item) -> dict[str, Any]:
        memo = self.domain.item_memo(meeting, item)
        shown = {
            "nummer": item.nummer,
            "paragraf": self.numbering.paragraph(meeting.docname, index),
            "dnr": item.dnr or None,
        }
        secret = (item.sekretess and self.present.public) or (
            memo is not None and memo.docname in self.unpublished
        )
        if secret:
            return {**shown, "namn": confidential_matter(), "offentlig": False}
        return {
            **shown,
            "namn": self.present.title(memo) if memo is not None else item.titel,
            "offentlig": not item.sekretess,
            **({"sekretess": item.sekretess} if item.sekretess else {}),
            "utfall": item.utfall or None,
            "resultat": self.present.outcome(item.utfall) or None,
            "beslutstext": list(self.resolution(memo, item)),
            "arende": {
                "dnr": memo.header.dnr,
                "kalla": self.env.doc2path(memo.docname, base=False).as_posix(),
            }
            if memo is not None and memo.header is not None
            else None,
            "yrkanden": [{"namn": s.namn, "text": s.text} for s in item.said("yrkande")],
            "omrostningar": [{"ja": v.ja, "nej": v.nej, "avstar": v.avstar} for v in item.votes],
            "reservationer": [{"namn": s.namn, "text": s.text} for s in item.said("reservation")],
            "protokollsanteckningar": [
                {"namn": s.namn, "text": s.text} for s in item.said("protokollsanteckning")
            ],
            "jav": [s.namn for s in item.said("jav")],
        }

    @staticmethod
    def resolution(memo: MemoRecord | None, item: Item) -> tuple[str, ...]:
        """The decision's points: the item's own, or the memo's when decided as proposed."""
        if item.utfall == "annat":
            return item.beslut
        if item.utfall == "enligt-forslag" and memo is not None:
            return tuple(p for beslut in memo.beslut for p in beslut.points)
        return ()

    def handling(self, record: MemoRecord) -> list[dict[str, Any]]:
        """How a memo was handled: one entry per meeting item that names its dnr."""
        return [
            {
                "instans": self.organ(meeting.kommun, meeting.instans),
                "datum": iso(meeting.datum),
                "paragraf": paragraf,
                "utfall": item.utfall or None,
                "sammantrade": self.env.doc2path(meeting.docname, base=False).as_posix(),
            }
            for meeting, item, paragraf in self.domain.handling(record)
        ]


def _iso_day(day: Any) -> str | None:
    return day.isoformat() if day is not None else None
