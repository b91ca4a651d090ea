"""What a Word file holds, read through python-docx, for ``sphinx-kommun import``.

python-docx opens the package and resolves what it has an API for (styles,
run formatting, comments, headers and footers, related parts such as images);
where it has none (tracked changes, fields, text boxes, footnotes, SmartArt),
this module reads the same parts' XML through python-docx's package and part
objects, never by unzipping the file itself.

The result is a neutral outline of the document (:class:`WordDocument`):
paragraphs with their style, heading level and list position, tables, images
and remarks (comments, deleted text), each carrying the notices about what
could not be carried over as it was.  Which of it is a memo's header, its
decision or its recipients is decided by :mod:`sphinx_kommun.commands.importera`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docx.document import Document
    from docx.opc.part import Part

#: The namespaces of WordprocessingML and DrawingML this reader looks into.
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}


def qname(prefix: str, name: str) -> str:
    """``qname("w", "p")`` → lxml's ``{namespace}p``."""
    return f"{{{NS[prefix]}}}{name}"


W = qname("w", "")
R = qname("r", "")

#: The first bytes of an OLE compound file: an encrypted .docx or an old .doc.
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

#: Elements that hold nothing a reader sees (properties, markers, proofing marks).
_SILENT = frozenset(
    {
        "pPr",
        "rPr",
        "sectPr",
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "permStart",
        "permEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "lastRenderedPageBreak",
        "footnoteRef",
        "endnoteRef",
        "separator",
        "continuationSeparator",
        "annotationRef",
        "softHyphen",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "tblPrEx",
        "sdtPr",
        "sdtEndPr",
        "rPrChange",
        "pPrChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlPr",
        "smartTagPr",
        "webHidden",
        "noProof",
    }
)

#: Fields whose result is simply the page's furniture (page numbers in a footer).
PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})


class DocxError(Exception):
    """A file that cannot be read as a Word document; the message, in Swedish,
    says why and what the writer can do about it."""


# -- the outline ---------------------------------------------------------------


@dataclass
class Span:
    """A piece of text with its formatting; ``link`` is an external address."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""


@dataclass(frozen=True)
class NoteRef:
    """A footnote's (``f3``) or endnote's (``e1``) place in the text."""

    key: str


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (Shift+Enter)."""


Inline = Span | NoteRef | Break


@dataclass
class ListInfo:
    """Where a paragraph sits in a Word list: which list, how deep, numbered how."""

    list_id: str
    level: int
    kind: str  # Word's numFmt: "bullet", "decimal", "lowerLetter", …
    start: int = 1

    @property
    def numbered(self) -> bool:
        return self.kind not in ("bullet", "none")


@dataclass
class Paragraph:
    inlines: list[Inline] = field(default_factory=list)
    style: str = ""
    #: 0 for the document's title style, 1… for heading levels, None for body text.
    heading: int | None = None
    list_info: ListInfo | None = None
    #: Blocks anchored in the paragraph (images, text boxes, remarks): they follow it.
    after: list[Block] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraph's text on one line, blanks collapsed."""
        return " ".join(" ".join(self.lines).split())

    @property
    def lines(self) -> list[str]:
        """The text split at line breaks, each line's blanks collapsed."""
        lines: list[str] = []
        current: list[str] = []
        for inline in self.inlines:
            if isinstance(inline, Break):
                lines.append("".join(current))
                current = []
            elif isinstance(inline, Span):
                current.append(inline.text)
        lines.append("".join(current))
        return [" ".join(line.split()) for line in lines if line.strip()]

    @property
    def all_bold(self) -> bool:
        spans = [i for i in self.inlines if isinstance(i, Span) and i.text.strip()]
        return bool(spans) and all(s.bold for s in spans)


@dataclass
class Table:
    #: Rows of cells; a cell is a list of blocks.  Merged cells are split back
    #: into the grid's cells, the text in the first.
    rows: list[list[list[Block]]] = field(default_factory=list)
    header_rows: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass
