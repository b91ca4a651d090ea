"""``kommunarkiv`` and ``sphinx-kommun arkivera``: the memos in the municipality's e-archive.

Each package is judged as a receiving e-archive judges it (:mod:`tests.archivecheck`:
the schemas, the CITS ERMS Schematron, eark-validator), and every PDF in it by
the PDF/A and PDF/UA validators (``tests/conftest.py``).  The roots:

* the example project: a Huddinge memo and a Botkyrka memo, so two packages;
* ``test-archive-case``: Nykvarn's KS 2025/101 with two memos and three
  appendices (text and PDF/A), KS 2025/102 with a secret appendix and
  KS 2025/103 secret as a whole;
* ``test-archive-bad``: a memo without a dnr, one whose date does not exist,
  and appendices in Word and in a PDF that is not PDF/A.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from sphinx_kommun.archive import packages_in
from sphinx_kommun.builders.archive import ArchiveError
from tests.archivecheck import (
    ERMS,
    NS,
    PREMIS,
    REP_METS,
    assert_conformant,
    eark_validator,
    parse,
)
from tests.conftest import ROOTS, kommun_warnings

# 2025-03-31 12:00 UTC.
SOURCE_DATE_EPOCH = "1743422400"


@pytest.fixture(scope="module")
def eark() -> Iterator[ModuleType]:
    with eark_validator() as packages:
        yield packages


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def package_of(app) -> Path:
    (folder,) = packages_in(Path(app.outdir))
    return folder


def erms(folder: Path) -> etree._Element:
    return parse(folder / ERMS).getroot()


def cases(folder: Path) -> dict[str, etree._Element]:
    return {
        case.findtext("erms:objectId", namespaces=NS): case
        for case in erms(folder).iterfind("erms:aggregations/erms:aggregation", NS)
    }


def records(case: etree._Element) -> list[tuple[str, str, str]]:
    """Each record of a case: its type, title and file's path in erms.xml."""
    return [
        (
            record.get("recordType"),
            record.findtext("erms:title", namespaces=NS),
            record.find("erms:additionalInformation/erms:appendix", NS).get("path"),
        )
        for record in case.iterfind("erms:record", NS)
    ]


def mets_files(folder: Path) -> dict[str, tuple[str, str]]:
    """Every file the representation's METS lists: its checksum and MIME type."""
    found = {}
    for node in parse(folder / REP_METS).iterfind(".//mets:file", NS):
        href = node.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
        assert node.get("CHECKSUMTYPE") == "SHA-256"
        found[href] = (node.get("CHECKSUM"), node.get("MIMETYPE"))
    return found


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- the example project ---------------------------------------------------------------


