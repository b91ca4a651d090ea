"""The archive package: FGS Paketstruktur 2.0 holding an FGS Ärendehantering 2.0 description.

A package of two cases is written from real files: KS 2025/101 with its memo, an
appendix and the meeting's protokollsutdrag; KS 2025/102 with a memo and a secret
appendix. It is checked against the schemas (ERMS v3, METS, PREMIS 3), the CITS
ERMS Schematron, and E-ARK's own validator (eark-validator 1.1.3), which is served
local copies of the CSIP vocabularies it would otherwise download.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from importlib.resources import files as resource_files
from pathlib import Path
from types import ModuleType

import pikepdf
import pytest
from lxml import etree

from sphinx_kommun.archive import (
    ACCEPTED_FORMATS,
    SCHEMA_DIR,
    Case,
    Organisation,
    Package,
    Person,
    Record,
    RecordFile,
    RecordType,
    Restriction,
    Status,
    accepted_formats,
    describe,
    pack,
    refusal,
    write_package,
)
from sphinx_kommun.archive.formats import FileFormat
from tests.archivecheck import (
    DATA,
    DOCUMENT_SCHEMAS,
    ERMS,
    EXPECTED_ERRORS,
    EXPECTED_WARNINGS,
    NS,
    PREMIS,
    REP_METS,
    assert_conformant,
    eark_validator,
    erms_schematron,
    parse,
    report,
    schema,
)

# SOURCE_DATE_EPOCH as the builder reads it: 2025-03-31 12:00 UTC.
SOURCE_DATE_EPOCH = "1743422400"

NYKVARN = Organisation("Nykvarns kommun", "212000-0142", "0140")
HANDLAGGARE = Person("Anna Andersson", "Planarkitekt", "Samhällsbyggnadsförvaltningen")
KOMMUNDIREKTOR = Person("Bo Berg", "Kommundirektör")


def make_package(data: Path = DATA) -> Package:
    detaljplan = Case(
        "KS 2025/101",
        "Detaljplan för kvarteret Eken",
        Status.CLOSED,
        (
            Record(
                "Detaljplan för kvarteret Eken",
                RecordType.TJANSTEUTLATANDE,
                dt.date(2025, 2, 20),
                (RecordFile(data / "tjansteutlatande-ks-2025-101.pdf", "Tjänsteutlåtande.pdf"),),
                responsible_person=HANDLAGGARE,
                main_signatory=KOMMUNDIREKTOR,
                other_signatories=(HANDLAGGARE,),
            ),
            Record(
                "Samrådsredogörelse",
                RecordType.BILAGA,
                dt.date(2025, 2, 20),
                (RecordFile(data / "bilaga-1-samradsredogorelse.txt", "Bilaga 1 Samråd.txt"),),
            ),
            Record(
                "Protokollsutdrag Kommunstyrelsen 2025-03-12 § 43",
                RecordType.PROTOKOLLSUTDRAG,
                dt.date(2025, 3, 12),
                (
                    RecordFile(
                        data / "protokollsutdrag-ks-2025-101.pdf", "Protokollsutdrag § 43.pdf"
                    ),
                ),
                decided=dt.date(2025, 3, 12),
                main_signatory=Person("Cecilia Ek", "Ordförande"),
                other_signatories=(Person("David Lind", "Justerare"),),
            ),
        ),
        opened=dt.date(2025, 1, 15),
        decided=dt.date(2025, 3, 12),
        decision="Kommunstyrelsen antar detaljplanen för kvarteret Eken.",
        decided_by="Kommunstyrelsen",
    )
    fastighetskop = Case(
        "KS 2025/102",
        "Köp av fastigheten Ekbacken 1:4",
        Status.CLOSED,
        (
            Record(
                "Köp av fastigheten Ekbacken 1:4",
                RecordType.TJANSTEUTLATANDE,
                dt.date(2025, 2, 27),
                (RecordFile(data / "tjansteutlatande-ks-2025-102.pdf", "Tjänsteutlåtande.pdf"),),
                responsible_person=HANDLAGGARE,
            ),
            Record(
                "Värdering av Ekbacken 1:4 inför köpet från Nils Nilsson",
                RecordType.BILAGA,
                dt.date(2025, 2, 1),
                (RecordFile(data / "bilaga-1-vardering.csv", "Värdering.csv"),),
                public_title="Värdering",
                restrictions=(Restriction("OSL 19 kap. 1 §", "Fastighetens värde inför affären."),),
            ),
        ),
        decided=dt.date(2025, 3, 12),
        decision="Kommunstyrelsen godkänner köpet av Ekbacken 1:4.",
    )
    created = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.UTC)
    return Package("Kommunstyrelsen 2025", NYKVARN, created, (detaljplan, fastighetskop))


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_package(make_package(), tmp_path_factory.mktemp("arkiv"))


@pytest.mark.parametrize(("document", "xsd"), DOCUMENT_SCHEMAS)
def test_each_xml_document_validates_against_its_schema(
    package_dir: Path, document: str, xsd: str
) -> None:
    checker = schema(xsd)
    assert checker.validate(parse(package_dir / document)), checker.error_log


def test_the_erms_file_passes_the_cits_erms_schematron(package_dir: Path) -> None:
    checker = erms_schematron()
    assert checker.validate(parse(package_dir / ERMS)), checker.error_log


@pytest.fixture(scope="module")
def eark() -> Iterator[ModuleType]:
    with eark_validator() as packages:
        yield packages


def test_e_ark_validator_finds_only_its_own_impossible_rules(
    eark: ModuleType, package_dir: Path
) -> None:
    assert_conformant(eark, package_dir)


def test_the_zip_and_tar_pass_the_validator_as_the_folder_does(
    eark: ModuleType, package_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The validator unpacks an archive under the system's temporary folder; here,
    # under the test's own.
    handler = eark.PackageValidator._package_handler
    monkeypatch.setattr(handler, "_unpack_root", tmp_path)
    created = make_package().created
    for form in ("zip", "tar"):
        found = report(eark, pack(package_dir, created, form))
        assert found["ERROR"] == EXPECTED_ERRORS, form
        # CSIPSTR3 (a folder, not an archive) is gone; nothing else changes.
        assert found["WARNING"] == EXPECTED_WARNINGS, form


def csip_rules(eark: ModuleType, section: str, mets: str, tmp_path: Path) -> list[str]:
    """The rule ids one section of the validator's CSIP or SIP Schematron fails."""
    from eark_validator.rules import ValidationProfile
    from eark_validator.specifications.specification import (
        SpecificationType,
        SpecificationVersion,
    )

    kind, _, part = section.partition("/")
    profile = ValidationProfile(SpecificationType[kind], SpecificationVersion.V2_1_0)
    path = tmp_path / "METS.xml"
    path.write_text(mets, encoding="utf-8")
    profile.validate(str(path))
    return sorted(r.rule_id for r in profile.get_result(part) if r.severity.name == "ERROR")


