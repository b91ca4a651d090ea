"""The archival information package: FGS Paketstruktur 2.0 holding FGS Ärendehantering 2.0.

A pure writer. The ``kommunarkiv`` builder fills the plain values of
:mod:`~sphinx_kommun.archive.model` from the memo records and calls
:func:`write_package`; nothing here imports Sphinx or docutils, so the package can
be written, tested and validated on its own.

The package (E-ARK CSIP 2.1 and SIP 2.1)::

    <OBJID>/
      METS.xml                                   the package: agents, files, structure
      metadata/preservation/premis.xml           PREMIS 3: objects, creation event, agents
      representations/rep1/METS.xml              the representation's files
      representations/rep1/data/erms.xml         CITS ERMS v3: the cases and their documents
      representations/rep1/data/<case>/<file>    the documents' files
      schemas/                                   every schema the XML uses
      documentation/om-informationspaketet.txt   what the package holds, in Swedish

The ERMS file lies among the representation's data, not in
``metadata/descriptive``: CITS ERMS 3.0 §3.2 places the export there.
"""

from __future__ import annotations

from sphinx_kommun.archive.contents import Contents, contents, packages_in, size_text
from sphinx_kommun.archive.formats import (
    ACCEPTED_FORMATS,
    AcceptedFormat,
    FileFormat,
    accepted_formats,
    describe,
    refusal,
)
from sphinx_kommun.archive.model import (
    Case,
    DecisionKind,
    Organisation,
    Package,
    Person,
    Record,
    RecordFile,
    RecordType,
    Restriction,
    Software,
    Status,
)
from sphinx_kommun.archive.package import SCHEMA_DIR, pack, package_id, write_package

__all__ = [
    "ACCEPTED_FORMATS",
    "SCHEMA_DIR",
    "AcceptedFormat",
    "Case",
    "Contents",
    "DecisionKind",
    "FileFormat",
    "Organisation",
    "Package",
    "Person",
    "Record",
    "RecordFile",
    "RecordType",
    "Restriction",
    "Software",
    "Status",
    "accepted_formats",
    "contents",
    "describe",
    "pack",
    "package_id",
    "packages_in",
    "refusal",
    "size_text",
    "write_package",
]