def test_the_example_gives_one_package_per_municipality_that_passes_the_archives_checks(
    build, eark: ModuleType, reproducible: None
) -> None:
    app = build("example", "kommunarkiv", kommun_publicering="intern")
    assert kommun_warnings(app) == []
    folders = packages_in(Path(app.outdir))
    creators = {}
    for folder in folders:
        assert_conformant(eark, folder)
        control = erms(folder).find("erms:control", NS)
        ids = {
            i.get("identificationType"): i.text for i in control.iterfind("erms:identification", NS)
        }
        creators[ids["arkivbildare"]] = (folder, ids)
    assert sorted(creators) == ["Botkyrka kommun", "Huddinge kommun"]
    folder, ids = creators["Huddinge kommun"]
    assert ids["organisationsnummer"] == "212000-0068"
    assert ids["kommunkod"] == "0126"
    (case,) = cases(folder).values()
    assert case.findtext("erms:objectId", namespaces=NS) == "KS-2019/1097"
    assert case.get("aggregationType") == "caseFile"
    assert records(case) == [
        (
            "tjänsteutlåtande",
            "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035 – beslut om antagande",
            "ks-2019-1097/tjansteutlatande-2019-06-26.pdf",
        ),
        # The meeting that decided it: the utdrag of its §, and the case is closed.
        (
            "protokollsutdrag",
            "Utdrag ur protokoll § 120, Kommunstyrelsens sammanträde 21 augusti 2019",
            "ks-2019-1097/utdrag-ur-protokoll-2019-08-21-120.pdf",
        ),
    ]
    assert case.find("erms:status", NS).get("value") == "closed"
    # The memo's PDF is the one the build printed, listed with its SHA-256.
    printed = Path(app.builder.get_output_path("memon/huddinge-utvecklingsprogram-2035"))
    data = folder / "representations/rep1/data/ks-2019-1097/tjansteutlatande-2019-06-26.pdf"
    assert data.read_bytes() == printed.read_bytes()
    assert mets_files(folder)["data/ks-2019-1097/tjansteutlatande-2019-06-26.pdf"] == (
        sha256(data),
        "application/pdf",
    )
    memo = case.find("erms:record", NS)
    agents = [
        (a.get("agentType"), a.findtext("erms:name", namespaces=NS))
        for a in memo.iterfind("erms:agents/erms:agent", NS)
    ]
    assert agents == [
        ("responsible_person", "Maria Strandberg"),
        ("main_signatory", "Camilla Broo"),
        ("other_signatory", "Helené Hill"),
        ("other_signatory", "Maria Strandberg"),
    ]
    action = case.find("erms:action", NS)
    utdrag = case.findall("erms:record", NS)[1]
    assert [
        (a.get("agentType"), a.findtext("erms:name", namespaces=NS))
        for a in utdrag.iterfind("erms:agents/erms:agent", NS)
    ] == [("main_signatory", "Anna Andersson"), ("other_signatory", "Bertil Berg")]
    assert [
        (d.get("dateType"), d.text[:10]) for d in utdrag.iterfind("erms:dates/erms:date", NS)
    ] == [
        ("created", "2019-08-26"),  # the day of justering
        ("decision", "2019-08-21"),  # the meeting's
    ]
    # Decided at the meeting (§ 120 of 21 August 2019) as the memo proposed.
    assert action.findtext("erms:actionType", namespaces=NS) == "beslut"
    assert action.findtext("erms:actionText", namespaces=NS).startswith(
        "Kommunstyrelsens beslut\nFörslag till Södertörns utvecklingsprogram 2035"
    )


def test_the_public_edition_is_not_archived(build) -> None:
    with pytest.raises(ArchiveError, match="-D kommun_publicering=intern"):
        build("archive-case", "kommunarkiv", kommun_publicering="offentlig")


# -- a municipality's cases ------------------------------------------------------------


@pytest.fixture
def case_package(build, reproducible: None):
    app = build("archive-case", "kommunarkiv")
    return app, package_of(app)


def test_a_case_holds_its_memos_and_appendices_and_passes_the_archives_checks(
    case_package, eark: ModuleType
) -> None:
    app, folder = case_package
    assert kommun_warnings(app) == []
    assert_conformant(eark, folder)
    found = cases(folder)
    # By opening date: the case's first memo.
    assert list(found) == ["KS 2025/101", "KS 2025/103", "KS 2025/102"]
    assert records(found["KS 2025/101"]) == [
        (
            "tjänsteutlåtande",
            "Detaljplan för kvarteret Eken – samråd",
            "ks-2025-101/tjansteutlatande-2025-01-20.pdf",
        ),
        ("bilaga", "Samrådshandling", "ks-2025-101/samradshandling.txt"),
        (
            "tjänsteutlåtande",
            "Detaljplan för kvarteret Eken – antagande",
            "ks-2025-101/tjansteutlatande-2025-03-03.pdf",
        ),
        ("bilaga", "Plankarta", "ks-2025-101/plankarta.pdf"),
        ("bilaga", "Samrådsredogörelse", "ks-2025-101/samradsredogorelse.txt"),
    ]
    first = found["KS 2025/101"]
    assert first.findtext("erms:title", namespaces=NS) == "Detaljplan för kvarteret Eken – samråd"
    dates = {d.get("dateType"): d.text for d in first.iterfind("erms:dates/erms:date", NS)}
    assert dates == {"created": "2025-01-20T00:00:00"}
    # The case's action is the latest memo's proposal, numbered as on its page.
    assert first.findtext("erms:action/erms:actionText", namespaces=NS) == (
        "Kommunstyrelsens beslut\n"
        "1. Detaljplanen för kvarteret Eken antas.\n"
        "2. Samrådsredogörelsen godkänns."
    )
    # Every file of every document, with its SHA-256 and MIME type.
    data = folder / "representations/rep1/data"
    listed = mets_files(folder)
    documents = sorted(p for p in data.rglob("*") if p.is_file())
    assert sorted(listed) == sorted(f"data/{p.relative_to(data).as_posix()}" for p in documents)
    for path in documents:
        checksum, _mimetype = listed[f"data/{path.relative_to(data).as_posix()}"]
        assert checksum == sha256(path)
    sources = app.srcdir / "bilagor"
    assert (data / "ks-2025-101/plankarta.pdf").read_bytes() == (
        sources / "plankarta.pdf"
    ).read_bytes()
    assert listed["data/ks-2025-101/plankarta.pdf"][1] == "application/pdf"
    assert listed["data/ks-2025-102/bilaga-1.csv"][1] == "text/csv"
    premis = parse(folder / PREMIS).getroot()
    assert len(premis.findall("premis:object", NS)) == len(documents) + 1  # + the documentation


