"""The domain: each memo's record, read from its finished doctree.

As Sphinx's ``todo`` and ``citation`` domains do, directives only make nodes
whose attributes carry what the writer declared (:data:`~sphinx_kommun.nodes.PART`
says which part of a memo a node is).  Once a document is read *and
translated*, :meth:`KommunDomain.process_doc` walks it once and keeps a
:class:`~sphinx_kommun.model.memo.MemoRecord`: the register, the JSON, the
PDF and the memo index then speak the build's language, as the page does.

``:dnr:`` and ``:bilaga:`` are ``pending_xref`` nodes that
:meth:`~KommunDomain.resolve_xref` resolves when a page is written: a dnr
links to the latest memo of that case, a bilaga reference becomes "bilaga 2"
linked to it.  ``clear_doc`` and ``merge_domaindata`` keep the records (and
the personal identity numbers the checks found) right for incremental and
parallel builds, and :meth:`~KommunDomain.outdated_by_others` names the
pages whose links or registers another memo's change outdates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Set
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from sphinx_kommun.i18n import _
from sphinx_kommun.klarsprak import report as klarsprak_report
from sphinx_kommun.languages import language
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive, option
from sphinx_kommun.model.meeting import (
    STATEMENTS,
    Anslag,
    Item,
    Justering,
    Meeting,
    Numbering,
    Person,
    Statement,
    Vote,
    handled,
    paragraph_numbers,
)
from sphinx_kommun.model.memo import (
    Beslut,
    Bilaga,
    Fokusomrade,
    Header,
    MemoRecord,
    Mottagare,
    Signer,
)
from sphinx_kommun.nodes import (
    PART,
    beslutslista,
    is_part,
    meeting_header,
    memo_header,
    parts,
    writer_text,
)
from sphinx_kommun.present import Presenter, appendix_reference
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def plain(node: nodes.Node) -> str:
    """A node's text as a reader sees it: the source's line breaks are not the writer's."""
    return " ".join(node.astext().split())


def point_texts(node: nodes.Element) -> tuple[str, ...]:
    if isinstance(node, nodes.enumerated_list):
        return tuple(plain(item) for item in node.children)
    return (plain(node),) if node.children else ()


def _line(node: nodes.Element) -> int:
    return int(node.get("line") or node.line or 0)


def _first(tree: nodes.Element, part: str) -> nodes.Element | None:
    return next(parts(tree, part), None)


def read_record(docname: str, document: nodes.document) -> MemoRecord | None:
    """The memo's record, from the finished doctree of ``docname``, in one walk
    of it; None for a document with nothing of a memo in it."""
    found: dict[str, list[nodes.Element]] = {}
    header = None
    dnr_refs = set()
    register = False
    for node in document.findall(nodes.Element):
        if PART in node:
            found.setdefault(node[PART], []).append(node)
        elif isinstance(node, memo_header):
            header = header or node
        elif isinstance(node, addnodes.pending_xref):
            if node.get("refdomain") == "kommun" and node.get("reftype") == "dnr":
                dnr_refs.add(str(node["reftarget"]))
        elif isinstance(node, beslutslista):
            register = True
    if not found and header is None and not dnr_refs and not register:
        return None
    sections = found.get("avsnitt", [])
    beslut = tuple(_beslut(node) for node in found.get("beslut", []))
    return MemoRecord(
        docname=docname,
        title=_title(document),
        header=_header(header) if header is not None else None,
        beslut=beslut,
        sections=(
            *(("beslut", b.line) for b in beslut),
            *((str(n["key"]), _line(n)) for n in sections),
        ),
        konsekvenser=tuple(key for n in sections for key in n.get("typer", "").split()),
        fokus=tuple(_fokus(node) for node in found.get("fokusomrade", [])),
        underskrifter=tuple(
            Signer(str(n["namn"]), plain(t) if (t := _first(n, "underskrift-titel")) else "")
            for n in found.get("underskrift", [])
        ),
        bilagor=tuple(_bilaga(node) for node in found.get("bilaga", [])),
        delges=tuple(Mottagare(str(n["key"]), plain(n)) for n in found.get("mottagare", [])),
        dnr_refs=frozenset(dnr_refs),
        register=register,
    )


