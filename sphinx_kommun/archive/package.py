"""Write the archive package: a folder named by its OBJID, and optionally a zip or tar.

The writer is pure in the sense that matters for an archive: what it writes
depends on the :class:`~sphinx_kommun.archive.model.Package` and the files' bytes
alone. Identifiers are derived from the content, every time in the metadata is
the package's creation time, files are written in a fixed order and the XML is
serialised the same way each time; so two writes of the same input are the same
bytes, and so is a zip or tar made of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import tarfile
import zipfile
from importlib.resources import files as resource_files
from pathlib import Path
from typing import Literal

from sphinx_kommun.archive.documentation import PATH as DOCUMENTATION
from sphinx_kommun.archive.documentation import documentation_text
from sphinx_kommun.archive.erms import erms_document
from sphinx_kommun.archive.formats import PLAIN_TEXT, XML, FileFormat, describe
from sphinx_kommun.archive.layout import (
    DATA,
    ERMS_FILE,
    PlacedCase,
    PlacedFile,
    PlacedRecord,
    digest,
    identifier,
    portable,
    unique,
)
from sphinx_kommun.archive.mets import REPRESENTATION_METS, representation_mets, root_mets
from sphinx_kommun.archive.model import Package
from sphinx_kommun.archive.premis import PATH as PREMIS
from sphinx_kommun.archive.premis import premis_document
from sphinx_kommun.archive.xmlout import serialise

#: The vendored schemas, copied into every package's ``schemas/``.
SCHEMA_DIR = Path(str(resource_files("sphinx_kommun.archive") / "schemas"))
SCHEMA_FILES = (
    "DILCISExtensionMETS.xsd",
    "ERMS_v3.xsd",
    "erms_v3.sch",
    "mets.xsd",
    "premis-v3-0.xsd",
    "xlink.xsd",
)

_SCHEMA = FileFormat("XML Schema Definition", "application/xml", "1.0", "x-fmt/280")
_SCHEMATRON = FileFormat("Schematron", "application/xml")


def package_id(package: Package) -> str:
    """The package's OBJID: "uuid-…", derived from everything the package holds."""
    sources = {
        file.source: digest(file.source)[0]
        for case in package.cases
        for record in case.records
        for file in record.files
    }

    def plain(value: object) -> object:
        if isinstance(value, Path):
            return sources[value]
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value))

    content = json.dumps(dataclasses.asdict(package), default=plain, sort_keys=True)
    return identifier("package", hashlib.sha256(content.encode()).hexdigest())


def write_package(package: Package, target_dir: Path) -> Path:
    """Write the package into ``target_dir`` and return its folder, ``target_dir/<OBJID>``.

    A folder of that name already there is replaced. Raises :class:`FileNotFoundError`
    where a record's file is missing.
    """
    objid = package_id(package)
    root = Path(target_dir) / objid
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    cases = _place_cases(root, package)
    erms = _write(root, f"{DATA}/{ERMS_FILE}", serialise(erms_document(package, objid, cases)), XML)
    data = (erms, *(file for case in cases for record in case.records for file in record.files))
    documentation = (
        _write(root, DOCUMENTATION, documentation_text(package, objid, cases).encode(), PLAIN_TEXT),
    )
    schemas = tuple(
        _write(
            root,
            f"schemas/{name}",
            (SCHEMA_DIR / name).read_bytes(),
            _SCHEMATRON if name.endswith(".sch") else _SCHEMA,
        )
        for name in SCHEMA_FILES
    )
    premis = _write(
        root, PREMIS, serialise(premis_document(package, objid, (*data, *documentation))), XML
    )
    representation = _write(
        root, REPRESENTATION_METS, serialise(representation_mets(package, data)), XML
    )
    mets = root_mets(
        package,
        objid,
        premis=premis,
        documentation=documentation,
        schemas=schemas,
        representation=representation,
    )
    _write(root, "METS.xml", serialise(mets), XML)
    return root


def pack(folder: Path, created: dt.datetime, form: Literal["zip", "tar"]) -> Path:
    """Put a written package into one file beside it, ``<OBJID>.zip`` or ``<OBJID>.tar``.

    Entries are sorted, carry ``created`` as their time (a zip cannot go before
    1980) and fixed permissions, and are stored uncompressed, so that the archive
    does not depend on the machine or the zlib that made it. Both forms unpack to
    the single folder CSIPSTR1 asks for.
    """
    if form not in ("zip", "tar"):
        raise ValueError(f"a package is packed as zip or tar, not {form!r}")
    folder = Path(folder)
    entries = sorted(folder.rglob("*"), key=lambda path: path.relative_to(folder).as_posix())
    members = [(folder, folder.name)]
    members += [(path, f"{folder.name}/{path.relative_to(folder).as_posix()}") for path in entries]
    target = folder.with_name(f"{folder.name}.{form}")
    moment = created.astimezone(dt.UTC)
    if form == "zip":
        _zip(target, members, moment)
    else:
        _tar(target, members, moment)
    return target


def _zip(target: Path, members: list[tuple[Path, str]], moment: dt.datetime) -> None:
    stamp = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for path, name in members:
            directory = path.is_dir()
            info = zipfile.ZipInfo(name + "/" if directory else name, stamp)
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = (0o40755 << 16 | 0x10) if directory else 0o100644 << 16
            archive.writestr(info, b"" if directory else path.read_bytes())


def _tar(target: Path, members: list[tuple[Path, str]], moment: dt.datetime) -> None:
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        for path, name in members:
            info = tarfile.TarInfo(name)
            info.mtime = int(moment.timestamp())
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
                continue
            info.mode, info.size = 0o644, path.stat().st_size
            with path.open("rb") as stream:
                archive.addfile(info, stream)


def _place_cases(root: Path, package: Package) -> tuple[PlacedCase, ...]:
    """Copy every record's files into the case folders, with portable unique names."""
    folders: set[str] = set()
    placed_cases = []
    for case in package.cases:
        folder = unique(portable(case.dnr, "arende"), folders)
        names: set[str] = set()
        records = []
        for record in case.records:
            placed = []
            for file in record.files:
                name = unique(portable(file.name), names)
                path = f"{DATA}/{folder}/{name}"
                destination = root / path
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file.source, destination)
                sha256, size = digest(destination)
                placed.append(
                    PlacedFile(path, sha256, size, describe(destination, file.name), file.name)
                )
            records.append(PlacedRecord(record, tuple(placed)))
        placed_cases.append(PlacedCase(case, folder, tuple(records)))
    return tuple(placed_cases)


def _write(root: Path, path: str, content: bytes, form: FileFormat) -> PlacedFile:
    destination = root / path
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(content)
    return PlacedFile(path, hashlib.sha256(content).hexdigest(), len(content), form)
