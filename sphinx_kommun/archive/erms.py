"""The FGS Ärendehantering 2.0 description: CITS ERMS v3, one document for the package.

One ``aggregation`` of type ``caseFile`` per diarienummer, one ``record`` per
document, each document's files as ``additionalInformation/appendix`` with a path
relative to ``erms.xml``. Element order follows ``ERMS_v3.xsd``, which is strict
about it. Values CITS ERMS leaves to the parties (identification types, record
types, the public title's type) are Swedish words that the package's
documentation lists.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sphinx_kommun.archive.layout import DATA, ERMS_FILE, PlacedCase, PlacedRecord, identifier
from sphinx_kommun.archive.model import Package, Person, Restriction
from sphinx_kommun.archive.xmlout import day, document, element, optional, timestamp

NAMESPACE = "https://DILCIS.eu/XML/ERMS"
SCHEMA = "ERMS_v3.xsd"
PUBLIC_TITLE = "offentlig_titel"


def erms_document(package: Package, objid: str, cases: tuple[PlacedCase, ...]) -> ET.Element:
    root = document("erms", f"{DATA}/{ERMS_FILE}", {"": NAMESPACE}, {NAMESPACE: SCHEMA})
    _control(root, package, objid)
    aggregations = element(root, "aggregations")
    for placed in cases:
        _aggregation(aggregations, package, placed)
    return root


def _control(root: ET.Element, package: Package, objid: str) -> None:
    control = element(root, "control")
    creator = package.record_creator
    for kind, value in (
        ("informationspaket", objid),
        ("arkivbildare", creator.name),
        ("organisationsnummer", creator.organisationsnummer),
        ("kommunkod", creator.kommunkod),
    ):
        optional(control, "identification", value, identificationType=kind)
    maintenance = element(control, "maintenanceInformation")
    element(maintenance, "maintenanceStatus", value="new")
    agency = element(maintenance, "maintenanceAgency")
    optional(
        agency, "agencyCode", package.maintainer.organisationsnummer, type="organisationsnummer"
    )
    element(agency, "agencyName", package.maintainer.name)
    event = element(element(maintenance, "maintenanceHistory"), "maintenanceEvent")
    element(event, "eventType", value="created")
    element(event, "eventDateTime", timestamp(package.created))
    software = package.software
    agent = element(event, "agent", agentType="other", otherAgentType="software")
    element(agent, "name", f"{software.name} {software.version}")


def _aggregation(parent: ET.Element, package: Package, placed: PlacedCase) -> None:
    case = placed.case
    creator = package.record_creator
    aggregation = element(
        parent,
        "aggregation",
        systemIdentifier=identifier("case", creator.organisationsnummer, case.dnr),
        aggregationType="caseFile",
    )
    element(aggregation, "objectId", case.dnr)
    _titles(aggregation, case.title, case.public_title)
    element(aggregation, "status", value=str(case.status))
    _restrictions(aggregation, case.restrictions)
    dates = element(aggregation, "dates")
    opened = case.opening_date
    element(
        dates, "date", day(opened) if opened else timestamp(package.created), dateType="created"
    )
    if case.decided:
        element(dates, "date", day(case.decided), dateType="decision")
    if case.decision:
        action = element(aggregation, "action")
        element(action, "actionText", case.decision)
        element(action, "actionType", str(case.decision_kind))
        if case.decided:
            element(element(action, "dates"), "actionDate", day(case.decided), dateType="decision")
        if case.decided_by:
            body = element(
                element(action, "agents"),
                "agent",
                agentType="other",
                otherAgentType="beslutsinstans",
            )
            element(body, "name", case.decided_by)
            element(body, "organisation", creator.name)
    for index, record in enumerate(placed.records, start=1):
        _record(aggregation, package, case.dnr, index, record)


def _record(
    parent: ET.Element, package: Package, dnr: str, index: int, placed: PlacedRecord
) -> None:
    record = placed.record
    uuid = identifier(
        "record",
        package.record_creator.organisationsnummer,
        dnr,
        str(index),
        *(file.original_name for file in placed.files),
    )
    node = element(
        parent,
        "record",
        systemIdentifier=uuid,
        recordType=record.record_type,
        recordPhysicalOrDigital="digital",
    )
    element(node, "objectId", uuid)
    _titles(node, record.title, record.public_title)
    _restrictions(node, record.restrictions)
    people = [
        ("responsible_person", record.responsible_person),
        ("main_signatory", record.main_signatory),
        *(("other_signatory", person) for person in record.other_signatories),
    ]
    if any(person for _, person in people):
        agents = element(node, "agents")
        for agent_type, person in people:
            if person is not None:
                _person(agents, agent_type, person, package.record_creator.name)
    optional(node, "description", record.description)
    dates = element(node, "dates")
    element(dates, "date", day(record.created), dateType="created")
    if record.decided:
        element(dates, "date", day(record.decided), dateType="decision")
    additional = element(node, "additionalInformation")
    for file in placed.files:
        element(
            additional,
            "appendix",
            name=file.original_name,
            fileFormat=file.format.label,
            path=file.relative_to(DATA),
        )


def _titles(parent: ET.Element, title: str, public_title: str) -> None:
    element(parent, "title", title)
    if public_title:
        element(parent, "otherTitle", public_title, titleType=PUBLIC_TITLE)


def _restrictions(parent: ET.Element, restrictions: tuple[Restriction, ...]) -> None:
    for restriction in restrictions:
        node = element(parent, "restriction", restrictionType="confidential")
        optional(node, "explanatoryText", restriction.explanation)
        element(node, "regulation", restriction.provision)


def _person(parent: ET.Element, agent_type: str, person: Person, organisation: str) -> None:
    agent = element(parent, "agent", agentType=agent_type)
    element(agent, "name", person.name)
    element(agent, "organisation", organisation)
    optional(agent, "unitName", person.unit)
    optional(agent, "role", person.role)