class Image:
    blob: bytes
    ext: str
    alt: str = ""
    notices: list[str] = field(default_factory=list)


@dataclass
class Remark:
    """Something kept out of the memo's text but not lost: a comment, deleted
    text, an object that has no rST form.  Written as an rST comment."""

    label: str
    text: str
    notices: list[str] = field(default_factory=list)


Block = Paragraph | Table | Image | Remark


@dataclass
class WordDocument:
    body: list[Block]
    #: The page headers and footers, every section's, each read once.
    header: list[Block]
    footer: list[Block]
    #: Footnotes and endnotes by the key their :class:`NoteRef` carries.
    notes: dict[str, list[Block]]
    #: The title in the file's properties (File > Info), a fallback only.
    core_title: str = ""


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, those inside tables and anchored in paragraphs included."""
    for block in blocks:
        yield block
        if isinstance(block, Paragraph):
            yield from walk(block.after)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from walk(cell)


# -- opening -------------------------------------------------------------------


def open_word(path: Path) -> WordDocument:
    """The outline of the Word file at ``path``; :class:`DocxError` for a file
    that is no readable .docx (checked before python-docx is asked, so that an
    old .doc or an encrypted file gets its own message instead of "bad zip")."""
    if not path.is_file():
        raise DocxError("filen finns inte")
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise DocxError(f"filen kan inte öppnas ({exc.strerror})") from None
    if head == OLE_MAGIC:
        raise DocxError(_ole_message(path))
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise DocxError("filen är skadad eller ofullständig (zip-arkivet går inte att läsa)")
        if head.startswith(b"{\\rtf"):
            raise DocxError("filen är en RTF-fil, inte .docx; spara den som .docx i Word")
        raise DocxError("filen är inte en Word-fil (.docx); en .docx är ett zip-arkiv")
    try:
        document = docx.Document(str(path))
        return _Reader(document).read()
    except PackageNotFoundError:
        raise DocxError("filen är inte en Word-fil (.docx)") from None
    except KeyError:
        # python-docx looks for [Content_Types].xml and the main document part.
        raise DocxError(
            "filen är ett zip-arkiv men inget Word-dokument (delarna som en .docx har saknas)"
        ) from None
    except ValueError as exc:
        kind = re.search(r"content type is '([^']*)'", str(exc))
        raise DocxError(
            "filen är inget Word-dokument (.docx)"
            + (f" utan av typen {kind[1]}" if kind else "")
            + "; spara den som Word-dokument (.docx)"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, etree.XMLSyntaxError):
        raise DocxError("filen är skadad eller ofullständig") from None


def _ole_message(path: Path) -> str:
    """An OLE compound file is what Word writes for a password-protected .docx
    (streams EncryptionInfo and EncryptedPackage) and for the old .doc format
    (stream WordDocument); the stream names are in its directory in UTF-16."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        encrypted = True
    elif "WordDocument".encode("utf-16-le") in data:
        encrypted = False
    else:
        encrypted = path.suffix.lower() != ".doc"
    if encrypted:
        return (
            "filen är lösenordsskyddad; ta bort lösenordet i Word "
            "(Arkiv > Information > Skydda dokument) och spara igen"
        )
    return "filen är i Words gamla format (.doc); öppna den i Word och spara som .docx"


# -- reading -------------------------------------------------------------------


def local(element: Any) -> str:
    """An element's tag without its namespace (``w:p`` → ``p``)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _w(element: Any, name: str) -> str | None:
    return element.get(W + name)


def _texts(element: Any) -> str:
    """The visible text under ``element``: its ``w:t`` and DrawingML ``a:t``."""
    return " ".join(
        t.text for t in element.iter(W + "t", qname("a", "t")) if t.text and t.text.strip()
    )


def snippet(text: str, length: int = 50) -> str:
    """The start of a text, for a message that points at it."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class _StoryParent:
    """What python-docx's Paragraph and Run need of a parent: the document
    part, whose styles they resolve (footnotes and headers share them)."""

    def __init__(self, part: Any) -> None:
        self.part = part


