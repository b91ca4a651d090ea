"""What a written package holds, read back from its own METS and ERMS files.

``sphinx-kommun arkivera`` and the ``kommunarkiv`` builder tell the writer what
they made from the package itself, not from what they meant to write: the
cases and documents of its ERMS file, and every file in the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from sphinx_kommun.archive.erms import NAMESPACE as ERMS
from sphinx_kommun.archive.layout import DATA, ERMS_FILE

#: How a package folder is named: by its OBJID (:func:`~sphinx_kommun.archive.package_id`).
PREFIX = "uuid-"
#: The forms :func:`~sphinx_kommun.archive.pack` writes beside a package folder.
PACKED_SUFFIXES = (".zip", ".tar")


@dataclass(frozen=True)
class Contents:
    """A package in figures."""

    folder: Path
    label: str
    record_creator: str
    #: ERMS ``aggregation`` elements: one per diarienummer.
    cases: int
    #: ERMS ``record`` elements: the documents of the cases.
    records: int
    #: The documents' files (PDFs and appendices).
    documents: int
    #: Every file in the package, its own metadata, schemas and documentation included.
    files: int
    #: The bytes of every file in the package.
    size: int

    @property
    def summary(self) -> str:
        """ "2 cases, 5 records, 5 files; 1.2 MB in 16 files"."""
        counted = ", ".join(
            _count(number, one, many)
            for number, one, many in (
                (self.cases, "case", "cases"),
                (self.records, "record", "records"),
                (self.documents, "file", "files"),
            )
        )
        return f"{counted}; {size_text(self.size)} in {self.files} files"


def packages_in(folder: Path) -> list[Path]:
    """The package folders directly in ``folder``, by name."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_dir() and path.name.startswith(PREFIX) and (path / "METS.xml").is_file()
    )


def contents(folder: Path) -> Contents:
    """What the package in ``folder`` holds."""
    mets = ET.parse(folder / "METS.xml").getroot()
    erms = ET.parse(folder / DATA / ERMS_FILE).getroot()
    ns = {"erms": ERMS}
    creator = next(
        (
            node.text or ""
            for node in erms.iterfind("erms:control/erms:identification", ns)
            if node.get("identificationType") == "arkivbildare"
        ),
        "",
    )
    files = [path for path in folder.rglob("*") if path.is_file()]
    return Contents(
        folder=folder,
        label=mets.get("LABEL", ""),
        record_creator=creator,
        cases=len(erms.findall(".//erms:aggregation", ns)),
        records=len(erms.findall(".//erms:record", ns)),
        documents=len(erms.findall(".//erms:appendix", ns)),
        files=len(files),
        size=sum(path.stat().st_size for path in files),
    )


def size_text(size: int) -> str:
    """A size as a reader reads it: "840 B", "12.5 kB", "3.1 MB"."""
    if size < 1000:
        return f"{size} B"
    if size < 1000**2:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1000**2:.1f} MB"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
