"""Where each file goes in the package, and what the metadata says of it.

The writer first places every file (its path in the package, checksum, size and
format), then the ERMS, PREMIS and METS modules describe the placed files. Names
are made portable here, once: lower-case ASCII letters, digits, ``.``, ``_`` and
``-``, so that a path means the same in a zip, a tar and any file system.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from sphinx_kommun.archive.formats import FileFormat
from sphinx_kommun.archive.model import Case, Record

#: The only representation: the case files as the municipality made them.
REPRESENTATION = "rep1"
DATA = f"representations/{REPRESENTATION}/data"
ERMS_FILE = "erms.xml"

# Identifiers are UUID version 5 in this fixed namespace, so that the same input
# always gives the same identifiers: uuid5(NAMESPACE_URL, "https://sphinx-kommun/archive").
NAMESPACE = uuid.UUID("01cca22f-b0c4-5628-af1b-499d55a8f33e")


def identifier(*parts: str) -> str:
    """An E-ARK style identifier, "uuid-…", derived from ``parts``."""
    return f"uuid-{uuid.uuid5(NAMESPACE, chr(31).join(parts))}"


def xml_id(kind: str, path: str) -> str:
    """A METS ``ID`` for a file: an NCName derived from its path in the package."""
    return f"{kind}-{hashlib.sha256(path.encode()).hexdigest()[:16]}"


@dataclass(frozen=True)
class PlacedFile:
    """A file as it lies in the package."""

    #: The path from the package root, with ``/``.
    path: str
    sha256: str
    size: int
    format: FileFormat
    #: The name the file had before it was made portable (PREMIS ``originalName``).
    original_name: str = ""

    def relative_to(self, folder: str) -> str:
        """The path as seen from ``folder`` (a folder of the package, with ``/``)."""
        prefix = folder.rstrip("/") + "/"
        if not self.path.startswith(prefix):
            raise ValueError(f"{self.path} is not inside {folder}")
        return self.path[len(prefix) :]


@dataclass(frozen=True)
class PlacedRecord:
    record: Record
    files: tuple[PlacedFile, ...]


@dataclass(frozen=True)
class PlacedCase:
    case: Case
    #: The case's folder under the representation's data, from its diarienummer.
    folder: str
    records: tuple[PlacedRecord, ...]


def portable(name: str, fallback: str = "fil") -> str:
    """``name`` in lower-case ASCII: "Bilaga 2 Kärta.PDF" → "bilaga-2-karta.pdf"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, suffix = ascii_name.lower().rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = "-".join(part for part in _split(stem) if part) or fallback
    suffix = "".join(char for char in suffix if char.isalnum())
    return f"{stem}.{suffix}" if suffix else stem


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with "-2", "-3" … before its suffix where it is taken."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}"
    taken.add(candidate)
    return candidate


def digest(path: Path) -> tuple[str, int]:
    """The SHA-256 (lower-case hex) and size of a file, read in blocks."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size


def _split(text: str) -> list[str]:
    parts, current = [], []
    for char in text:
        if char.isascii() and (char.isalnum() or char in "._"):
            current.append(char)
        else:
            parts.append("".join(current))
            current = []
    parts.append("".join(current))
    return [part.strip("._") for part in parts]