def test_secret_parts_are_archived_with_their_restriction_and_a_public_title(
    case_package,
) -> None:
    _app, folder = case_package
    found = cases(folder)
    appendix = found["KS 2025/102"].findall("erms:record", NS)[-1]
    assert appendix.findtext("erms:title", namespaces=NS) == "Värdering av Ekbacken 1:4 inför köpet"
    other = appendix.find("erms:otherTitle", NS)
    assert (other.get("titleType"), other.text) == ("offentlig_titel", "Sekretessbelagd bilaga")
    restriction = appendix.find("erms:restriction", NS)
    assert restriction.get("restrictionType") == "confidential"
    assert restriction.findtext("erms:regulation", namespaces=NS) == "OSL 19 kap. 1 §"
    assert restriction.findtext("erms:explanatoryText", namespaces=NS) == (
        "Sekretess enligt OSL 19 kap. 1 §, 27 februari 2025, Kommunförvaltningen"
    )
    # The case itself is public: only the appendix is secret.
    assert found["KS 2025/102"].find("erms:restriction", NS) is None
    # A memo secret as a whole: the case, the memo and its appendix.
    secret = found["KS 2025/103"]
    assert (
        secret.findtext("erms:title", namespaces=NS) == "Placering av skyddat boende på Granvägen"
    )
    assert secret.findtext("erms:otherTitle", namespaces=NS) == "Sekretessbelagt ärende"
    memo, attached = secret.findall("erms:record", NS)
    assert memo.findtext("erms:otherTitle", namespaces=NS) == "Sekretessbelagt ärende"
    assert attached.findtext("erms:otherTitle", namespaces=NS) == "Sekretessbelagd bilaga"
    for node in (secret, memo, attached):
        assert node.findtext("erms:restriction/erms:regulation", namespaces=NS) == (
            "OSL 26 kap. 1 §"
        )
    # The archive holds the internal edition: the secret files are there, whole.
    data = folder / "representations/rep1/data"
    assert (
        (data / "ks-2025-103/bilaga-1.txt")
        .read_text(encoding="utf-8")
        .startswith("Hyresavtal för Granvägen 3.")
    )
    # What is secret is said in the ERMS file alone: not in a file name, METS,
    # PREMIS or the documentation.
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".xml", ".txt") and path.name != "erms.xml":
            text = path.read_text(encoding="utf-8")
            if path.parent.parent == data:
                continue  # the documents themselves
            for secret_word in ("Granvägen", "skyddat", "hyresavtal", "Värdering av"):
                assert secret_word not in text, (path, secret_word)
    names = [p.name for p in data.rglob("*")]
    assert not [n for n in names if "skyddat" in n or "hyresavtal" in n or "vardering" in n]


def test_two_builds_with_source_date_epoch_give_byte_identical_packages(
    build, reproducible: None
) -> None:
    settings = {"kommun_arkiv_packa": "zip", "kommun_arkiv_overenskommelse": "KS 2024/77"}
    first = package_of(build("archive-case", "kommunarkiv", **settings))
    second = package_of(build("archive-case", "kommunarkiv", **settings))
    assert first.parent != second.parent
    assert first.name == second.name
    assert tree(first) == tree(second)
    zipped = first.with_name(f"{first.name}.zip")
    assert zipped.read_bytes() == second.with_name(f"{second.name}.zip").read_bytes()
    # The leveransöverenskommelse the package is delivered under.
    agreement = parse(first / "METS.xml").find(".//mets:altRecordID", NS)
    assert (agreement.get("TYPE"), agreement.text) == ("SUBMISSIONAGREEMENT", "KS 2024/77")