MINIMAL_METS = """<mets:mets xmlns:mets="http://www.loc.gov/METS/"
    xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" OBJID="x" TYPE="Datasets"
    csip:CONTENTINFORMATIONTYPE="citserms_v3_0" PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">
  <mets:metsHdr CREATEDATE="2025-03-31T12:00:00+00:00" csip:OAISPACKAGETYPE="SIP">
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>sphinx-kommun</mets:name>
      <mets:note csip:NOTETYPE="SOFTWARE VERSION">0.1.0</mets:note>
    </mets:agent>
  </mets:metsHdr>
  <mets:fileSec ID="fs">{groups}</mets:fileSec>
</mets:mets>"""


def test_csip63_refuses_every_file_group_but_one_saying_other(
    eark: ModuleType, tmp_path: Path
) -> None:
    """CSIP63 (a MAY in the CSIP profile) is tested as ``(@X = 'OTHER' and
    @OTHERX) or (@X != 'OTHER' and not(@X))``, whose second branch never holds.
    A Documentation group without the attribute (CSIP62 asks for none) and a
    representation group saying citserms_v3_0 (CITS ERMS 3.0 table 1) both fail."""
    file = (
        '<mets:file ID="f{n}" MIMETYPE="text/plain" SIZE="1"'
        ' CREATED="2025-03-31T12:00:00Z" CHECKSUM="0" CHECKSUMTYPE="SHA-256"/>'
    )
    groups = "".join(
        f'<mets:fileGrp ID="g{n}" {attributes}>{file.format(n=n)}</mets:fileGrp>'
        for n, attributes in enumerate(
            [
                'USE="Documentation"',
                'USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="citserms_v3_0"',
                'USE="Schemas" csip:CONTENTINFORMATIONTYPE="OTHER"'
                ' csip:OTHERCONTENTINFORMATIONTYPE="x"',
            ]
        )
    )
    failed = csip_rules(eark, "CSIP/fileSec", MINIMAL_METS.format(groups=groups), tmp_path)
    assert failed.count("CSIP63") == 2