def writer_title(document: nodes.document) -> nodes.title | None:
    """The title the writer gave the document: its first top-level heading
    that the extension did not write.  (Sphinx takes the first section's
    title, which in a memo written without a title is "Förslag till beslut".)"""
    for section in document.children:
        if isinstance(section, nodes.section) and PART not in section:
            title = section.next_node(nodes.title)
            return title if isinstance(title, nodes.title) else None
    return None


def judged(record: MemoRecord, document: nodes.document, config: Config) -> MemoRecord:
    """``record`` with its plain-language report, for a memo in Swedish; LIX
    and the officialese list are Swedish, so a build in any other language
    judges nothing."""
    if not record.is_memo or language(config.language) != "sv":
        return record
    key = record.header.kommun if record.header else config.kommun_profile
    profile = registry_for(config).profile(key)
    return replace(record, klarsprak=klarsprak_report(document, profile))


def _title(document: nodes.document) -> str:
    title = writer_title(document)
    return plain(title) if title is not None else ""


def _header(node: nodes.Element) -> Header:
    titel = _first(node, "handlaggare-titel")
    return Header(
        kommun=node["kommun"],
        instans=node["instans"],
        forvaltning=node["forvaltning"],
        typ=node["typ"],
        datum=node["datum"],
        dnr=node["dnr"],
        handlaggare=node["handlaggare"],
        handlaggare_titel=plain(titel) if titel is not None else "",
        line=_line(node),
        sekretess=str(node.get("sekretess", "")),
        telefon=str(node.get("telefon", "")),
        epost=str(node.get("epost", "")),
    )


def _beslut(node: nodes.Element) -> Beslut:
    points = _first(node, "beslut-punkter")
    return Beslut(
        instans=node["instans"],
        till=node["till"],
        points=point_texts(points) if points is not None else (),
        line=_line(node),
        anchor=node["ids"][0] if node["ids"] else "",
    )


def _fokus(node: nodes.Element) -> Fokusomrade:
    name = _first(node, "fokus-namn")
    words = next(name.findall(writer_text), None) if name is not None else None
    return Fokusomrade(
        name=plain(words) if words is not None else "",
        genomgaende=bool(node["genomgaende"]),
        ny=bool(node["ny"]),
        text="\n\n".join(plain(c) for c in node.children if not is_part(c, "fokus-namn")),
    )


def _bilaga(node: nodes.Element) -> Bilaga:
    titel = _first(node, "bilaga-titel")
    return Bilaga(
        nummer=int(node["nummer"]),
        titel=plain(titel) if titel is not None else "",
        fil=node["fil"],
        name=node["name"],
        anchor=node["ids"][0] if node["ids"] else "",
        line=_line(node),
        sekretess=str(node.get("sekretess", "")),
    )


def read_meeting(docname: str, document: nodes.document) -> Meeting | None:
    """The meeting's record, from the finished doctree of ``docname``; None for
    a document without a ``sammantrade``."""
    header = next(document.findall(meeting_header), None)
    if header is None:
        return None
    plats = _first(header, "plats")
    justering = _first(document, "justering")
    anslag = _first(document, "anslag")
    return Meeting(
        docname=docname,
        kommun=str(header["kommun"]),
        instans=str(header["instans"]),
        datum=str(header["datum"]),
        line=_line(header),
        tid=str(header["tid"]),
        plats=plain(plats) if plats is not None else "",
        forsta_paragraf=int(header["forsta_paragraf"]) or None,
        narvarande=tuple(
            Person(str(n["namn"]), str(n["parti"]), str(n["roll"]))
            for n in parts(document, "person")
        ),
        items=tuple(_item(node) for node in parts(document, "punkt")),
        justering=Justering(
            justerare=tuple(n for n in str(justering["justerare"]).split(",") if n),
            datum=str(justering["datum"]),
            omedelbar=tuple(int(n) for n in str(justering["omedelbar"]).split()),
            line=_line(justering),
        )
        if justering is not None
        else None,
        anslag=Anslag(str(anslag["datum"]), _line(anslag)) if anslag is not None else None,
    )


