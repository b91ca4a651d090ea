"""The package's own description, in Swedish, for whoever opens it in fifty years.

It says what the package holds, how it is laid out, which locally agreed values
the ERMS file uses (CITS ERMS asks for them to be documented), and how it was
made. Where a case or document has a public title, that is the one shown here.
"""

from __future__ import annotations

from sphinx_kommun.archive.erms import PUBLIC_TITLE
from sphinx_kommun.archive.layout import DATA, ERMS_FILE, REPRESENTATION, PlacedCase
from sphinx_kommun.archive.model import Package, RecordType
from sphinx_kommun.archive.premis import PATH as PREMIS_PATH

PATH = "documentation/om-informationspaketet.txt"


def documentation_text(package: Package, objid: str, cases: tuple[PlacedCase, ...]) -> str:
    creator = package.record_creator
    software = package.software
    numbers = ", ".join(
        part
        for part in (
            creator.organisationsnummer and f"organisationsnummer {creator.organisationsnummer}",
            creator.kommunkod and f"kommunkod {creator.kommunkod}",
        )
        if part
    )
    lines = [
        "Om informationspaketet",
        "======================",
        "",
        f"Paket: {objid}",
        f"Innehåll: {package.label}",
        f"Arkivbildare: {creator.name}" + (f" ({numbers})" if numbers else ""),
        f"Levereras av: {package.submitter.name}",
        f"Skapat: {package.created.isoformat(timespec='seconds')}",
        f"Skapat med: {software.name} {software.version}",
        "",
        "Paketet följer FGS Paketstruktur 2.0 (E-ARK CSIP 2.1 och E-ARK SIP 2.1) och",
        "beskriver ärendena enligt FGS Ärendehantering 2.0 (CITS ERMS 3.0).",
        "",
        "Ärenden",
        "-------",
        "",
    ]
    for placed in cases:
        case = placed.case
        count = len(placed.records)
        lines.append(
            f"- {case.dnr}: {case.public_title or case.title} "
            f"({count} {'handling' if count == 1 else 'handlingar'}, mapp {placed.folder})"
        )
    lines += [
        "",
        "Struktur",
        "--------",
        "",
        "METS.xml",
        "    Paketets METS: vem som skapat och levererar det, dokumentationen, schemana",
        "    och representationens METS, med kontrollsumma (SHA-256) för varje fil.",
        PREMIS_PATH,
        "    Bevarandemetadata (PREMIS 3): ett objekt per bevarad fil med kontrollsumma,",
        "    storlek och format, och händelsen då paketet skapades.",
        f"representations/{REPRESENTATION}/METS.xml",
        "    Representationens METS: dess datafiler med kontrollsumma och MIME-typ.",
        f"{DATA}/{ERMS_FILE}",
        "    Ärendebeskrivningen enligt CITS ERMS 3.0: ett ärende (aggregation av typen",
        "    caseFile, objectId = diarienumret) per diarienummer och en handling (record)",
        "    per dokument: tjänsteutlåtandet, varje bilaga och protokollsutdraget.",
        f"{DATA}/<ärendemapp>/",
        "    Handlingarnas filer. Filnamnen är skrivna med a-z, 0-9, punkt och bindestreck;",
        "    det ursprungliga namnet står i ERMS (appendix/@name) och PREMIS (originalName).",
        "schemas/",
        "    XML-scheman för METS, XLink, CSIP-tillägget, PREMIS 3 och CITS ERMS 3.0, och",
        "    CITS ERMS Schematron-regler.",
        "documentation/",
        "    Den här texten.",
        "",
        "Lokalt överenskomna värden i ERMS-filen",
        "---------------------------------------",
        "",
        "control/identification/@identificationType:",
        "    informationspaket (paketets id), arkivbildare, organisationsnummer, kommunkod.",
        "record/@recordType: " + ", ".join(str(kind) for kind in RecordType) + ".",
        f'otherTitle[@titleType="{PUBLIC_TITLE}"]:',
        "    titeln som får visas där den egentliga titeln (title) omfattas av sekretess.",
        'restriction[@restrictionType="confidential"]:',
        "    sekretess; regulation anger bestämmelsen (till exempel OSL 26 kap. 1 §).",
        'action/actionType "beslut": ärendets beslut enligt protokollet; "förslag till',
        '    beslut": tjänsteutlåtandets förslag, där paketet inte har något protokollsutdrag',
        "    som visar vad som beslutades. Beslutsinstansen är en agent av typen other med",
        '    otherAgentType "beslutsinstans".',
        "additionalInformation/appendix/@path:",
        f"    sökvägen till filen räknad från {ERMS_FILE}.",
        "Datum utan klockslag skrivs som midnatt utan tidszon.",
        "",
        "Hur paketet skapades",
        "--------------------",
        "",
        f"Paketet skrevs av {software.name} {software.version} ur kommunens",
        "tjänsteutlåtanden och protokoll. Alla identifierare är UUID version 5 som",
        "härleds ur innehållet, och alla tidpunkter i paketets egna metadata är",
        "tidpunkten då det skapades, så samma indata ger samma paket byte för byte.",
    ]
    return "\n".join(lines) + "\n"
