"""``kommunpdf``: one archival PDF per memo, typeset by Typst from the memo's data.

Each memo's resolved doctree becomes plain data (:mod:`typstdata`): the
template reads it with ``json()`` and shows every string as text, so nothing
a writer writes is ever Typst code.  The memo's header, running header,
footer, page label and metadata come from the record through
:mod:`sphinx_kommun.present`, as on the web page.  Each PDF is PDF/A-2a and
PDF/UA-1 together unless ``kommun_pdf_variant`` names other standards:
tagged, the running header and footer artifacts, the title shown as the
viewer's window title, the fonts (Source Sans 3, a plain zero) embedded.

A PDF is read outside the site, so it has no relative link: a link to
another memo or to an appendix file is absolute when ``html_baseurl`` is set,
and otherwise its text is printed without a link.  Images are copied into
Typst's root from the project only, through :func:`sphinx_kommun.paths`'s
rule; nothing else is readable from the template.

Documents without an ``arende`` get no PDF, nor does a document withheld for
a personnummer.  A memo is printed again when it was read again (its
doctree is newer than its PDF, whichever builder read it) or when what every
PDF is made from changed: the template, the fonts, the standards, the
language, ``html_baseurl``.  With ``SOURCE_DATE_EPOCH`` set, two builds give
the same bytes.  With ``-j N``, N processes each resolve, convert and print
their share of the memos: the main process prints none first, because a
process that has run Typst must not fork workers that run it.  A memo Typst
cannot print is a located ``kommun.pdf`` warning, and the others print.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.util.osutil import ensuredir
from sphinx.util.parallel import ParallelTasks, make_chunks

from sphinx_kommun.builders.meetingpdf import MeetingPrints, Printed
from sphinx_kommun.builders.typstdata import (
    Item,
    TypstConverter,
    appendices_block,
    document_data,
    fokus_block,
    header_data,
    recipients_block,
    signatures_block,
    text_of,
)
from sphinx_kommun.builders.typstengine import (
    DEFAULT_STANDARDS,
    KNOWN_STANDARDS,
    TEMPLATE_DIR,
    TypstCompileError,
    TypstEngine,
    compiled_here,
)
from sphinx_kommun.compat import configured_value, parallel_jobs
from sphinx_kommun.i18n import _
from sphinx_kommun.languages import language_tag
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.nodes import fokus_caption, is_part, parts
from sphinx_kommun.present import EMAIL, Presenter, appendix_label, paper_footer_lines
from sphinx_kommun.registry import registry_for
from sphinx_kommun.theme.colours import theme_colours
from sphinx_kommun.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.meeting import Meeting
    from sphinx_kommun.model.memo import MemoRecord

#: ``kommun_pdf_variant`` for a PDF of no standard (still tagged).
NO_VARIANT = "none"
DEFAULT_VARIANT = "pdf/a-2a, pdf/ua-1"
NBSP = "\u00a0"


class PDFError(SphinxError):
    category = "kommunpdf error"


def standards(confdir: str | Path, variant: str) -> tuple[str, ...]:
    """The Typst standards ``kommun_pdf_variant`` names ("pdf/a-2a, pdf/ua-1",
    "a-3b", "none"); an unknown one is a warning at conf.py and the default."""
    names = [n.strip().lower().removeprefix("pdf/") for n in variant.replace("+", ",").split(",")]
    names = [n for n in names if n]
    if names == [NO_VARIANT]:
        return ()
    unknown = [n for n in names if n not in KNOWN_STANDARDS]
    if unknown or not names:
        known = ", ".join([*(f"pdf/{n}" for n in sorted(KNOWN_STANDARDS)), NO_VARIANT])
        warn(
            str(
                _(
                    "kommun_pdf_variant = {variant} names no PDF standard Typst can write "
                    "({known}); printing {default}"
                )
            ).format(variant=repr(variant), known=known, default=DEFAULT_VARIANT),
            "config",
            conf_location(confdir, "kommun_pdf_variant"),
        )
        return DEFAULT_STANDARDS
    return tuple(names)


def build_time() -> dt.datetime:
    """This build's time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class MemoConverter(TypstConverter):
    """The converter, knowing the memo's own parts (:data:`~sphinx_kommun.nodes.PART`)."""

    def __init__(self, builder: KommunPDFBuilder, docname: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.builder = builder
        self.docname = docname

    def kind_of(self, node: nodes.Node) -> str | None:
        if isinstance(node, nodes.Element):
            part = node.get("kommun_part")
            if part in {"bilagor", "delges", "underskrifter", "signaturer"}:
                return f"part_{part}"
        return None

    def convert_memo_header(self, node: nodes.Element) -> list[Item]:
        return []  # the first page's header comes from the record

    convert_meeting_header = convert_memo_header

    def convert_fokus_figure(self, node: nodes.Element) -> list[Item]:
        def area(item: nodes.Element) -> dict[str, Any]:
            name = next(parts(item, "fokus-namn"), None)
            words = name.children[:1] if name is not None else []
            body = self.blocks(c for c in item.children if not is_part(c, "fokus-namn"))
            return {"name": self.inlines(words), "new": bool(item["ny"]), "body": body}

        areas = list(parts(node, "fokusomrade"))
        caption = next(node.findall(fokus_caption), None)
        return [
            fokus_block(
                [area(a) for a in areas if not a["genomgaende"]],
                [area(a) for a in areas if a["genomgaende"]],
                title=str(_("Focus areas")),
                caption=self.inlines(caption.children) if caption is not None else None,
                new_label=str(_("new")),
                foundation_label=str(_("Cross-cutting, the foundation of every focus area:")),
            )
        ]

    def _heading_and(self, section: nodes.Element, block: dict[str, Any]) -> list[Item]:
        """A memo section drawn as one block, under its heading at its level."""
        self._section_level += 1
        try:
            return [*self._heading(section), block]
        finally:
            self._section_level -= 1

    def convert_part_underskrifter(self, node: nodes.Element) -> list[Item]:
        people = []
        for signer in parts(node, "underskrift"):
            title = next(parts(signer, "underskrift-titel"), None)
            people.append((str(signer["namn"]), self.inlines(title.children) if title else None))
        return [signatures_block(people)]

    def convert_part_signaturer(self, node: nodes.Element) -> list[Item]:
        """The justering's signature lines: each name above its role."""
        people = []
        for signer in node.children:
            name, role = (self.inlines(p.children) for p in signer.children[:2])
            people.append((text_of(name), role))
        return [signatures_block(people)]

    def convert_part_bilagor(self, node: nodes.Element) -> list[Item]:
        items = []
        anchors: list[str | None] = []
        for bilaga in parts(node, "bilaga"):
            title = next(parts(bilaga, "bilaga-titel"), None)
            words = self.inlines(title.children) if title is not None else []
            url = self.builder.download_url(self.docname, str(bilaga["fil"]))
            items.append((appendix_label(int(bilaga["nummer"])), words, url))
            anchors.append(self._anchor(bilaga, {}).get("anchor"))
        block = appendices_block(items)
        for item, anchor in zip(block["items"], anchors, strict=True):
            if anchor:  # a :bilaga: reference links here
                item["anchor"] = anchor
        return self._heading_and(node, block)

    def convert_part_delges(self, node: nodes.Element) -> list[Item]:
        recipients = [self.inlines(item.children) for item in parts(node, "mottagare")]
        return self._heading_and(node, recipients_block(recipients))

    def internal_url(self, node: nodes.Element) -> str | None:
        return self.builder.page_url(self.docname, node)

    def image_path(self, node: nodes.image) -> Path | None:
        uri = node.get("uri", "")
        if not uri or "://" in uri or uri.startswith("data:"):
            return None
        return Path(self.builder.srcdir, uri)


class KommunPDFBuilder(Builder):
    """One PDF per memo, at the memo's document name (``memon/ks-2019-1234.pdf``)."""

    name = "kommunpdf"
    format = "pdf"
    epilog = "The PDF files are in %(outdir)s."
    out_suffix = ".pdf"
    allow_parallel = True
    supported_image_types: ClassVar[list[str]] = [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    ]
    supported_remote_images = False
    #: What the output pruner removes when no memo produces it any more.
    output_suffixes: tuple[str, ...] = (".pdf",)

    def init(self) -> None:
        template = self.config.kommun_pdf_template
        self.template = Path(self.confdir, template) if template else TEMPLATE_DIR / "memo.typ"
        if not self.template.is_file():
            raise PDFError(
                str(_("kommun_pdf_template {template}: no such file")).format(
                    template=repr(template)
                )
            )
        self.standards = standards(self.confdir, self.config.kommun_pdf_variant)
        self.created = build_time()
        self.engine: TypstEngine | None = None
        self.registry = registry_for(self.config)
        self.present = Presenter.of(self.config)
        source = configured_value(self.config, "language") or self.config.language
        self.source_language = str(source or "")

    # -- which documents -------------------------------------------------------------

    @property
    def domain(self) -> KommunDomain:
        return self.env.domains["kommun"]  # type: ignore[return-value]

    def memo(self, docname: str) -> MemoRecord | None:
        """The record of ``docname`` if it is a memo (it has an ``arende``)."""
        record = self.domain.memos.get(docname)
        if record is None or record.header is None:
            return None
        return None if docname in self.domain.unpublished(self.config) else record

    def meeting(self, docname: str) -> Meeting | None:
        """The record of ``docname`` if it is a meeting (it has a ``sammantrade``)."""
        meeting = self.domain.meetings.get(docname)
        return None if docname in self.domain.unpublished(self.config) else meeting

    def prints(self) -> MeetingPrints:
        return MeetingPrints(self.domain, self.present, self.domain.unpublished(self.config))

    def meeting_prints(self, meeting: Meeting) -> list[Printed]:
        """The kallelse sent before a protokoll, and the protokoll's utdrag."""
        if not meeting.is_protokoll:
            return []
        prints = self.prints()
        paragraphs = self.domain.numbering().paragraphs.get(meeting.docname, ())
        return [prints.kallelse(meeting), *prints.utdrag(meeting, paragraphs)]

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + self.out_suffix

    def get_output_path(self, docname: str) -> Path:
        return Path(self.outdir, docname + self.out_suffix)

    def expected_outputs(self) -> set[Path]:
        found = {self.get_output_path(d) for d in self.env.found_docs if self.memo(d)}
        for docname in self.env.found_docs:
            meeting = self.meeting(docname)
            if meeting is not None:
                found.add(self.get_output_path(docname))
                found |= {
                    self.get_output_path(docname + p.suffix) for p in self.meeting_prints(meeting)
                }
        return found

    def print_digest(self) -> str:
        """What every PDF is made from besides its memo: when it changes, all
        memos are printed again."""
        engine = Path(TEMPLATE_DIR.parent / "typstengine.py")
        converter = Path(TEMPLATE_DIR.parent / "typstdata.py")
        meetings = Path(TEMPLATE_DIR.parent / "meetingpdf.py")
        seed = [
            __version__,
            self.template.read_bytes().hex(),
            engine.read_bytes().hex(),
            converter.read_bytes().hex(),
            meetings.read_bytes().hex(),  # what a meeting's kallelse and utdrag hold
            Path(__file__).read_bytes().hex(),  # this builder: what it puts in the data
            ",".join(self.standards),
            str(self.config.language),
            str(self.config.html_baseurl),
        ]
        return hashlib.sha256("\0".join(seed).encode()).hexdigest()

    @property
    def _digest_file(self) -> Path:
        key = hashlib.sha256(str(Path(self.outdir).resolve()).encode()).hexdigest()[:16]
        return Path(self.doctreedir, f"kommunpdf-{key}.json")

    def get_outdated_docs(self) -> Iterator[str]:
        try:
            last = json.loads(self._digest_file.read_text(encoding="utf-8")).get("digest")
        except (OSError, ValueError):
            last = None
        everything = last != self.print_digest()
        for docname in self.env.found_docs:
            if docname not in self.env.all_docs:
                yield docname  # new: whether it is a memo shows once it is read
                continue
            if self.memo(docname) is None and self.meeting(docname) is None:
                continue
            if everything:
                yield docname
                continue
            try:
                printed = self.get_output_path(docname).stat().st_mtime
                read = Path(self.doctreedir, f"{docname}.doctree").stat().st_mtime
            except OSError:
                yield docname
                continue
            if read > printed:  # read again since, by this builder or another
                yield docname

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    # -- the PDFs ---------------------------------------------------------------------

    def write_documents(self, docnames: Set[str]) -> None:
        memos = [d for d in sorted(docnames) if self.memo(d) or self.meeting(d)]
        jobs = parallel_jobs(self)
        # A process that has run Typst (an earlier build in it) must not fork
        # workers that run it: it prints alone.
        if self.parallel_ok and jobs > 1 and len(memos) > 1 and not compiled_here():
            tasks = ParallelTasks(jobs)
            for chunk in make_chunks(memos, jobs):
                tasks.add_task(self._print_chunk, chunk)
            tasks.join()
        else:
            self._print_chunk(memos)

    def _print_chunk(self, docnames: list[str]) -> None:
        for docname in docnames:
            doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
            self.write_doc(docname, doctree)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        record = self.memo(docname)
        meeting = self.meeting(docname)
        if record is None and meeting is None:
            return
        converter = MemoConverter(
            self,
            docname,
            doc_lang=str(self.config.language or "en"),
            source_lang=self.source_language,
            image_base=self.srcdir,
        )
        body = converter.convert(doctree)
        for node, message in converter.warnings:
            warn(f"kommunpdf: {message}", "pdf", node)
        if record is not None:
            self.print_pdf(docname, self.document(record, body), converter.images)
            return
        assert meeting is not None
        kind = self.present.meeting_kind(meeting.is_protokoll)
        title = self.present.meeting_title(meeting.kommun, meeting.instans, meeting.datum)
        self.print_pdf(
            docname,
            self.meeting_document(meeting, kind, f"{kind}: {title}", body),
            converter.images,
        )
        for printed in self.meeting_prints(meeting):
            data = self.meeting_document(meeting, printed.doctype, printed.title, printed.body)
            self.print_pdf(docname, data, {}, suffix=printed.suffix)

    def print_pdf(
        self, docname: str, data: dict[str, Any], images: dict[str, Path], suffix: str = ""
    ) -> None:
        """Typeset ``data`` as the PDF of ``docname`` (with ``suffix``, one of a
        meeting's other PDFs); a PDF Typst cannot print is a warning, and gone."""
        target = self.get_output_path(docname + suffix)
        if self.engine is None:
            try:
                self.engine = TypstEngine(template=self.template, standards=self.standards)
            except (ImportError, TypstCompileError, ValueError) as exc:
                raise PDFError(
                    str(_("kommunpdf cannot start Typst: {problem}")).format(problem=exc)
                ) from exc
        ensuredir(target.parent)
        try:
            compiled = self.engine.compile(
                data,
                images=images,
                image_dirs=[self.srcdir],
                timestamp=self.created,
                output=target,
            )
        except TypstCompileError as exc:
            target.unlink(missing_ok=True)
            warn(
                str(
                    _("kommunpdf: {docname} could not be printed, and has no PDF: {problem}")
                ).format(docname=docname + suffix, problem=exc.message),
                "pdf",
                docname,
            )
            return
        for message in compiled.warnings:
            warn(f"kommunpdf: {message}", "pdf", docname)

    def meeting_document(
        self, meeting: Meeting, doctype: str, title: str, body: list[Item]
    ) -> dict[str, Any]:
        """Everything the template reads for one of a meeting's PDFs."""
        profile = self.registry.profile(meeting.kommun)
        colours = theme_colours(profile)
        kommun = self.present.kommun(meeting.kommun)
        organ = self.present.organ(meeting.kommun, meeting.instans)
        return document_data(
            body,
            lang=language_tag(self.config.language),
            title=title,
            page_label=str(_("Page {page} ({pages})")),
            author=[organ] if organ else [],
            description=title,
            keywords=[k for k in (doctype, kommun, organ) if k],
            header=self.prints().header(meeting, doctype),
            running={
                "left": [kommun, organ],
                "center": [doctype.upper(), self.present.datum(meeting.datum)],
                "right": [],
            },
            footer=paper_footer_lines(profile),
            primary=colours["primar"],
            accent=colours["accent"],
        )

    def document(self, record: MemoRecord, body: list[Item]) -> dict[str, Any]:
        """Everything the template reads for one memo."""
        header = record.header
        assert header is not None
        view = self.present.header(header)
        profile = self.registry.profile(header.kommun)
        colours = theme_colours(profile)
        doctype = view.dokumenttyp.upper()
        dnr = view.dnr.replace(" ", NBSP)
        dnr_line = f"{_('Ref. no.')} {dnr}" if dnr else ""
        facts: list[tuple[str, str | list[Item]]] = [
            (label, value.replace(" ", NBSP) if value == view.dnr else value)
            for label, value in view.facts
        ]
        if view.epost and EMAIL.fullmatch(view.epost):
            # An address a reader can follow, as PDF/UA's checkers ask of one.
            address: list[Item] = [{"t": "link", "url": f"mailto:{view.epost}", "body": view.epost}]
            facts = [(label, address if value == view.epost else value) for label, value in facts]
        if header.sekretess and not self.present.public:
            facts.append((str(_("Secrecy")), self.present.secrecy_marking(header)))
        handled = [
            self.present.handled(meeting.kommun, meeting.instans, meeting.datum, paragraf)
            for meeting, _item, paragraf in self.domain.handling(record)
            if paragraf is not None
        ]
        if handled and not record.secret:  # as the memo's page says it
            facts.append((str(_("Handled")), "; ".join(handled)))
        return document_data(
            body,
            lang=language_tag(self.config.language),
            title=self.present.title(record),
            page_label=str(_("Page {page} ({pages})")),
            author=[view.forvaltning] if view.forvaltning else [],
            description=view.dnr,
            keywords=view.keywords,
            header=header_data(
                kommun=view.kommun,
                forvaltning=view.forvaltning,
                doctype=doctype,
                facts=facts,
                recipient=view.mottagare,
            ),
            running={
                "left": [view.kommun, view.forvaltning],
                "center": [doctype, view.datum],
                "right": [dnr_line] if dnr_line else [],
            },
            footer=paper_footer_lines(profile),
            primary=colours["primar"],
            accent=colours["accent"],
        )

    # -- links that work once the PDF has left the build folder ------------------------

    def page_url(self, fromdocname: str, node: nodes.Element) -> str | None:
        """The absolute address of the page a reference leads to, with ``html_baseurl``."""
        base = str(self.config.html_baseurl or "")
        refuri = str(node.get("refuri", ""))
        if not base or not refuri or "://" in refuri:
            return None
        page, _sep, anchor = refuri.partition("#")
        if page.endswith(self.out_suffix):
            page = page[: -len(self.out_suffix)] + ".html"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(fromdocname), page))
        return base.rstrip("/") + "/" + target + (f"#{anchor}" if anchor else "")

    def download_url(self, docname: str, fil: str) -> str | None:
        """The published address of an appendix file, with ``html_baseurl``."""
        base = str(self.config.html_baseurl or "")
        if not base or not fil:
            return None
        relative, _abs = self.env.relfn2path(fil, docname)
        entry = self.env.dlfiles.get(Path(relative))  # type: ignore[call-overload]
        return f"{base.rstrip('/')}/_downloads/{entry[1]}" if entry else None

    def finish(self) -> None:
        self._digest_file.parent.mkdir(parents=True, exist_ok=True)
        self._digest_file.write_text(json.dumps({"digest": self.print_digest()}), encoding="utf-8")