def _item(node: nodes.Element) -> Item:
    title = node.next_node(nodes.title)
    words = next(title.findall(writer_text), None) if title is not None else None
    decision = _first(node, "punkt-beslut")
    points = _first(decision, "beslut-punkter") if decision is not None else None
    return Item(
        nummer=int(node["nummer"]),
        dnr=str(node["dnr"]),
        titel=plain(words) if words is not None else "",
        utfall=str(node["utfall"]),
        line=_line(node),
        anchor=node["ids"][0] if node["ids"] else "",
        foredragande=str(node["foredragande"]),
        sekretess=str(node["sekretess"]),
        beslut=point_texts(points) if points is not None else (),
        # The writer's own paragraphs (the extension's labels are not translatable).
        text=tuple(
            plain(c)
            for c in node.children
            if isinstance(c, nodes.paragraph) and c.get("translatable") is not False
        ),
        statements=tuple(
            Statement(str(n[PART]), str(n["namn"]), " ".join(plain(c) for c in n.children[1:]))
            for n in node.findall(nodes.Element)
            if n.get(PART) in STATEMENTS
        ),
        votes=tuple(
            Vote(int(n["ja"]), int(n["nej"]), int(n["avstar"]), _line(n))
            for n in parts(node, "omrostning")
        ),
    )