def test_sip14_refuses_the_software_agent_that_csip_requires(
    eark: ModuleType, tmp_path: Path
) -> None:
    """SIP14 asks every ROLE="CREATOR" agent's note for an unqualified
    @NOTETYPE="IDENTIFICATIONCODE". CSIP10-16 require a CREATOR software agent whose
    note has csip:NOTETYPE="SOFTWARE VERSION", and METS does not allow an
    unqualified NOTETYPE on a note at all."""
    mets = MINIMAL_METS.format(groups="")
    assert csip_rules(eark, "CSIP/metsHdr", mets, tmp_path) == []
    assert csip_rules(eark, "SIP/metsHdr", mets, tmp_path) == ["SIP14"]
    unqualified = mets.replace('csip:NOTETYPE="SOFTWARE VERSION"', 'NOTETYPE="IDENTIFICATIONCODE"')

    def schema_errors(text: str) -> str:
        checker = schema("mets.xsd")
        checker.validate(etree.fromstring(text.encode()))
        return str(checker.error_log)

    assert "NOTETYPE" not in schema_errors(mets)
    assert "attribute 'NOTETYPE': The attribute 'NOTETYPE' is not allowed" in schema_errors(
        unqualified
    )


def whole_examples(eark: ModuleType, tmp_path: Path) -> dict[str, Path]:
    """The whole METS documents of CSIP 2.1's and SIP 2.1's own profiles (their
    appendices), as eark-validator 1.1.3 ships the profiles."""
    profiles = resource_files("eark_validator.ipxml.resources.profiles") / "V2.1.0"
    found = {}
    for name in ("E-ARK-CSIP.xml", "E-ARK-SIP.xml"):
        profile = etree.fromstring((profiles / name).read_bytes())
        for appendix in profile.iter("{*}Appendix"):
            mets = appendix.find("mets:mets", NS)
            key = f"{name.removesuffix('.xml')} appendix {appendix.get('NUMBER')}"
            found[key] = tmp_path / f"{key}.xml"
            found[key].write_bytes(etree.tostring(mets))
    return found


def test_the_specifications_own_examples_fail_the_same_two_rules(
    eark: ModuleType, tmp_path: Path
) -> None:
    """The evidence that CSIP63 and SIP14 cannot be passed: the whole-package
    examples in the CSIP 2.1 and SIP 2.1 profiles, shipped inside eark-validator
    itself, fail them as the package does.  CSIP 2.1 appendix 1 leaves
    Documentation and Schemas without a content information type and gives its
    representation's group SIARDDK (one CSIP63 each); every ROLE="CREATOR"
    agent's note, the mandatory software agent's first, fails SIP14."""
    examples = whole_examples(eark, tmp_path)
    path = examples["E-ARK-CSIP appendix 1"]
    mets = etree.parse(str(path))
    groups = [g.get("USE") for g in mets.iterfind(".//mets:fileGrp", NS)]
    assert groups == ["Documentation", "Schemas", "Representations/Submission/Data"]
    assert mets.find(".//mets:agent", NS).get("ROLE") == "CREATOR"
    content = csip_rules(eark, "CSIP/fileSec", path.read_text(encoding="utf-8"), tmp_path)
    assert content.count("CSIP63") == 3
    header = csip_rules(eark, "SIP/metsHdr", path.read_text(encoding="utf-8"), tmp_path)
    assert header == ["SIP14"]
    # SIP 2.1's own whole SIP: its software agent, its submitting agent
    # (ROLE="CREATOR", as SIP 2.1 shows it) and its contact person all fail SIP14.
    sip = examples["E-ARK-SIP appendix 1"].read_text(encoding="utf-8")
    assert csip_rules(eark, "SIP/metsHdr", sip, tmp_path) == ["SIP14", "SIP14", "SIP14"]