@dataclass
class _Field:
    instr: str = ""
    in_result: bool = False


class _ParagraphBuilder:
    """The inlines of one paragraph as its runs are read, and what was seen
    alongside: anchored blocks, tracked changes, comments, notices."""

    def __init__(self) -> None:
        self.inlines: list[Inline] = []
        self.after: list[Block] = []
        self.notices: list[str] = []
        self.inserted: list[str] = []
        self.deleted: list[str] = []

    def text(self, text: str, bold: bool = False, italic: bool = False, link: str = "") -> None:
        if text:
            self.inlines.append(Span(text, bold, italic, link))

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.doc_part = document.part
        self.part: Part = document.part
        self.parent = _StoryParent(document.part)
        self.fields: list[_Field] = []
        self.link = ""
        self.placeholder = False
        self.numbering = _Numbering(document)
        self.comments = _comments(document)

    def read(self) -> WordDocument:
        body = self.blocks(self.document.element.body)
        notes: dict[str, list[Block]] = {}
        for prefix, reltype, tag in (
            ("f", RT.FOOTNOTES, "footnote"),
            ("e", RT.ENDNOTES, "endnote"),
        ):
            notes.update(self.notes(prefix, reltype, tag))
        header, footer = self.headers_and_footers()
        title = self.document.core_properties.title or ""
        return WordDocument(body, header, footer, notes, title.strip())

    # -- parts -------------------------------------------------------------

    def notes(self, prefix: str, reltype: str, tag: str) -> dict[str, list[Block]]:
        """Footnotes or endnotes: python-docx 1.2 has no API for them, so their
        part is found by relationship type and its XML parsed by python-docx."""
        try:
            part = self.doc_part.part_related_by(reltype)
        except KeyError:
            return {}
        root = parse_xml(part.blob)
        found: dict[str, list[Block]] = {}
        saved, self.part = self.part, part
        try:
            for note in root.iterfind(W + tag):
                if _w(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                found[prefix + (_w(note, "id") or "")] = self.blocks(note)
        finally:
            self.part = saved
        return found

    def headers_and_footers(self) -> tuple[list[Block], list[Block]]:
        header: list[Block] = []
        footer: list[Block] = []
        seen: set[int] = set()
        for section in self.document.sections:
            for kind, target in (
                ("header", header),
                ("first_page_header", header),
                ("even_page_header", header),
                ("footer", footer),
                ("first_page_footer", footer),
                ("even_page_footer", footer),
            ):
                story = getattr(section, kind)
                if story.is_linked_to_previous:
                    continue
                part = story.part
                if id(part) in seen:
                    continue
                seen.add(id(part))
                saved, self.part = self.part, part
                try:
                    target.extend(self.blocks(part.element))
                finally:
                    self.part = saved
        return header, footer

    # -- blocks ------------------------------------------------------------

    def blocks(self, container: Any) -> list[Block]:
        out: list[Block] = []
        for child in container:
            tag = local(child)
            if tag == "p":
                out.append(self.paragraph(child))
            elif tag == "tbl":
                out.append(self.table(child))
            elif tag == "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    placeholder = self._is_placeholder(child)
                    saved, self.placeholder = self.placeholder, self.placeholder or placeholder
                    try:
                        out.extend(self.blocks(content))
                    finally:
                        self.placeholder = saved
            elif tag in ("customXml", "ins", "moveTo"):
                out.extend(self.blocks(child))
            elif tag in ("del", "moveFrom"):
                text = " ".join(t.text or "" for t in child.iter(W + "delText"))
                if text.strip():
                    out.append(_deleted(text))
            elif tag == "altChunk":
                out.append(
                    Remark(
                        "Inbäddat dokument",
                        "",
                        ["inbäddat dokument (altChunk) kunde inte läsas; infoga texten i Word"],
                    )
                )
            elif tag in _SILENT or not _texts(child):
                continue
            else:
                out.append(
                    Paragraph(
                        [Span(_texts(child))],
                        notices=[f"okänt innehåll ({tag}) står som vanlig text"],
                    )
                )
        return out

    @staticmethod
    def _is_placeholder(sdt: Any) -> bool:
        properties = sdt.find(W + "sdtPr")
        return properties is not None and properties.find(W + "showingPlcHdr") is not None

    def paragraph(self, p: Any) -> Paragraph:
        builder = _ParagraphBuilder()
        self.inlines(p, builder)
        paragraph = Paragraph(builder.inlines, after=builder.after, notices=builder.notices)
        docx_paragraph = DocxParagraph(p, self.parent)  # type: ignore[arg-type]
        style = docx_paragraph.style
        paragraph.style = (style.name or "") if style is not None else ""
        paragraph.heading = _heading_level(p, style)
        paragraph.list_info = self.numbering.list_info(p, style)
        if self.placeholder and paragraph.text:
            paragraph.notices.append(
                f'platshållartext från mallen: "{snippet(paragraph.text)}" står som vanlig text'
            )
        for text in builder.inserted:
            paragraph.notices.append(f'spårad ändring: infogad text "{snippet(text)}" togs med')
        paragraph.after.extend(_deleted(text) for text in builder.deleted if text.strip())
        return paragraph

    def table(self, tbl: Any) -> Table:
        table = Table()
        pending_rows = 0
        merged = False
        for tr in tbl.iterfind(W + "tr"):
            row: list[list[Block]] = []
            for tc in tr.iterfind(W + "tc"):
                if tc.vMerge == "continue":
                    merged = True
                    row.append([])
                else:
                    row.append(self.blocks(tc))
                span = tc.grid_span
                if span > 1:
                    merged = True
                    row.extend([] for _ in range(span - 1))
            properties = tr.find(W + "trPr")
            header = properties is not None and properties.find(W + "tblHeader") is not None
            if header and pending_rows == len(table.rows):
                pending_rows += 1
            table.rows.append(row)
        width = max((len(row) for row in table.rows), default=0)
        for row in table.rows:
            row.extend([] for _ in range(width - len(row)))
        table.header_rows = pending_rows or _bold_first_row(table)
        for row in table.rows[: table.header_rows]:
            # A header cell is set apart already; its bold would be said twice.
            for item in walk(block for cell in row for block in cell):
                if isinstance(item, Paragraph):
                    for inline in item.inlines:
                        if isinstance(inline, Span):
                            inline.bold = False
        if merged:
            table.notices.append("tabell med sammanfogade celler: cellerna står var för sig")
        return table

    # -- inlines -----------------------------------------------------------

    def inlines(self, element: Any, out: _ParagraphBuilder) -> None:
        for child in element:
            tag = local(child)
            if tag == "r":
                self.run(child, out)
            elif tag == "hyperlink":
                self.hyperlink(child, out)
            elif tag in ("smartTag", "customXml", "dir", "bdo"):
                self.inlines(child, out)
            elif tag in ("ins", "moveTo"):
                start = len(out.inlines)
                self.inlines(child, out)
                text = "".join(i.text for i in out.inlines[start:] if isinstance(i, Span))
                if text.strip():
                    out.inserted.append(text)
            elif tag in ("del", "moveFrom"):
                text = "".join(t.text or "" for t in child.iter(W + "delText"))
                if text.strip():
                    out.deleted.append(text)
            elif tag == "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    start = len(out.inlines)
                    self.inlines(content, out)
                    text = "".join(i.text for i in out.inlines[start:] if isinstance(i, Span))
                    if self._is_placeholder(child) and text.strip():
                        out.notice(
                            f'platshållartext från mallen: "{snippet(text)}" står som vanlig text'
                        )
            elif tag == "fldSimple":
                instr = (_w(child, "instr") or "").strip()
                self.fields.append(_Field(instr, in_result=True))
                try:
                    self.field_started(out)
                    self.inlines(child, out)
                finally:
                    self.fields.pop()
            elif tag in ("oMath", "oMathPara"):
                text = "".join(t.text or "" for t in child.iter(qname("m", "t")))
                out.text(text)
                out.notice(f'formel: "{snippet(text)}" står som vanlig text')
            elif tag == "AlternateContent":
                self.inlines(_alternate(child), out)
            elif tag in _SILENT or not _texts(child):
                continue
            else:
                out.text(_texts(child))
                out.notice(f"okänt innehåll ({tag}) står som vanlig text")

    def hyperlink(self, element: Any, out: _ParagraphBuilder) -> None:
        rid = element.get(R + "id")
        url = ""
        if rid:
            try:
                url = self.part.target_ref(rid)
            except KeyError:
                url = ""
        anchor = _w(element, "anchor")
        if not url and anchor:
            start = len(out.inlines)
            self.inlines(element, out)
            text = "".join(i.text for i in out.inlines[start:] if isinstance(i, Span))
            out.notice(f'intern länk "{snippet(text)}" (till bokmärket {anchor}) står som text')
            return
        saved, self.link = self.link, url
        try:
            self.inlines(element, out)
        finally:
            self.link = saved

    def field_started(self, out: _ParagraphBuilder) -> None:
        """A field's code is known: say what its result stands in for."""
        instr = self.fields[-1].instr
        name = instr.split(maxsplit=1)[0].upper() if instr.split() else ""
        if name == "HYPERLINK":
            target = re.search(r'"([^"]+)"', instr)
            if target and not re.search(r"\\l\b", instr):
                self.fields[-1].instr = "HYPERLINK " + target[1]
            else:  # \l: a place in the document itself
                self.fields[-1].instr = "HYPERLINK-INTERN"
                out.notice("intern länk (fältet HYPERLINK \\l) står som text")
            return
        if name and name not in PAGE_FIELDS:
            out.notice(f"fält ({name}) står med sin senaste text, inte som fält")

    def field_link(self) -> str:
        for field_ in reversed(self.fields):
            if field_.instr.startswith("HYPERLINK "):
                return field_.instr.split(" ", 1)[1]
        return ""

    def in_field_code(self) -> bool:
        return any(not f.in_result for f in self.fields)

    def run(self, r: Any, out: _ParagraphBuilder) -> None:
        bold, italic = self.formatting(r)
        self.run_content(r, out, bold, italic)

    def run_content(self, r: Any, out: _ParagraphBuilder, bold: bool, italic: bool) -> None:
        for child in r:
            tag = local(child)
            if tag == "fldChar":
                kind = _w(child, "fldCharType")
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].in_result = True
                    self.field_started(out)
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr += child.text or ""
                continue
            if self.in_field_code():
                continue
            link = self.link or self.field_link()
            if tag == "t":
                out.text(child.text or "", bold, italic, link)
            elif tag in ("tab", "ptab"):
                out.text(" ", bold, italic, link)
            elif tag in ("br", "cr"):
                if _w(child, "type") in (None, "textWrapping"):
                    out.inlines.append(Break())
            elif tag == "noBreakHyphen":
                out.text("-", bold, italic, link)
            elif tag == "sym":
                code = _w(child, "char") or ""
                try:
                    char = chr(int(code, 16) - (0xF000 if int(code, 16) >= 0xF000 else 0))
                except ValueError:
                    char = ""
                out.text(char, bold, italic, link)
                out.notice(
                    f"symbol ur typsnittet {_w(child, 'font') or '?'} står som tecknet {char!r}"
                )
            elif tag == "footnoteReference":
                out.inlines.append(NoteRef("f" + (_w(child, "id") or "")))
            elif tag == "endnoteReference":
                out.inlines.append(NoteRef("e" + (_w(child, "id") or "")))
            elif tag == "commentReference":
                self.comment(_w(child, "id") or "", out)
            elif tag == "drawing":
                self.drawing(child, out)
            elif tag == "pict":
                self.vml(child, out)
            elif tag == "object":
                self.ole_object(child, out)
            elif tag == "AlternateContent":
                self.run_content(_alternate(child), out, bold, italic)
            elif tag == "delText":
                out.deleted.append(child.text or "")
            elif tag in _SILENT or not _texts(child):
                continue
            else:
                out.text(_texts(child), bold, italic, link)
                out.notice(f"okänt innehåll ({tag}) står som vanlig text")

    def formatting(self, r: Any) -> tuple[bool, bool]:
        """Bold and italic as Word shows them: direct formatting, else the run's
        character style (Stark, Betoning …)."""
        run = DocxRun(r, self.parent)  # type: ignore[arg-type]
        bold, italic = run.bold, run.italic
        for style in _style_chain(run.style) if bold is None or italic is None else []:
            bold = style.font.bold if bold is None else bold
            italic = style.font.italic if italic is None else italic
        return bool(bold), bool(italic)

    def comment(self, comment_id: str, out: _ParagraphBuilder) -> None:
        found = self.comments.get(comment_id)
        if found is None:
            return
        author, text = found
        label = f"Kommentar i Word ({author})" if author else "Kommentar i Word"
        out.after.append(
            Remark(label, text, [f'kommentar: "{snippet(text)}" står som rST-kommentar'])
        )

    # -- drawings ----------------------------------------------------------

    def drawing(self, drawing: Any, out: _ParagraphBuilder) -> None:
        described = drawing.find(".//wp:docPr", NS)
        alt = ""
        if described is not None:
            alt = (described.get("descr") or described.get("title") or "").strip()
        found = False
        for blip in drawing.iterfind(".//pic:pic//a:blip", NS):
            found = True
            self.image(blip.get(R + "embed"), blip.get(R + "link"), alt, out)
        for content in _outermost(drawing.iter(W + "txbxContent")):
            found = True
            self.text_box(content, out)
        for data in drawing.iterfind(".//a:graphicData", NS):
            uri = data.get("uri", "")
            if uri.endswith("/diagram"):
                found = True
                self.smartart(data, out)
            elif uri.endswith("/chart"):
                found = True
                self.chart(data, out)
        if not found:
            out.after.append(
                Remark(
                    "Figur från Word",
                    alt,
                    [
                        "figur eller form som inte är en bild kunde inte föras över"
                        + (f' ("{snippet(alt)}")' if alt else "")
                    ],
                )
            )

    def image(
        self, rid: str | None, external: str | None, alt: str, out: _ParagraphBuilder
    ) -> None:
        if not rid:
            url = self.part.target_ref(external) if external else ""
            out.after.append(
                Remark(
                    "Länkad bild",
                    url,
                    [f"bilden är länkad, inte inbäddad ({snippet(url)}); infoga den i Word"],
                )
            )
            return
        part = self.part.related_parts[rid]
        ext = part.partname.ext.lower()
        image = Image(part.blob, "jpg" if ext == "jpeg" else ext, " ".join(alt.split()))
        if ext in ("emf", "wmf", "tif", "tiff"):
            image.notices.append(
                f"bildformatet {ext.upper()} visas inte i webbläsare; spara bilden som PNG "
                "och ersätt filen"
            )
        out.after.append(image)

    def text_box(self, content: Any, out: _ParagraphBuilder) -> None:
        blocks = self.blocks(content)
        text = " ".join(b.text for b in walk(blocks) if isinstance(b, Paragraph))
        if not text.strip():
            return
        first = next(b for b in walk(blocks) if isinstance(b, Paragraph) and b.text)
        first.notices.insert(0, f'textruta: "{snippet(text)}" står som vanlig text')
        out.after.extend(blocks)

    def smartart(self, data: Any, out: _ParagraphBuilder) -> None:
        ids = data.find("dgm:relIds", NS)
        texts: list[str] = []
        if ids is not None and (rid := ids.get(R + "dm")):
            try:
                root = parse_xml(self.part.related_parts[rid].blob)
            except (KeyError, etree.XMLSyntaxError):
                root = None
            if root is not None:
                for point in root.iter(qname("dgm", "pt")):
                    text = _texts(point)
                    if text:
                        texts.append(text)
        if not texts:
            out.after.append(
                Remark("SmartArt-grafik", "", ["SmartArt-grafik utan text kunde inte föras över"])
            )
            return
        notice = f'SmartArt-grafik: texten "{snippet(" · ".join(texts))}" står som en punktlista'
        items = [Paragraph([Span(t)], list_info=ListInfo("smartart", 0, "bullet")) for t in texts]
        items[0].notices.append(notice)
        out.after.extend(items)

    def chart(self, data: Any, out: _ParagraphBuilder) -> None:
        chart = data.find("c:chart", NS)
        title = ""
        if chart is not None and (rid := chart.get(R + "id")):
            try:
                root = parse_xml(self.part.related_parts[rid].blob)
                heading = root.find(".//c:title", NS)
                title = _texts(heading) if heading is not None else ""
            except (KeyError, etree.XMLSyntaxError):
                title = ""
        out.after.append(
            Remark(
                "Diagram från Word",
                title,
                [
                    "diagram kunde inte föras över"
                    + (f' ("{snippet(title)}")' if title else "")
                    + "; spara det som bild och infoga bilden"
                ],
            )
        )

    def vml(self, pict: Any, out: _ParagraphBuilder) -> None:
        found = False
        for data in pict.iterfind(".//v:imagedata", NS):
            found = True
            shape = data.getparent()
            alt = (
                shape.get("alt") or data.get("{urn:schemas-microsoft-com:office:office}title") or ""
            ).strip()
            self.image(data.get(R + "id"), None, alt, out)
        for content in _outermost(pict.iter(W + "txbxContent")):
            found = True
            self.text_box(content, out)
        if not found and _texts(pict):
            out.text(_texts(pict))
            out.notice("ritobjekt: dess text står som vanlig text")

    def ole_object(self, element: Any, out: _ParagraphBuilder) -> None:
        program = ""
        ole = element.find("{urn:schemas-microsoft-com:office:office}OLEObject")
        if ole is not None:
            program = ole.get("ProgID") or ""
        out.after.append(
            Remark(
                "Inbäddat objekt",
                program,
                [
                    f"inbäddat objekt ({program or 'okänt program'}) kunde inte föras över; "
                    "klistra in innehållet som text, tabell eller bild"
                ],
            )
        )