class KommunDomain(Domain):
    name = "kommun"
    label = "Kommun"
    #: 4: records read from the finished doctree; withheld documents kept here;
    #: 5: sentence digests for the secrecy check; 6: a memo's title is the
    #: writer's only, never a heading the extension wrote; 7: each memo's
    #: plain-language report; 8: the secret memos' names kept apart; 9: the case
    #: officer's phone and e-mail; 10: meetings.
    data_version = 10
    initial_data: ClassVar[dict[str, Any]] = {
        "memos": {},
        "meetings": {},
        "withheld": {},
        "sentences": {},
        "secret_sentences": {},
        "secret": {},
    }
    #: What is kept per document, cleared and merged alike.
    PER_DOCUMENT = ("memos", "meetings", "withheld", "sentences", "secret_sentences", "secret")
    #: The references this domain resolves (roles are registered by the read side).
    object_types: ClassVar[dict[str, Any]] = {}

    @property
    def memos(self) -> dict[str, MemoRecord]:
        return self.data.setdefault("memos", {})

    @property
    def meetings(self) -> dict[str, Meeting]:
        return self.data.setdefault("meetings", {})

    def numbering(self) -> Numbering:
        """Every protokoll's § numbers, computed from all meetings of the project."""
        return paragraph_numbers(self.meetings.values())

    @property
    def withheld(self) -> dict[str, int]:
        """The documents not published because they hold personal identity
        numbers (``kommun_pii = "error"``), with how many."""
        return self.data.setdefault("withheld", {})

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        meeting = read_meeting(docname, document)
        if meeting is not None:
            self.meetings[docname] = meeting
        record = read_record(docname, document)
        if record is not None:
            self.memos[docname] = judged(record, document, env.config)
            if record.secret:  # kept apart: every page asks which memos are unpublished
                self.data.setdefault("secret", {})[docname] = True

    def clear_doc(self, docname: str) -> None:
        for key in self.PER_DOCUMENT:
            self.data.setdefault(key, {}).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.PER_DOCUMENT:
            mine = self.data.setdefault(key, {})
            mine.update({d: v for d, v in otherdata.get(key, {}).items() if d in docnames})

    def note_sentences(self, docname: str, digests: Any, *, secret: bool) -> None:
        """The digests of a document's runs of words (the public edition
        compares a secret memo's with the public pages')."""
        if len(digests):
            self.data.setdefault("secret_sentences" if secret else "sentences", {})[docname] = (
                digests
            )

    def unpublished(self, config: Any) -> set[str]:
        """The documents this edition does not publish: those withheld for a
        personnummer, and, in the public edition, the secret memos."""
        hidden = set(self.withheld)
        if config.kommun_publicering != "intern":
            hidden.update(self.data.get("secret", {}))
        return hidden

    def withhold(self, docname: str, count: int) -> None:
        """``docname`` is not published: it has no record, nothing shows it."""
        self.memos.pop(docname, None)
        self.data.get("secret", {}).pop(docname, None)
        self.withheld[docname] = count

    # -- reading the records ---------------------------------------------------------

    def memo_records(self) -> Iterable[MemoRecord]:
        """Every memo with a header, in document-name order."""
        return (r for _, r in sorted(self.memos.items()) if r.header is not None)

    def docs_by_dnr(self) -> dict[str, list[str]]:
        """Every case's memos, oldest first (by date, then document name)."""
        index: dict[str, list[tuple[str, str]]] = {}
        for record in self.memo_records():
            assert record.header is not None
            if dnr := record.header.dnr.strip():
                index.setdefault(dnr, []).append((record.header.datum, record.docname))
        return {dnr: [d for _datum, d in sorted(docs)] for dnr, docs in index.items()}

    def case_document(self, dnr: str, fromdocname: str) -> str | None:
        """The memo a ``:dnr:`` reference links to: the case's latest memo,
        one of the referring memo's own municipality where there is one."""
        docnames = self.docs_by_dnr().get(dnr.strip(), [])
        here = self.memos.get(fromdocname)
        meeting = self.meetings.get(fromdocname)
        kommun = here.header.kommun if here and here.header else None
        kommun = meeting.kommun if meeting is not None else kommun
        own = [d for d in docnames if (h := self.memos[d].header) and h.kommun == kommun]
        candidates = own or docnames
        return candidates[-1] if candidates else None

    def item_memo(self, meeting: Meeting, item: Item) -> MemoRecord | None:
        """The memo an item names: the case's latest memo, of the meeting's
        municipality where there is one."""
        if not item.dnr:
            return None
        docname = self.case_document(item.dnr, meeting.docname)
        return self.memos.get(docname) if docname else None

    def handling(self, record: MemoRecord) -> list[tuple[Meeting, Item, int | None]]:
        """The meeting items of the memo's municipality that name its dnr, by
        date, each with its § (None in a kallelse)."""
        if record.header is None:
            return []
        kommun = record.header.kommun
        return [
            found
            for found in handled(self.meetings.values(), self.numbering(), record.header.dnr)
            if found[0].kommun == kommun
        ]

    def bilaga(self, docname: str, name: str) -> Bilaga | None:
        record = self.memos.get(docname)
        return record.bilaga(name) if record is not None else None

    # -- references -------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "dnr":
            docname = self.case_document(target, fromdocname)
            if docname is None or docname == fromdocname:
                return None
            reference = make_refnode(builder, fromdocname, docname, "", contnode)
            reference["classes"].extend(contnode["classes"])
            return reference
        if typ == "bilaga":
            bilaga = self.bilaga(fromdocname, target)
            if bilaga is None:
                return None
            text = appendix_reference(bilaga.nummer)
            content = nodes.inline(text, text, classes=contnode["classes"])
            reference = make_refnode(builder, fromdocname, fromdocname, bilaga.anchor, content)
            reference["classes"].extend(contnode["classes"])
            return reference
        return None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        return []

    # -- what another memo's change outdates ---------------------------------------------

    def outdated_by_others(self) -> set[str]:
        """The documents that show another memo's data which changed since the
        last call: ``:dnr:`` links whose target changed, and every register when
        a decision, its memo's title or header changed.  They are resolved when
        written, so writing them again is enough; nothing is read again."""
        dnr_index = self.docs_by_dnr()
        decisions = hashlib.sha256(
            repr(
                [(r.docname, r.title, r.header, r.beslut) for r in self.memo_records() if r.beslut]
            ).encode()
        ).hexdigest()
        last = self.data.get("published", {"dnr": {}, "decisions": None})
        self.data["published"] = {"dnr": dnr_index, "decisions": decisions}
        moved = {
            dnr
            for dnr in dnr_index.keys() | last["dnr"].keys()
            if dnr_index.get(dnr) != last["dnr"].get(dnr)
        }
        outdated = {r.docname for r in self.memos.values() if r.dnr_refs & moved}
        if decisions != last["decisions"]:
            outdated |= {r.docname for r in self.memos.values() if r.register}
        # A meeting shows its memos' titles and proposals, a memo how it was
        # handled, a register the § and outcome: any change rewrites them all.
        meetings = hashlib.sha256(
            repr([sorted(self.meetings.items()), self.numbering(), decisions, dnr_index]).encode()
        ).hexdigest()
        self.data["published"]["meetings"] = meetings
        named = sorted({item.dnr for m in self.meetings.values() for item in m.items})
        self.data["published"]["named"] = named
        if meetings != last.get("meetings"):
            # The memos named now and those named before (an item taken away).
            named = sorted({*named, *last.get("named", [])})
            outdated |= set(self.meetings)
            outdated |= {d for dnr in named for d in dnr_index.get(dnr, [])}
            outdated |= {r.docname for r in self.memos.values() if r.register}
        return outdated