def package_files(package_dir: Path) -> dict[str, Path]:
    return {
        path.relative_to(package_dir).as_posix(): path
        for path in sorted(package_dir.rglob("*"))
        if path.is_file()
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_package_has_the_csip_folders_and_is_named_by_its_objid(package_dir: Path) -> None:
    names = package_files(package_dir)
    mets = parse(package_dir / "METS.xml").getroot()
    assert package_dir.name == mets.get("OBJID")
    assert mets.get("OBJID").startswith("uuid-")
    assert sorted(names) == [
        "METS.xml",
        "documentation/om-informationspaketet.txt",
        PREMIS,
        REP_METS,
        ERMS,
        "representations/rep1/data/ks-2025-101/bilaga-1-samrad.txt",
        "representations/rep1/data/ks-2025-101/protokollsutdrag-43.pdf",
        "representations/rep1/data/ks-2025-101/tjansteutlatande.pdf",
        "representations/rep1/data/ks-2025-102/tjansteutlatande.pdf",
        "representations/rep1/data/ks-2025-102/vardering.csv",
        *(
            f"schemas/{p.name}"
            for p in sorted(SCHEMA_DIR.iterdir())
            if p.suffix in (".xsd", ".sch")
        ),
    ]


def test_every_file_is_in_a_mets_with_its_sha256_size_and_mime_type(package_dir: Path) -> None:
    listed: dict[str, tuple[str, str, str]] = {}
    for mets_path, base in (("METS.xml", ""), (REP_METS, "representations/rep1/")):
        for node in parse(package_dir / mets_path).iterfind(".//mets:file", NS):
            href = node.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
            listed[base + href] = (node.get("CHECKSUM"), node.get("SIZE"), node.get("MIMETYPE"))
            assert node.get("CHECKSUMTYPE") == "SHA-256"
        for node in parse(package_dir / mets_path).iterfind(".//mets:mdRef", NS):
            href = node.get(f"{{{NS['xlink']}}}href")
            listed[base + href] = (node.get("CHECKSUM"), node.get("SIZE"), node.get("MIMETYPE"))
    files = package_files(package_dir)
    assert sorted(listed) == sorted(set(files) - {"METS.xml"})
    for name, (checksum, size, mimetype) in listed.items():
        assert checksum == sha256(files[name]), name
        assert size == str(files[name].stat().st_size), name
        assert mimetype, name
    assert (
        listed["representations/rep1/data/ks-2025-101/tjansteutlatande.pdf"][2] == "application/pdf"
    )
    assert listed["representations/rep1/data/ks-2025-102/vardering.csv"][2] == "text/csv"


def test_the_mets_carries_the_csip_and_sip_profile_and_agents(package_dir: Path) -> None:
    mets = parse(package_dir / "METS.xml").getroot()
    csip = f"{{{NS['csip']}}}"
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.get("TYPE") == "Datasets"
    assert mets.get(f"{csip}CONTENTINFORMATIONTYPE") == "citserms_v3_0"
    header = mets.find("mets:metsHdr", NS)
    assert header.get(f"{csip}OAISPACKAGETYPE") == "SIP"
    agents = {
        (agent.get("ROLE"), agent.get("TYPE")): [
            (note.text, note.get(f"{csip}NOTETYPE")) for note in agent.iterfind("mets:note", NS)
        ]
        for agent in header.iterfind("mets:agent", NS)
    }
    assert agents == {
        ("CREATOR", "OTHER"): [("0.1.0", "SOFTWARE VERSION")],
        ("ARCHIVIST", "ORGANIZATION"): [("ORG:2120000142", "IDENTIFICATIONCODE")],
        ("OTHER", "ORGANIZATION"): [("ORG:2120000142", "IDENTIFICATIONCODE")],
    }
    representations = mets.find(".//mets:fileGrp[@USE='Representations/rep1']", NS)
    assert representations.get(f"{csip}CONTENTINFORMATIONTYPE") == "citserms_v3_0"
    pointer = mets.find(".//mets:div[@LABEL='Representations/rep1']/mets:mptr", NS)
    assert pointer.get(f"{{{NS['xlink']}}}href") == REP_METS


def erms(package_dir: Path) -> etree._Element:
    return parse(package_dir / ERMS).getroot()


def test_one_case_file_per_diarienummer_and_one_record_per_document(package_dir: Path) -> None:
    cases = erms(package_dir).findall("erms:aggregations/erms:aggregation", NS)
    assert [
        (c.get("aggregationType"), c.findtext("erms:objectId", namespaces=NS)) for c in cases
    ] == [
        ("caseFile", "KS 2025/101"),
        ("caseFile", "KS 2025/102"),
    ]
    kinds = [[r.get("recordType") for r in c.iterfind("erms:record", NS)] for c in cases]
    assert kinds == [
        ["tjänsteutlåtande", "bilaga", "protokollsutdrag"],
        ["tjänsteutlåtande", "bilaga"],
    ]
    first = cases[0]
    assert first.find("erms:status", NS).get("value") == "closed"
    dates = {d.get("dateType"): d.text for d in first.iterfind("erms:dates/erms:date", NS)}
    assert dates == {"created": "2025-01-15T00:00:00", "decision": "2025-03-12T00:00:00"}
    action = first.find("erms:action", NS)
    assert action.findtext("erms:actionText", namespaces=NS).startswith("Kommunstyrelsen antar")
    assert action.findtext("erms:actionType", namespaces=NS) == "beslut"
    assert action.findtext("erms:agents/erms:agent/erms:name", namespaces=NS) == "Kommunstyrelsen"
    # Without an opening date, the case's earliest document stands in.
    second = {d.get("dateType"): d.text for d in cases[1].iterfind("erms:dates/erms:date", NS)}
    assert second["created"] == "2025-02-01T00:00:00"


def test_records_name_their_people_dates_and_files(package_dir: Path) -> None:
    memo, _, extract = erms(package_dir).find("erms:aggregations/erms:aggregation", NS)[-3:]
    agents = [
        (
            a.get("agentType"),
            a.findtext("erms:name", namespaces=NS),
            a.findtext("erms:role", namespaces=NS),
        )
        for a in memo.iterfind("erms:agents/erms:agent", NS)
    ]
    assert agents == [
        ("responsible_person", "Anna Andersson", "Planarkitekt"),
        ("main_signatory", "Bo Berg", "Kommundirektör"),
        ("other_signatory", "Anna Andersson", "Planarkitekt"),
    ]
    dates = {d.get("dateType"): d.text for d in extract.iterfind("erms:dates/erms:date", NS)}
    assert dates == {"created": "2025-03-12T00:00:00", "decision": "2025-03-12T00:00:00"}
    appendix = extract.find("erms:additionalInformation/erms:appendix", NS)
    assert appendix.get("name") == "Protokollsutdrag § 43.pdf"
    assert appendix.get("fileFormat") == "PDF/A-2b"
    # The path is read from erms.xml, and leads to the file that was given.
    target = (package_dir / ERMS).parent / appendix.get("path")
    assert sha256(target) == sha256(DATA / "protokollsutdrag-ks-2025-101.pdf")


def test_a_secret_appendix_has_its_restriction_and_a_public_title(package_dir: Path) -> None:
    secret = erms(package_dir).findall("erms:aggregations/erms:aggregation", NS)[1][-1]
    assert secret.findtext("erms:title", namespaces=NS).startswith("Värdering av Ekbacken")
    other = secret.find("erms:otherTitle", NS)
    assert (other.get("titleType"), other.text) == ("offentlig_titel", "Värdering")
    restriction = secret.find("erms:restriction", NS)
    assert restriction.get("restrictionType") == "confidential"
    assert restriction.findtext("erms:regulation", namespaces=NS) == "OSL 19 kap. 1 §"
    assert restriction.findtext("erms:explanatoryText", namespaces=NS).startswith("Fastighetens")
    # The secret title goes nowhere but the ERMS file.
    for name, path in package_files(package_dir).items():
        if name != ERMS and path.suffix in (".xml", ".txt"):
            assert "Nils Nilsson" not in path.read_text(encoding="utf-8"), name


def test_the_control_names_the_record_creator_the_package_and_its_making(package_dir: Path) -> None:
    control = erms(package_dir).find("erms:control", NS)
    identifications = {
        i.get("identificationType"): i.text for i in control.iterfind("erms:identification", NS)
    }
    assert identifications == {
        "informationspaket": package_dir.name,
        "arkivbildare": "Nykvarns kommun",
        "organisationsnummer": "212000-0142",
        "kommunkod": "0140",
    }
    agency = control.find("erms:maintenanceInformation/erms:maintenanceAgency", NS)
    assert agency.findtext("erms:agencyName", namespaces=NS) == "Nykvarns kommun"
    event = control.find(".//erms:maintenanceEvent", NS)
    assert event.findtext("erms:eventDateTime", namespaces=NS) == "2025-03-31T12:00:00+00:00"
    assert event.findtext("erms:agent/erms:name", namespaces=NS) == "sphinx-kommun 0.1.0"


def test_premis_has_an_object_per_preserved_file_the_creation_and_its_agents(
    package_dir: Path,
) -> None:
    premis = parse(package_dir / PREMIS).getroot()
    files = package_files(package_dir)
    objects = {
        o.findtext(
            "premis:storage/premis:contentLocation/premis:contentLocationValue", namespaces=NS
        ): o
        for o in premis.iterfind("premis:object", NS)
    }
    preserved = [n for n in files if n.startswith("representations/rep1/data/")]
    assert sorted(objects) == sorted([*preserved, "documentation/om-informationspaketet.txt"])
    for name, node in objects.items():
        characteristics = node.find("premis:objectCharacteristics", NS)
        assert (
            characteristics.findtext("premis:fixity/premis:messageDigestAlgorithm", namespaces=NS)
            == "SHA-256"
        )
        assert characteristics.findtext(
            "premis:fixity/premis:messageDigest", namespaces=NS
        ) == sha256(files[name])
        assert characteristics.findtext("premis:size", namespaces=NS) == str(
            files[name].stat().st_size
        )
    memo = objects["representations/rep1/data/ks-2025-101/tjansteutlatande.pdf"]
    assert memo.findtext("premis:originalName", namespaces=NS) == "Tjänsteutlåtande.pdf"
    assert memo.findtext(".//premis:formatRegistryKey", namespaces=NS) == "fmt/477"
    event = premis.find("premis:event", NS)
    assert event.findtext("premis:eventType", namespaces=NS) == "creation"
    assert event.findtext("premis:eventDateTime", namespaces=NS) == "2025-03-31T12:00:00+00:00"
    assert len(event.findall("premis:linkingObjectIdentifier", NS)) == len(objects)
    agents = [
        (
            a.findtext("premis:agentType", namespaces=NS),
            a.findtext("premis:agentName", namespaces=NS),
            a.findtext("premis:agentVersion", namespaces=NS),
        )
        for a in premis.iterfind("premis:agent", NS)
    ]
    assert agents == [
        ("software", "sphinx-kommun", "0.1.0"),
        ("organization", "Nykvarns kommun", None),
    ]


def test_the_schemas_folder_holds_every_schema_the_xml_names(package_dir: Path) -> None:
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    for name in ("METS.xml", REP_METS, PREMIS, ERMS):
        document = package_dir / name
        locations = parse(document).getroot().get(xsi).split()[1::2]
        for location in locations:
            assert (document.parent / location).resolve().is_file(), (name, location)
    sources = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    for vendored in SCHEMA_DIR.iterdir():
        if vendored.suffix in (".xsd", ".sch"):
            assert f"`{vendored.name}`" in sources


def test_the_documentation_says_in_swedish_what_the_package_holds(package_dir: Path) -> None:
    text = (package_dir / "documentation/om-informationspaketet.txt").read_text(encoding="utf-8")
    assert "Arkivbildare: Nykvarns kommun (organisationsnummer 212000-0142" in text
    assert "- KS 2025/101: Detaljplan för kvarteret Eken (3 handlingar" in text
    assert "FGS Ärendehantering 2.0" in text
    assert "offentlig_titel" in text
    assert refusal(package_dir / "documentation/om-informationspaketet.txt") is None


def tree(root: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in package_files(root).items()}


def test_two_writes_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    first = write_package(make_package(), tmp_path / "a")
    # Written again from copies elsewhere: where the files lie does not matter.
    copies = tmp_path / "copies"
    copies.mkdir()
    for source in DATA.glob("*.*"):
        (copies / source.name).write_bytes(source.read_bytes())
    second = write_package(make_package(copies), tmp_path / "b")
    assert first.name == second.name
    assert tree(first) == tree(second)
    created = make_package().created
    for form in ("zip", "tar"):
        one, two = pack(first, created, form), pack(second, created, form)
        assert one.read_bytes() == two.read_bytes(), form
    # Writing into the same place again replaces the folder with the same bytes.
    again = write_package(make_package(), tmp_path / "a")
    assert tree(again) == tree(first)


def test_a_zip_and_a_tar_unpack_to_the_package_folder(tmp_path: Path) -> None:
    folder = write_package(make_package(), tmp_path)
    created = make_package().created
    with zipfile.ZipFile(pack(folder, created, "zip")) as archive:
        archive.extractall(tmp_path / "unzipped")
        assert {i.date_time for i in archive.infolist()} == {(2025, 3, 31, 12, 0, 0)}
    with tarfile.open(pack(folder, created, "tar")) as archive:
        archive.extractall(tmp_path / "untarred", filter="data")
        assert {m.mtime for m in archive.getmembers()} == {int(SOURCE_DATE_EPOCH)}
    for unpacked in ("unzipped", "untarred"):
        assert [p.name for p in (tmp_path / unpacked).iterdir()] == [folder.name]
        assert tree(tmp_path / unpacked / folder.name) == tree(folder)


def test_different_content_gives_a_different_package_id(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    for source in DATA.glob("*.*"):
        (copies / source.name).write_bytes(source.read_bytes())
    (copies / "bilaga-1-samradsredogorelse.txt").write_text("Ändrad.\n", encoding="utf-8")
    assert (
        write_package(make_package(copies), tmp_path).name
        != write_package(make_package(), tmp_path).name
    )


def test_file_names_are_made_portable_and_unique_within_a_case(tmp_path: Path) -> None:
    memo = DATA / "tjansteutlatande-ks-2025-101.pdf"
    record = Record(
        "Två bilagor med samma namn",
        RecordType.BILAGA,
        dt.date(2025, 1, 2),
        (RecordFile(memo, "Karta Ö.pdf"), RecordFile(memo, "karta-o.pdf")),
    )
    package = Package(
        "Test",
        NYKVARN,
        dt.datetime(2025, 1, 3, tzinfo=dt.UTC),
        (Case("SBN 2025/7", "Bygglov", Status.OPEN, (record,)),),
    )
    folder = write_package(package, tmp_path)
    appendices = erms(folder).findall(".//erms:appendix", NS)
    assert [(a.get("name"), a.get("path")) for a in appendices] == [
        ("Karta Ö.pdf", "sbn-2025-7/karta-o.pdf"),
        ("karta-o.pdf", "sbn-2025-7/karta-o-2.pdf"),
    ]


def test_a_refused_file_the_builder_keeps_is_still_described(tmp_path: Path) -> None:
    docx = write(tmp_path / "Bilaga.docx", b"PK\x03\x04" + bytes(20))
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert describe(docx) == FileFormat("Microsoft Word", word)
    record = Record(
        "Bilaga i Word", RecordType.BILAGA, dt.date(2025, 1, 2), (RecordFile(docx, "Bilaga.docx"),)
    )
    package = Package(
        "Test",
        NYKVARN,
        dt.datetime(2025, 1, 3, tzinfo=dt.UTC),
        (Case("KS 2025/9", "Remiss", Status.OPEN, (record,)),),
    )
    folder = write_package(package, tmp_path / "out")
    files = parse(folder / REP_METS).findall(".//mets:file", NS)
    assert [f.get("MIMETYPE") for f in files] == ["application/xml", word]
    assert schema("mets.xsd").validate(parse(folder / REP_METS))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Case("", "Utan diarienummer", Status.OPEN, ()), "diarienummer"),
        (lambda: Record("Utan fil", RecordType.BILAGA, dt.date(2025, 1, 1), ()), "no file"),
        (lambda: Restriction(""), "provision"),
        (
            lambda: Package(
                "Test", NYKVARN, dt.datetime(2025, 1, 1), (Case("KS 1", "T", Status.OPEN, ()),)
            ),
            "time zone",
        ),
        (
            lambda: Package(
                "Test",
                NYKVARN,
                dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                (Case("KS 1", "T", Status.OPEN, ()), Case("KS 1", "U", Status.OPEN, ())),
            ),
            "two cases",
        ),
    ],
)
def test_what_cannot_be_archived_fails_where_it_is_made(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_a_missing_file_stops_the_writer(tmp_path: Path) -> None:
    record = Record(
        "Borta",
        RecordType.BILAGA,
        dt.date(2025, 1, 1),
        (RecordFile(tmp_path / "borta.pdf", "borta.pdf"),),
    )
    package = Package(
        "Test",
        NYKVARN,
        dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        (Case("KS 1", "T", Status.OPEN, (record,)),),
    )
    with pytest.raises(FileNotFoundError):
        write_package(package, tmp_path / "out")


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def pdf_variant(tmp_path: Path, name: str, change: str) -> Path:
    """The memo's PDF/A-2b file, changed by pikepdf."""
    target = tmp_path / name
    with pikepdf.open(DATA / "tjansteutlatande-ks-2025-101.pdf") as pdf:
        if change == "part 3":
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["pdfaid:part"] = "3"
            pdf.save(target)
        elif change == "no xmp":
            del pdf.Root.Metadata
            pdf.save(target)
        else:
            pdf.save(target, encryption=pikepdf.Encryption(owner="hemligt", user=""))
    return target


def test_accepted_formats_pass_the_judge(tmp_path: Path) -> None:
    assert refusal(DATA / "tjansteutlatande-ks-2025-101.pdf") is None
    assert refusal(DATA / "bilaga-1-samradsredogorelse.txt") is None
    assert refusal(DATA / "bilaga-1-vardering.csv") is None
    latin = write(tmp_path / "latin.txt", "Bilaga: Värdering".encode("latin-1"))
    assert refusal(latin) is None
    assert refusal(write(tmp_path / "a.xml", b"<?xml version='1.0'?><a>\xc3\xa5</a>")) is None
    assert refusal(write(tmp_path / "a.tif", b"II*\x00\x08\x00\x00\x00" + bytes(8))) is None
    jpeg = write(tmp_path / "a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02" + bytes(8))
    assert refusal(jpeg) is None
    assert describe(jpeg) == FileFormat(
        "JPEG File Interchange Format", "image/jpeg", "1.02", "fmt/44"
    )
    assert describe(DATA / "tjansteutlatande-ks-2025-101.pdf") == FileFormat(
        "PDF/A", "application/pdf", "2b", "fmt/477"
    )


def test_the_judge_gives_a_reason_for_what_the_archive_refuses(tmp_path: Path) -> None:
    docx = write(tmp_path / "Bilaga.docx", b"PK\x03\x04" + bytes(20))
    assert refusal(docx) == f"the archive does not accept .docx files ({accepted_formats()})"
    assert "PDF/A-1 or PDF/A-2 (.pdf)" in accepted_formats()
    assert str(refusal(write(tmp_path / "noext", b"text"))).startswith(
        "the archive does not accept files without"
    )
    assert refusal(pdf_variant(tmp_path, "plain.pdf", "no xmp")) == (
        "a PDF that does not claim PDF/A in its XMP metadata (pdfaid:part)"
    )
    assert refusal(pdf_variant(tmp_path, "a3.pdf", "part 3")) == (
        "a PDF/A-3 file, which may embed files of any format"
    )
    assert refusal(pdf_variant(tmp_path, "locked.pdf", "encrypted")) == (
        "an encrypted PDF, which PDF/A does not allow"
    )
    png_as_pdf = write(tmp_path / "karta.pdf", b"\x89PNG\r\n\x1a\n" + bytes(8))
    assert refusal(png_as_pdf) == "the name says PDF but the content is Portable Network Graphics"
    tiff_as_jpeg = write(tmp_path / "foto.jpg", b"MM\x00*" + bytes(8))
    assert refusal(tiff_as_jpeg) == "the name says JPEG but the content is Tagged Image File Format"
    assert str(refusal(write(tmp_path / "trasig.xml", b"<a><b></a>"))).startswith(
        "not well-formed XML"
    )
    binary = write(tmp_path / "data.txt", bytes(range(32)))
    assert refusal(binary) == "not plain text in UTF-8 or ISO 8859-1"
    # A name other than the file's own is what the judge reads.
    assert refusal(DATA / "bilaga-1-samradsredogorelse.txt", "Bilaga.docx") is not None


def test_the_accepted_formats_are_listed_once_with_their_extensions() -> None:
    extensions = [e for f in ACCEPTED_FORMATS for e in f.extensions]
    assert sorted(extensions) == [".csv", ".jpeg", ".jpg", ".pdf", ".tif", ".tiff", ".txt", ".xml"]


def test_the_writer_imports_nothing_of_sphinx_or_docutils() -> None:
    """The builder fills the data classes; the writer stands alone below it."""
    package = Path(__file__).parent.parent / "sphinx_kommun" / "archive"
    for module in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "sphinx_kommun":
                    assert name == "sphinx_kommun.version" or name.startswith(
                        "sphinx_kommun.archive"
                    ), (module.name, name)
                else:
                    assert top in sys.stdlib_module_names or top == "__future__", (
                        module.name,
                        name,
                    )
