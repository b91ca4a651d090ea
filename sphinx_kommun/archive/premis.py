"""Preservation metadata: PREMIS 3, one document for the whole package.

An ``object`` per file that is preserved (the documents, ``erms.xml``, the
documentation) with its SHA-256, size and format; one ``event``, the package's
creation, done by the software on behalf of the record creator; those two as
``agent``. CSIP lets root-level PREMIS describe the representation's files
(its appendix 2 does), which keeps the facts in one place.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sphinx_kommun.archive.layout import PlacedFile, identifier
from sphinx_kommun.archive.model import Package
from sphinx_kommun.archive.xmlout import document, element, optional, timestamp

NAMESPACE = "http://www.loc.gov/premis/v3"
SCHEMA = "premis-v3-0.xsd"
PATH = "metadata/preservation/premis.xml"


def premis_document(package: Package, objid: str, files: tuple[PlacedFile, ...]) -> ET.Element:
    root = document(
        "premis:premis", PATH, {"premis": NAMESPACE}, {NAMESPACE: SCHEMA}, version="3.0"
    )
    event = identifier("event", objid, "creation")
    software = ("local", f"{package.software.name} {package.software.version}")
    creator = package.record_creator
    organisation = (
        ("organisationsnummer", creator.organisationsnummer)
        if creator.organisationsnummer
        else ("local", creator.name)
    )
    objects = [(file, identifier("object", objid, file.path, file.sha256)) for file in files]
    for file, uuid in objects:
        _object(root, file, uuid, event)
    node = element(root, "premis:event")
    _identifier(node, "event", ("UUID", event))
    element(node, "premis:eventType", "creation")
    element(node, "premis:eventDateTime", timestamp(package.created))
    element(
        element(node, "premis:eventDetailInformation"),
        "premis:eventDetail",
        f"Informationspaketet {objid} skapades av {software[1]} åt {creator.name}.",
    )
    element(element(node, "premis:eventOutcomeInformation"), "premis:eventOutcome", "success")
    for agent, role in ((software, "executing program"), (organisation, "implementer")):
        link = _identifier(node, "linkingAgent", agent)
        element(link, "premis:linkingAgentRole", role)
    for _, uuid in objects:
        link = _identifier(node, "linkingObject", ("UUID", uuid))
        element(link, "premis:linkingObjectRole", "outcome")
    _agent(root, software, package.software.name, "software", package.software.version)
    _agent(root, organisation, creator.name, "organization")
    return root


def _object(parent: ET.Element, file: PlacedFile, uuid: str, event: str) -> None:
    node = element(parent, "premis:object", xsi_type="premis:file")
    _identifier(node, "object", ("UUID", uuid))
    characteristics = element(node, "premis:objectCharacteristics")
    element(characteristics, "premis:compositionLevel", "0")
    fixity = element(characteristics, "premis:fixity")
    element(fixity, "premis:messageDigestAlgorithm", "SHA-256")
    element(fixity, "premis:messageDigest", file.sha256)
    element(characteristics, "premis:size", str(file.size))
    form = element(characteristics, "premis:format")
    designation = element(form, "premis:formatDesignation")
    element(designation, "premis:formatName", file.format.name)
    optional(designation, "premis:formatVersion", file.format.version)
    if file.format.pronom:
        registry = element(form, "premis:formatRegistry")
        element(registry, "premis:formatRegistryName", "PRONOM")
        element(registry, "premis:formatRegistryKey", file.format.pronom)
        element(registry, "premis:formatRegistryRole", "specification")
    optional(node, "premis:originalName", file.original_name)
    location = element(element(node, "premis:storage"), "premis:contentLocation")
    element(location, "premis:contentLocationType", "URI")
    element(location, "premis:contentLocationValue", file.path)
    _identifier(node, "linkingEvent", ("UUID", event))


def _agent(
    parent: ET.Element, key: tuple[str, str], name: str, kind: str, version: str = ""
) -> None:
    node = element(parent, "premis:agent")
    _identifier(node, "agent", key)
    element(node, "premis:agentName", name)
    element(node, "premis:agentType", kind)
    optional(node, "premis:agentVersion", version)


def _identifier(parent: ET.Element, kind: str, key: tuple[str, str]) -> ET.Element:
    """``<premis:{kind}Identifier>`` with its ``…Type`` and ``…Value``."""
    node = element(parent, f"premis:{kind}Identifier")
    element(node, f"premis:{kind}IdentifierType", key[0])
    element(node, f"premis:{kind}IdentifierValue", key[1])
    return node