def test_a_period_holds_the_memos_dated_in_it_and_replaces_the_last_package(
    make_app, tmp_path: Path, reproducible: None
) -> None:
    srcdir = tmp_path / "arkiv"
    shutil.copytree(ROOTS / "test-archive-case", srcdir)
    whole = make_app("kommunarkiv", srcdir=srcdir, confoverrides={"kommun_arkiv_packa": "tar"})
    whole.build()
    before = package_of(whole)
    assert before.with_name(f"{before.name}.tar").is_file()
    february = {"kommun_arkiv_fran": "2025-02-01", "kommun_arkiv_tom": "2025-02-28"}
    app = make_app("kommunarkiv", srcdir=srcdir, confoverrides=february)
    app.build()
    after = package_of(app)
    assert list(cases(after)) == ["KS 2025/103", "KS 2025/102"]
    # The package of the whole project, and its tar, are gone.
    assert not before.exists()
    assert sorted(p.name for p in Path(app.outdir).iterdir() if not p.name.startswith(".")) == [
        after.name
    ]


def test_a_period_no_memo_lies_in_is_a_warning_and_no_package(build) -> None:
    app = build("archive-case", "kommunarkiv", kommun_arkiv_fran="2026-01-01")
    assert packages_in(Path(app.outdir)) == []
    (warning,) = kommun_warnings(app)
    assert "inget tjänsteutlåtande daterat 2026-01-01 – … kan arkiveras; inget paket" in warning
    assert "[kommun.arkiv]" in warning


def test_a_period_that_is_no_date_is_a_warning_at_conf_py(build) -> None:
    app = build("archive-case", "kommunarkiv", kommun_arkiv_tom="31 mars")
    (warning,) = kommun_warnings(app)
    assert (
        "conf.py:1: WARNING: kommun_arkiv_tom = '31 mars' är inget datum skrivet ÅÅÅÅ-MM-DD"
    ) in warning
    assert len(cases(package_of(app))) == 3


# -- what cannot be archived -----------------------------------------------------------


def test_what_cannot_be_archived_is_a_located_warning_and_the_rest_is_packaged(
    build, eark: ModuleType
) -> None:
    app = build("archive-bad", "kommunarkiv")
    src = app.srcdir / "memon"
    archive_warnings = [w for w in kommun_warnings(app) if "[kommun.arkiv]" in w]
    # The archive writer's own words of a format stay English (it imports nothing
    # of the package, its catalog included).
    formats = "PDF/A-1 or PDF/A-2 (.pdf), plain text in UTF-8 or ISO 8859-1 (.txt)"
    expected = [
        f"{src / 'fel-datum.rst'}:1: WARNING: kommunarkiv: tjänsteutlåtandet kan inte "
        "arkiveras utan ett riktigt datum (`:datum:` '2025-02-30'); det utelämnas ur "
        "arkivpaketet",
        f"{src / 'utan-dnr.rst'}:1: WARNING: kommunarkiv: tjänsteutlåtandet kan inte "
        "arkiveras utan ett diarienummer (`:dnr:`); det utelämnas ur arkivpaketet",
        f"{src / 'bilagor.rst'}:27: WARNING: `.. bilaga::` 1: '../bilagor/rapport.docx' kan "
        f"inte arkiveras: the archive does not accept .docx files ({formats}",
        f"{src / 'bilagor.rst'}:30: WARNING: `.. bilaga::` 2: '../bilagor/karta.pdf' kan inte "
        "arkiveras: a PDF that does not claim PDF/A in its XMP metadata (pdfaid:part); "
        f"arkivet tar emot {formats}",
    ]
    assert len(archive_warnings) == len(expected)
    for warning, start in zip(archive_warnings, expected, strict=True):
        assert warning.startswith(start), warning
        assert warning.endswith("utelämnas ur arkivpaketet [kommun.arkiv]"), warning
    folder = package_of(app)
    assert_conformant(eark, folder)
    (case,) = cases(folder).values()
    assert records(case) == [
        (
            "tjänsteutlåtande",
            "Ärende med bilagor i fel format",
            "ks-2025-202/tjansteutlatande-2025-02-05.pdf",
        ),
        ("bilaga", "Sammanställning", "ks-2025-202/sammanstallning.txt"),
    ]


