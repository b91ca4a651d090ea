"""Which file formats the e-archive accepts, and what a given file is.

A file is judged by its name and its content together: the extension must be one
the archive takes, the first bytes must be that format's, and a PDF must claim
PDF/A in its XMP metadata. This is a claim check, not a conformance check (that is
veraPDF's work): it catches the Word file renamed ``.pdf`` and the PDF that never
was PDF/A, which are the mistakes a writer makes.

:func:`describe` also gives the writer what METS and PREMIS record of every file
(name, version, MIME type, PRONOM key), accepted or not.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class AcceptedFormat:
    """A format the archive takes, as a warning lists it."""

    name: str
    extensions: tuple[str, ...]


# The preservation formats of Riksarkivets föreskrifter och allmänna råd om tekniska
# krav för elektroniska handlingar, RA-FS 2009:2 (https://riksarkivet.se/rafs?item=106):
# 2 kap. (character sets: ISO/IEC 8859-1 and Unicode UTF-8) and 3 kap. (formats:
# ren text, XML 1.0, PDF/A per ISO 19005, TIFF 6.0, JPEG per ISO/IEC 10918). RA-FS
# 2009:2 names PDF/A-1; PDF/A-2 is the later part of the same ISO 19005, the one the
# project's PDF builder writes. PDF/A-3 is left out because it may embed files of
# any format. CSV is accepted as ren text. FGS Paketstruktur 2.0 (E-ARK CSIP/SIP)
# itself lists no formats. A receiving e-archive may accept more; this is the floor.
ACCEPTED_FORMATS: tuple[AcceptedFormat, ...] = (
    AcceptedFormat("PDF/A-1 or PDF/A-2", (".pdf",)),
    AcceptedFormat("plain text in UTF-8 or ISO 8859-1", (".txt",)),
    AcceptedFormat("CSV as plain text", (".csv",)),
    AcceptedFormat("XML 1.0", (".xml",)),
    AcceptedFormat("TIFF 6.0", (".tif", ".tiff")),
    AcceptedFormat("JPEG", (".jpg", ".jpeg")),
)


def accepted_formats() -> str:
    """The accepted formats in one line, for a warning: "PDF/A-1 or PDF/A-2 (.pdf), …"."""
    return ", ".join(f"{f.name} ({', '.join(f.extensions)})" for f in ACCEPTED_FORMATS)


@dataclass(frozen=True)
class FileFormat:
    """What a file is, in the terms the package records."""

    #: PREMIS ``formatName``; with the version, ERMS ``appendix/@fileFormat``.
    name: str
    #: METS ``file/@MIMETYPE``.
    mimetype: str
    #: PREMIS ``formatVersion``.
    version: str = ""
    #: PRONOM key: PREMIS ``formatRegistryKey``.
    pronom: str = ""

    @property
    def label(self) -> str:
        """The format as one phrase, "PDF/A-2b", "Extensible Markup Language 1.0"."""
        joint = "-" if self.name == "PDF/A" else " "
        return joint.join(part for part in (self.name, self.version) if part)


UNKNOWN = FileFormat("unknown", "application/octet-stream")
XML = FileFormat("Extensible Markup Language", "application/xml", "1.0", "fmt/101")
PLAIN_TEXT = FileFormat("Plain Text File", "text/plain", "", "x-fmt/111")
_CSV = FileFormat("Comma Separated Values", "text/csv", "", "x-fmt/18")
_TIFF = FileFormat("Tagged Image File Format", "image/tiff", "", "fmt/353")
_PNG = FileFormat("Portable Network Graphics", "image/png")

_MIME_TYPES = mimetypes.MimeTypes()
# The office formats a memo's appendix most often comes in, which Python's table lacks.
_OFFICE = {
    ".doc": FileFormat("Microsoft Word", "application/msword"),
    ".docx": FileFormat(
        "Microsoft Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xls": FileFormat("Microsoft Excel", "application/vnd.ms-excel"),
    ".xlsx": FileFormat(
        "Microsoft Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    ".ppt": FileFormat("Microsoft PowerPoint", "application/vnd.ms-powerpoint"),
    ".pptx": FileFormat(
        "Microsoft PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".odt": FileFormat("OpenDocument Text", "application/vnd.oasis.opendocument.text"),
    ".ods": FileFormat(
        "OpenDocument Spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    ".odp": FileFormat(
        "OpenDocument Presentation", "application/vnd.oasis.opendocument.presentation"
    ),
    ".rtf": FileFormat("Rich Text Format", "application/rtf"),
}
_PDF_PRONOM = {
    "1.0": "fmt/14",
    "1.1": "fmt/15",
    "1.2": "fmt/16",
    "1.3": "fmt/17",
    "1.4": "fmt/18",
    "1.5": "fmt/19",
    "1.6": "fmt/20",
    "1.7": "fmt/276",
}
_PDFA_PRONOM = {
    "1a": "fmt/95",
    "1b": "fmt/354",
    "2a": "fmt/476",
    "2b": "fmt/477",
    "2u": "fmt/478",
    "3a": "fmt/479",
    "3b": "fmt/480",
    "3u": "fmt/481",
}
_JFIF_PRONOM = {"1.00": "fmt/42", "1.01": "fmt/43", "1.02": "fmt/44"}


def describe(path: Path, name: str | None = None) -> FileFormat:
    """What the file is, from its content (and, for text, its name)."""
    return _examine(path, name or path.name)[0]


def refusal(path: Path, name: str | None = None) -> str | None:
    """Why the archive would refuse the file, or None where it accepts it.

    ``name`` is the file's name where it differs from ``path``'s. The reason is an
    English phrase for a warning: "a PDF that does not claim PDF/A in its XMP
    metadata".
    """
    return _examine(path, name or path.name)[1]


def _examine(path: Path, name: str) -> tuple[FileFormat, str | None]:
    data = path.read_bytes()
    extension = Path(name).suffix.lower()
    found = _sniff(data)
    if extension not in {e for f in ACCEPTED_FORMATS for e in f.extensions}:
        what = f"{extension} files" if extension else "files without an extension"
        return _refused_kind(extension, name, found), (
            f"the archive does not accept {what} ({accepted_formats()})"
        )
    if extension == ".pdf":
        return _judge_pdf(data, found)
    if extension in (".tif", ".tiff"):
        return _judge_magic(found, _TIFF, "TIFF")
    if extension in (".jpg", ".jpeg"):
        return _judge_magic(found, _jpeg(data), "JPEG")
    if extension == ".xml":
        return _judge_xml(data, found)
    return _judge_text(data, _CSV if extension == ".csv" else PLAIN_TEXT, found)


def _refused_kind(extension: str, name: str, found: FileFormat | None) -> FileFormat:
    """What a file of a refused kind is, for the metadata of a package that keeps it.

    The name knows a Word file better than its first bytes (a zip) do; Python's own
    table, not the system's, serves the rest, so that every machine writes the same.
    """
    if extension in _OFFICE:
        return _OFFICE[extension]
    if found is not None:
        return found
    guessed = _MIME_TYPES.guess_type(name, strict=False)[0]
    return FileFormat(UNKNOWN.name, guessed) if guessed else UNKNOWN


def _sniff(data: bytes) -> FileFormat | None:
    """The format the first bytes announce, if they announce one."""
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return _TIFF
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if data.startswith(b"PK\x03\x04"):
        return FileFormat("ZIP Format", "application/zip")
    return None


def _judge_magic(
    found: FileFormat | None, expected: FileFormat, what: str
) -> tuple[FileFormat, str | None]:
    if found is None or found.mimetype != expected.mimetype:
        return found or UNKNOWN, f"the name says {what} but the content is {_what(found)}"
    return found, None


def _judge_pdf(data: bytes, found: FileFormat | None) -> tuple[FileFormat, str | None]:
    if found is None or found.mimetype != "application/pdf":
        return found or UNKNOWN, f"the name says PDF but the content is {_what(found)}"
    if re.search(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)", data):
        return found, "an encrypted PDF, which PDF/A does not allow"
    if found.name != "PDF/A":
        return found, "a PDF that does not claim PDF/A in its XMP metadata (pdfaid:part)"
    if found.version.startswith("3"):
        return found, "a PDF/A-3 file, which may embed files of any format"
    return found, None


def _judge_xml(data: bytes, found: FileFormat | None) -> tuple[FileFormat, str | None]:
    if found is not None:
        return found, f"the name says XML but the content is {_what(found)}"
    try:
        ET.fromstring(data)
    except ET.ParseError as error:
        return UNKNOWN, f"not well-formed XML ({error})"
    return XML, None


def _judge_text(
    data: bytes, text: FileFormat, found: FileFormat | None
) -> tuple[FileFormat, str | None]:
    if found is not None:
        return found, f"the name says plain text but the content is {_what(found)}"
    try:
        decoded = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        decoded = data.decode("latin-1")
    if any(_is_control(char) for char in decoded):
        return UNKNOWN, "not plain text in UTF-8 or ISO 8859-1"
    return text, None


def _is_control(char: str) -> bool:
    return char not in "\t\n\r\f" and unicodedata.category(char) == "Cc"


def _what(found: FileFormat | None) -> str:
    return found.label if found is not None else "something else"


def _pdf(data: bytes) -> FileFormat:
    """A PDF, as PDF/A where its XMP metadata claims a PDF/A part."""
    for packet in _xmp_packets(data):
        part = re.search(rb"pdfaid:part\s*(?:=\s*[\"']\s*|>\s*)(\d)", packet)
        if part:
            level = re.search(rb"pdfaid:conformance\s*(?:=\s*[\"']\s*|>\s*)([A-Za-z])", packet)
            version = part.group(1).decode() + (level.group(1).decode().lower() if level else "")
            return FileFormat("PDF/A", "application/pdf", version, _PDFA_PRONOM.get(version, ""))
    header = re.match(rb"%PDF-(\d\.\d)", data)
    version = header.group(1).decode() if header else ""
    return FileFormat(
        "Portable Document Format", "application/pdf", version, _PDF_PRONOM.get(version, "")
    )


_STREAM = re.compile(rb"stream\r?\n")


def _xmp_packets(data: bytes) -> Iterator[bytes]:
    """The content of every metadata stream, inflated where it is compressed.

    A stream object never lies inside an object stream, so its dictionary can be
    read as text just before the ``stream`` keyword.
    """
    for match in _STREAM.finditer(data):
        start = data.rfind(b" obj", 0, match.start())
        head = data[start : match.start()] if start != -1 else b""
        if not re.search(rb"/Type\s*/Metadata", head):
            continue
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end != -1 else len(data)]
        if re.search(rb"/FlateDecode", head):
            try:
                body = zlib.decompressobj().decompress(body)
            except zlib.error:
                continue
        yield body


def _jpeg(data: bytes) -> FileFormat:
    if data[6:11] == b"JFIF\x00" and len(data) > 12:
        version = f"{data[11]}.{data[12]:02d}"
        return FileFormat(
            "JPEG File Interchange Format", "image/jpeg", version, _JFIF_PRONOM.get(version, "")
        )
    return FileFormat("JPEG", "image/jpeg")
