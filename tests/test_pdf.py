"""``kommunpdf``: one archival PDF per memo, read back as a reader and an archive would.

The PDFs are opened with pypdf (their text) and pikepdf (structure, metadata,
fonts).  Builds that several tests read are made once per session.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pikepdf
import pypdf
import pytest
import weasyprint
from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp

from sphinx_kommun.builders.pdf import css_string
from tests.conftest import EXAMPLE, REPO, ROOTS

#: 2019-06-26 00:00 in Stockholm: SOURCE_DATE_EPOCH for reproducible builds.
EPOCH = 1561500000
LONG, SHORT = "memon/langt", "memon/kort"
SEED = "memon/huddinge-utvecklingsprogram-2035"


@dataclass
class Built:
    outdir: Path
    warnings: str
    parallel_ok: bool

    def pdf(self, docname: str) -> Path:
        return self.outdir / f"{docname}.pdf"


def build(
    srcdir: Path, *, parallel: int = 0, epoch: int | None = EPOCH, **overrides: object
) -> Built:
    """Build ``srcdir`` with kommunpdf in this process, as ``sphinx-build -b kommunpdf``."""
    warnings = StringIO()
    with pytest.MonkeyPatch.context() as mp:
        if epoch is None:
            mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            mp.setenv("SOURCE_DATE_EPOCH", str(epoch))
        app = SphinxTestApp(
            "kommunpdf",
            srcdir=srcdir,
            confoverrides=overrides,
            parallel=parallel,
            status=StringIO(),
            warning=warnings,
        )
        try:
            app.build()
            return Built(Path(app.outdir), warnings.getvalue(), app.builder.parallel_ok)
        finally:
            app.cleanup()


def copy_root(root: str, into: Path) -> Path:
    srcdir = into / root
    if root == "example":
        shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
        shutil.copytree(REPO / "locales", into / "locales")
    else:
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
    return srcdir


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """``printed(root, copy="a", parallel=0, **overrides)``: that build, made once."""
    builds: dict[tuple, Built] = {}

    def _printed(root: str = "pdf", *, copy: str = "a", parallel: int = 0, **overrides):
        key = (root, copy, parallel, tuple(sorted(overrides.items())))
        if key not in builds:
            srcdir = copy_root(root, tmp_path_factory.mktemp(f"{root}-{copy}"))
            builds[key] = build(srcdir, parallel=parallel, **overrides)
        return builds[key]

    return _printed


# -- reading a PDF --------------------------------------------------------------------


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def xmp(pdf: pikepdf.Pdf) -> dict[str, object]:
    return dict(pdf.open_metadata())  # read only: no ``with``, which would rewrite it


def fonts(pdf: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """Every font in the file: its name and whether its glyphs are embedded."""
    found = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/Type0":
            continue  # its descendant CID font is listed on its own
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        found.append((str(obj.get("/BaseFont")), embedded))
    return found


def assert_archival(path: Path, *, lang: str, title: str) -> pikepdf.Pdf:
    """What every memo PDF is: PDF/A-2a, tagged, titled, in its language, fonts embedded."""
    pdf = pikepdf.open(path)
    meta = xmp(pdf)
    assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "A"
    assert meta["{http://purl.org/dc/elements/1.1/}title"] == title
    assert str(pdf.docinfo["/Title"]) == title
    assert str(pdf.Root.Lang) == lang
    assert pdf.Root.MarkInfo.Marked is True
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    used = fonts(pdf)
    assert used
    assert all(embedded for _name, embedded in used), used
    assert all("Atkinson-Hyperlegible" in name for name, _ in used), used
    return pdf


# -- the test project -------------------------------------------------------------------


def test_one_pdf_per_memo_at_its_document_name(printed) -> None:
    built = printed()
    pdfs = sorted(str(p.relative_to(built.outdir)) for p in built.outdir.rglob("*.pdf"))
    assert pdfs == ["memon/kort.pdf", "memon/langt.pdf"]  # index.rst is no memo
    # The bilaga's file lies beside the PDFs, where the PDF's link points.
    assert list(built.outdir.glob("_downloads/*/underlag.txt"))
    assert not list(built.outdir.rglob("*.html"))
    assert not (built.outdir / "_static").exists()
    assert built.warnings == ""


def test_the_first_page_is_headed_as_a_tjansteutlatande(printed) -> None:
    pages = page_texts(printed().pdf(LONG))
    first = folded(pages[0])
    header = [
        "Huddinge kommun",
        "Kommunstyrelsens förvaltning",
        "TJÄNSTEUTLÅTANDE",
        "Datum 26 juni 2019",
        "Dnr KS-2019/1234",
        "Handläggare Maria Strandberg, Översiktsplanerare",
        "Kommunstyrelsen",
        "Långt ärende om utvecklingsprogrammet",
        "Förslag till beslut",
    ]
    position = 0
    for part in header:  # in this order
        position = first.index(part, position) + len(part)
    assert len(pages) >= 2
    assert f"Sida 1 ({len(pages)})" in first


def test_later_pages_have_the_running_header_and_every_page_the_footer(printed) -> None:
    pages = [folded(text) for text in page_texts(printed().pdf(LONG))]
    for number, text in enumerate(pages, 1):
        assert f"Sida {number} ({len(pages)})" in text
        assert "Postadress: Huddinge kommun, 141 85 Huddinge" in text
        assert "Besöksadress: Kommunalvägen 28, Huddinge" in text
        assert "Telefon: 08-535 300 00 · www.huddinge.se" in text
    for text in pages[1:]:
        for part in ("Huddinge kommun", "TJÄNSTEUTLÅTANDE", "26 juni 2019", "Dnr KS-2019/1234"):
            assert part in text


def test_each_memo_is_printed_for_its_own_municipality(printed) -> None:
    (text,) = page_texts(printed().pdf(SHORT))
    text = folded(text)
    assert "Botkyrka kommun" in text
    assert "Kommunledningsförvaltningen" in text
    assert "Sida 1 (1)" in text
    assert "Postadress: Botkyrka kommun, 147 85 Tumba" in text
    assert "Huddinge" not in text


def test_the_pdf_is_pdf_a_2a_with_the_memos_metadata(printed) -> None:
    pdf = assert_archival(
        printed().pdf(LONG), lang="sv-SE", title="Långt ärende om utvecklingsprogrammet"
    )
    info = pdf.docinfo
    assert str(info["/Author"]) == "Kommunstyrelsens förvaltning"
    assert str(info["/Subject"]) == "KS-2019/1234"
    keywords = str(info["/Keywords"])
    for keyword in ("Tjänsteutlåtande", "Huddinge kommun", "Kommunstyrelsen", "KS-2019/1234"):
        assert keyword in keywords
    created = dt.datetime.fromtimestamp(EPOCH, dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    assert str(info["/CreationDate"]) == created
    meta = xmp(pdf)
    assert meta["{http://purl.org/dc/elements/1.1/}creator"] == ["Kommunstyrelsens förvaltning"]
    assert meta["{http://ns.adobe.com/xap/1.0/}CreateDate"] == "2019-06-25T22:00:00Z"


def test_the_short_memo_is_archival_too(printed) -> None:
    pdf = assert_archival(printed().pdf(SHORT), lang="sv-SE", title="Kort ärende om lekplatser")
    assert str(pdf.docinfo["/Author"]) == "Kommunledningsförvaltningen"


def test_two_builds_give_byte_identical_pdfs(printed, tmp_path) -> None:
    first = printed()
    # The second in a process of its own, another folder and another hash seed.
    srcdir, outdir = copy_root("pdf", tmp_path), tmp_path / "out"
    env = os.environ | {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "2035"}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "kommunpdf", str(srcdir), str(outdir)]
    subprocess.run(command, env=env, check=True)
    for docname in (LONG, SHORT):
        assert first.pdf(docname).read_bytes() == (outdir / f"{docname}.pdf").read_bytes()


def test_memos_print_in_parallel_to_the_same_bytes(printed) -> None:
    serial, parallel = printed(), printed(copy="parallel", parallel=3)
    assert parallel.parallel_ok
    assert parallel.warnings == ""
    for docname in (LONG, SHORT):
        assert serial.pdf(docname).read_bytes() == parallel.pdf(docname).read_bytes()


def test_with_j_each_memo_is_printed_once_by_one_of_several_processes(tmp_path) -> None:
    serial = build(copy_root("pdf-parallel", tmp_path / "serial"))
    parallel = build(copy_root("pdf-parallel", tmp_path / "parallel"), parallel=3)
    assert parallel.parallel_ok
    memos = [f"memon/arende-{i:02}" for i in range(1, 13)]
    printed_by = [
        line.split() for line in (parallel.outdir / "printed-by.txt").read_text().splitlines()
    ]
    assert sorted(docname for _pid, docname in printed_by) == memos  # each once
    assert len({pid for pid, _docname in printed_by}) >= 2  # not all by one process
    for docname in memos:
        assert serial.pdf(docname).read_bytes() == parallel.pdf(docname).read_bytes()
    # What WeasyPrint warns of reaches the build from whichever process printed.
    for built in (serial, parallel):
        for docname in memos:
            assert re.search(
                rf"{docname}\.rst: WARNING: kommunpdf: Failed to load image at "
                r"'file://[^']*/bilder/trasig\.png'.* \[kommun\.pdf\]",
                built.warnings,
            ), (docname, built.warnings)


def test_the_english_build_prints_english(printed) -> None:
    built = printed(language="en")
    assert built.warnings == ""
    title = "A long matter on the development programme"
    pdf = assert_archival(built.pdf(LONG), lang="en-GB", title=title)
    assert str(pdf.docinfo["/Author"]) == "Municipal Executive Office"
    pages = [folded(text) for text in page_texts(built.pdf(LONG))]
    first = pages[0]
    for part in (
        "Huddinge Municipality",
        "OFFICER’S REPORT",
        "Date 26 June 2019",
        "Ref. no. KS-2019/1234",
        "Case officer Maria Strandberg",
        "Municipal Executive Board",
        title,
        "Proposed decision",
        "The programme runs until 2022 and is updated every term of office.",
        f"Page 1 ({len(pages)})",
        "Postal address: Huddinge kommun, 141 85 Huddinge",
        "Visiting address: Kommunalvägen 28, Huddinge",
    ):
        assert part in first, part
    assert "Sida" not in " ".join(pages)
    assert "Page 2" in pages[1]


def test_text_from_a_memo_stays_inside_its_css_string() -> None:
    assert css_string('KS "2019"\\1') == '"KS \\"2019\\"\\\\1"'
    assert css_string("rad ett\nrad två") == '"rad ett\\a rad två"'


# -- settings, incremental builds and failures --------------------------------------------


def test_kommun_pdf_variant_chooses_another_variant(tmp_path) -> None:
    built = build(copy_root("pdf", tmp_path), kommun_pdf_variant="pdf/ua-1")
    pdf = pikepdf.open(built.pdf(SHORT))
    meta = xmp(pdf)
    assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert "{http://www.aiim.org/pdfa/ns/id/}part" not in meta
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert str(pdf.Root.Lang) == "sv-SE"


def test_a_variant_weasyprint_cannot_write_is_a_warning_and_the_default_is_printed(
    tmp_path,
) -> None:
    built = build(copy_root("pdf", tmp_path), kommun_pdf_variant="pdf/a-4b")
    assert "kommun_pdf_variant = 'pdf/a-4b' is not a PDF variant" in built.warnings
    assert "[kommun.config]" in built.warnings
    meta = xmp(pikepdf.open(built.pdf(SHORT)))
    assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "A"


def mtimes(built: Built) -> dict[str, int]:
    return {d: built.pdf(d).stat().st_mtime_ns for d in (LONG, SHORT)}


def test_only_memos_that_changed_are_printed_again(tmp_path) -> None:
    srcdir = copy_root("pdf", tmp_path)
    built = build(srcdir)
    before = mtimes(built)

    unchanged = build(srcdir)
    assert mtimes(unchanged) == before

    source = srcdir / f"{SHORT}.rst"
    source.write_text(source.read_text(encoding="utf-8").replace("120", "121"), "utf-8")
    edited = build(srcdir)
    after = mtimes(edited)
    assert after[LONG] == before[LONG]
    assert after[SHORT] > before[SHORT]
    assert "121 lekplatser" in page_texts(edited.pdf(SHORT))[0]

    edited.pdf(LONG).unlink()
    restored = build(srcdir)
    assert restored.pdf(LONG).is_file()
    assert mtimes(restored)[SHORT] == after[SHORT]

    # Another variant changes every PDF, though no source changed.
    other = build(srcdir, kommun_pdf_variant="pdf/ua-1")
    assert all(other.pdf(d).stat().st_mtime_ns > after[d] for d in (LONG, SHORT))


@pytest.mark.parametrize("parallel", [0, 3])
def test_a_weasyprint_failure_is_an_error_naming_the_memo(tmp_path, monkeypatch, parallel) -> None:
    srcdir = copy_root("pdf", tmp_path)
    stale = srcdir / "_build" / "kommunpdf" / f"{LONG}.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF- from an earlier build")
    render = weasyprint.HTML.render

    def fail_on_the_long_memo(self, *args, **kwargs):
        if "Långt ärende" in self.etree_element.find(".//title").text:
            raise ValueError("no layout for you")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", fail_on_the_long_memo)
    # With -j, the long memo fails in a worker process; Sphinx reports it the same.
    with pytest.raises(SphinxError, match=r"memon/langt \(.*langt\.rst\).*no layout for you"):
        build(srcdir, parallel=parallel)
    assert not stale.exists()
    assert not list(stale.parent.glob("*.part"))


def test_sphinx_build_finds_the_builder_by_its_entry_point(tmp_path) -> None:
    built = build(copy_root("pdf-entrypoint", tmp_path))
    pdf = assert_archival(built.pdf("index"), lang="sv-SE", title="Cykelstrategi")
    assert str(pdf.docinfo["/Subject"]) == "KS 2024/7"
    assert "Tyresö kommun" in page_texts(built.pdf("index"))[0]


def test_the_web_pages_print_view_uses_the_same_print_stylesheet(make_app, tmp_path) -> None:
    app = make_app("html", srcdir=copy_root("pdf", tmp_path))
    app.build()
    page = (Path(app.outdir) / f"{LONG}.html").read_text(encoding="utf-8")
    (link,) = re.findall(r"<link [^>]*kommun-print\.css[^>]*>", page)
    assert 'media="print"' in link
    printed_css = (Path(app.outdir) / "_static" / "kommun-print.css").read_text(encoding="utf-8")
    assert "size: A4" in printed_css


# -- the example project -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "lang", "title", "page", "header"),
    [
        (
            "sv",
            "sv-SE",
            "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035 – beslut om antagande",
            "Sida",
            ["Huddinge kommun", "TJÄNSTEUTLÅTANDE", "Datum 26 juni 2019", "Dnr KS-2019/1097"],
        ),
        (
            "en",
            "en-GB",
            "Updated development programme for the Södertörn cooperation 2035 – decision on "
            "adoption",
            "Page",
            ["Huddinge Municipality", "OFFICER’S REPORT", "Date 26 June 2019", "KS-2019/1097"],
        ),
    ],
)
def test_the_example_memos_print_as_archival_pdfs(
    printed, language, lang, title, page, header
) -> None:
    built = printed("example", language=language)
    assert built.warnings == ""
    assert sorted(p.name for p in built.outdir.rglob("*.pdf")) == [
        "botkyrka-utvecklingsprogram-2035.pdf",
        "huddinge-utvecklingsprogram-2035.pdf",
    ]
    assert_archival(built.pdf(SEED), lang=lang, title=title)
    pages = [folded(text) for text in page_texts(built.pdf(SEED))]
    for part in [*header, "Maria Strandberg", f"{page} 1 ({len(pages)})"]:
        assert part in pages[0], part
    assert f"{page} {len(pages)} ({len(pages)})" in pages[-1]