def test_an_appendix_that_became_a_link_out_of_the_project_is_left_out(
    make_app, tmp_path: Path
) -> None:
    """The appendix's file is checked again when the package is made: its memo
    is not read again when the file is replaced by a link dated before it."""
    srcdir = tmp_path / "arkiv"
    shutil.copytree(ROOTS / "test-archive-case", srcdir)
    make_app("kommunarkiv", srcdir=srcdir).build()
    outside = tmp_path / "utanfor.txt"
    outside.write_text("Utanför projektet.\n", encoding="utf-8")
    os.utime(outside, (0, 0))
    appendix = srcdir / "bilagor" / "samradshandling.txt"
    appendix.unlink()
    appendix.symlink_to(outside)
    app = make_app("kommunarkiv", srcdir=srcdir)
    app.build()
    (warning,) = [w for w in kommun_warnings(app) if "[kommun.arkiv]" in w]
    assert warning.startswith(f"{srcdir / 'memon' / 'detaljplan-samrad.rst'}:")
    assert (
        "`.. bilaga::` 1: '../bilagor/samradshandling.txt' ligger utanför projektet; "
        "utelämnas ur arkivpaketet [kommun.arkiv]"
    ) in warning
    folder = package_of(app)
    assert "samradshandling.txt" not in [p.name for p in folder.rglob("*")]
    assert [title for _kind, title, _path in records(cases(folder)["KS 2025/101"])] == [
        "Detaljplan för kvarteret Eken – samråd",
        "Detaljplan för kvarteret Eken – antagande",
        "Plankarta",
        "Samrådsredogörelse",
    ]


# -- sphinx-kommun arkivera -------------------------------------------------------------


def arkivera(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    command = [sys.executable, "-m", "sphinx_kommun.cli", "arkivera", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def test_arkivera_builds_the_package_and_says_where_it_is_and_what_it_holds(
    tmp_path: Path, eark: ModuleType
) -> None:
    project = tmp_path / "arkivprov"
    shutil.copytree(ROOTS / "test-archive-case", project)
    (project / "conf.py").write_text(
        (project / "conf.py")
        .read_text(encoding="utf-8")
        .replace('kommun_publicering = "intern"\n', ""),
        encoding="utf-8",
    )
    result = arkivera(project, "--fran", "2025-01-01", "--tom", "2025-02-28", "--packa", "zip")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    (folder,) = packages_in(project / "_build" / "arkiv")
    assert result.stdout.splitlines() == [
        f"Archiving {project} (the internal edition) into {project / '_build' / 'arkiv'}",
        f"Nykvarns kommun: {folder.resolve()}",
        "  Arkivprov: Nykvarns kommun, 2025-01-20 – 2025-02-27",
        f"  3 cases, 6 records, 6 files; {size(folder)} in {count(folder)} files",
        f"  packed: {folder.resolve()}.zip ({size_of(folder.with_name(folder.name + '.zip'))})",
    ]
    assert_conformant(eark, folder)
    # The internal edition was archived, though conf.py builds the public one.
    assert "Granvägen" in (folder / ERMS).read_text(encoding="utf-8")
    # Sphinx's working files are apart from the web builds'.
    assert (project / "_build" / ".work" / "arkiv" / "doctrees").is_dir()
    assert not (project / "_build" / "arkiv" / ".doctrees").exists()


def size(folder: Path) -> str:
    from sphinx_kommun.archive import size_text

    return size_text(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()))


def size_of(path: Path) -> str:
    from sphinx_kommun.archive import size_text

    return size_text(path.stat().st_size)


def count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def test_arkivera_with_w_fails_on_a_warning_and_still_shows_the_package(tmp_path: Path) -> None:
    project = tmp_path / "arkivfel"
    shutil.copytree(ROOTS / "test-archive-bad", project)
    result = arkivera(project, "-W")
    assert result.returncode == 1
    assert "kan inte arkiveras" in result.stderr
    assert "Nykvarns kommun: " in result.stdout
    assert "1 case, 2 records, 2 files;" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fran", "2025-13-01"), "--fran '2025-13-01' is not a date (YYYY-MM-DD)"),
        (
            ("--fran", "2025-03-01", "--tom", "2025-01-01"),
            "--fran 2025-03-01 is after --tom 2025-01-01",
        ),
    ],
)
def test_arkivera_refuses_a_period_that_is_no_period(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    project = tmp_path / "arkivprov"
    shutil.copytree(ROOTS / "test-archive-case", project)
    result = arkivera(project, *args)
    assert result.returncode == 2
    assert result.stderr.strip() == f"sphinx-kommun arkivera: {message}"
    assert not (project / "_build").exists()