def _deleted(text: str) -> Remark:
    """Text deleted with tracked changes on: out of the memo's text (the writer
    deleted it), but not lost until the change is accepted."""
    return Remark(
        "Borttagen text (spårad ändring i Word)",
        text,
        [f'spårad ändring: borttagen text "{snippet(text)}" står som kommentar'],
    )


def _alternate(element: Any) -> Any:
    """The content of ``mc:AlternateContent`` to read: its first choice (the
    fallback repeats the same content in an older form)."""
    choice = element.find("mc:Choice", NS)
    if choice is None:
        choice = element.find("mc:Fallback", NS)
    return choice if choice is not None else []


def _outermost(elements: Iterable[Any]) -> list[Any]:
    """Text box contents not nested inside another one (read with it)."""
    found = list(elements)
    return [e for e in found if not any(local(a) == "txbxContent" for a in e.iterancestors())]


def _bold_first_row(table: Table) -> int:
    """1 where the first row is all bold and others follow: the table's header."""
    if len(table.rows) < 2:
        return 0
    paragraphs = [b for cell in table.rows[0] for b in cell if isinstance(b, Paragraph) and b.text]
    return 1 if paragraphs and all(p.all_bold for p in paragraphs) else 0


def _style_chain(style: Any) -> list[Any]:
    """A paragraph style and the styles it is based on, nearest first."""
    chain = []
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _paragraph_properties(p: Any, style: Any) -> list[Any]:
    """The paragraph's own properties, then its styles': where Word looks for a
    setting (a list, an outline level) the paragraph does not make itself."""
    found = [p.pPr, *(s.element.pPr for s in _style_chain(style))]
    return [properties for properties in found if properties is not None]