def _outdated_by_others(app: Sphinx, env: BuildEnvironment) -> set[str]:
    domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
    return domain.outdated_by_others()


def _missing_reference(app: Sphinx, domain: Domain | None, node: addnodes.pending_xref) -> bool:
    """A dnr that no memo of the project has is a case outside it: its text
    stays, unlinked, even when nitpicky.  A bilaga name that names no
    appendix of the memo is the writer's mistake."""
    if node.get("refdomain") != "kommun":
        return False
    if node["reftype"] == "bilaga":
        warn(
            str(_("this memo has no {directive} with {option} {name}")).format(
                directive=directive("bilaga"), option=option("name"), name=repr(node["reftarget"])
            ),
            "ref",
            node,
        )
    return True


def _memo_page_title(app: Sphinx, doctree: nodes.document) -> None:
    """A memo whose first heading is one the extension wrote (no title, or the
    title written after ``beslut``) is titled, in its page, a toctree and the
    search index, as the memo index titles it: Sphinx's title and toc
    collectors (priority 500, before this) would take "Förslag till beslut",
    and a toctree would list each of the memo's sections as a document."""
    env = app.env
    docname = env.docname
    record = env.domains["kommun"].memos.get(docname)  # type: ignore[attr-defined]
    first = next(doctree.findall(nodes.section), None)
    if record is None or not record.is_memo or first is None or PART not in first:
        return
    text = Presenter.of(app.config).title(record)
    env.titles[docname] = env.longtitles[docname] = nodes.title(text, text)
    link = nodes.reference("", text, internal=True, refuri=docname, anchorname="")
    entry = nodes.list_item("", addnodes.compact_paragraph("", "", link))
    sections = env.tocs.get(docname)
    if sections is not None and sections.children:
        entry += sections
    env.tocs[docname] = nodes.bullet_list("", entry)


def setup_domain(app: Sphinx) -> None:
    app.add_domain(KommunDomain)
    app.connect("env-get-updated", _outdated_by_others)
    app.connect("warn-missing-reference", _missing_reference)
    app.connect("doctree-read", _memo_page_title, priority=600)