_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)


def _heading_level(p: Any, style: Any) -> int | None:
    """0 for the title style, N for "Heading N" (Word's stored name in every
    language) or an outline level set on the paragraph or its style."""
    for name in ((s.name or "").strip() for s in _style_chain(style)):
        if name.lower() in ("title", "rubrik"):
            return 0
        match = _HEADING_NAME.match(name)
        if match:
            return int(match[1])
    for properties in _paragraph_properties(p, style):
        outline = properties.find(W + "outlineLvl")
        if outline is not None:
            value = _w(outline, "val") or ""
            if value.isdigit() and int(value) < 9:
                return int(value) + 1
    return None


_LIST_STYLE = re.compile(
    r"^(list bullet|list number|punktlista|numrerad lista)(?:\s+(\d))?$", re.IGNORECASE
)


class _Numbering:
    """Word's list definitions (numbering part): a paragraph's list, level and format."""

    def __init__(self, document: Document) -> None:
        try:
            self.root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self.root = None
        self.cache: dict[tuple[str, int], tuple[str, int]] = {}

    def list_info(self, p: Any, style: Any) -> ListInfo | None:
        num_id, ilvl = None, None
        for properties in _paragraph_properties(p, style):
            if properties.numPr is None:
                continue
            numpr = properties.numPr
            if num_id is None and numpr.numId is not None:
                num_id = str(numpr.numId.val)
            if ilvl is None and numpr.ilvl is not None:
                ilvl = int(numpr.ilvl.val)
        if num_id is None or num_id == "0":
            return None
        level = ilvl or 0
        # "List Bullet 2" is a list of its own, one step in: its depth is in its name.
        match = _LIST_STYLE.match((style.name or "") if style is not None else "")
        if match and match[2]:
            level += int(match[2]) - 1
        kind, start = self.format(num_id, ilvl or 0)
        if kind == "none" and match:
            kind = "bullet" if match[1].lower() in ("list bullet", "punktlista") else "decimal"
        return ListInfo(f"{num_id}", level, kind, start)

    def format(self, num_id: str, ilvl: int) -> tuple[str, int]:
        key = (num_id, ilvl)
        if key not in self.cache:
            self.cache[key] = self._format(num_id, ilvl)
        return self.cache[key]

    def _format(self, num_id: str, ilvl: int) -> tuple[str, int]:
        if self.root is None:
            return "none", 1
        num = self.root.find(f"w:num[@w:numId='{num_id}']", NS)
        if num is None:
            return "none", 1
        start_override = num.find(f"w:lvlOverride[@w:ilvl='{ilvl}']/w:startOverride", NS)
        abstract = num.find("w:abstractNumId", NS)
        lvl = None
        if abstract is not None:
            abstract_num = self.root.find(
                f"w:abstractNum[@w:abstractNumId='{_w(abstract, 'val')}']", NS
            )
            if abstract_num is not None:
                lvl = abstract_num.find(f"w:lvl[@w:ilvl='{ilvl}']", NS)
        fmt, start = "decimal", 1
        if lvl is not None:
            fmt_element = lvl.find("w:numFmt", NS)
            if fmt_element is not None:
                fmt = _w(fmt_element, "val") or "decimal"
            start_element = lvl.find("w:start", NS)
            if start_element is not None and (_w(start_element, "val") or "").isdigit():
                start = int(_w(start_element, "val") or 1)
        if start_override is not None and (_w(start_override, "val") or "").isdigit():
            start = int(_w(start_override, "val") or 1)
        return fmt, start


def _comments(document: Document) -> dict[str, tuple[str, str]]:
    """Word's comments by id: (author, text), through python-docx's comments API."""
    try:
        comments = document.comments
    except (KeyError, AttributeError):
        return {}
    return {
        str(comment.comment_id): (comment.author or "", " ".join(comment.text.split()))
        for comment in comments
    }
