"""``kommunpdf``: one archival PDF per memo, read back as a reader and an archive would.

The PDFs are opened with pypdf (their text) and pikepdf (structure, metadata,
fonts), and every one is judged by ``page`` (PDF/A-2a and PDF/UA-1) and
outloud (tests/pdfcheck.py).  Builds that several tests read are made once per
session.
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
from sphinx.testing.util import SphinxTestApp

from tests.conftest import EXAMPLE, REPO, ROOTS
from tests.pdfcheck import assert_valid_pdf

#: 2019-06-26 00:00 in Stockholm: SOURCE_DATE_EPOCH for reproducible builds.
EPOCH = 1561500000
LONG, SHORT, TABLE = "memon/langt", "memon/kort", "memon/tabell"
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
        finally:
            app.cleanup()
    for pdf in Path(app.outdir).rglob("*.pdf"):
        assert_valid_pdf(pdf)  # every PDF a test prints passes the validators
    return Built(Path(app.outdir), warnings.getvalue(), app.builder.parallel_ok)


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
    """Text as read, its line breaks and Sphinx's typographic quotes undone."""
    text = text.replace("\u00ad", "").replace("”", '"').replace("“", '"').replace("’", "'")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


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


PDFA = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}"


def assert_archival(path: Path, *, lang: str, title: str) -> pikepdf.Pdf:
    """What every memo PDF is: PDF/A-2a and PDF/UA-1, tagged, titled, in its
    language, its fonts embedded, judged so by the validators."""
    assert_valid_pdf(path)
    pdf = pikepdf.open(path)
    meta = xmp(pdf)
    assert meta[f"{PDFA}part"] == "2"
    assert meta[f"{PDFA}conformance"] == "A"
    assert meta[f"{PDFUA}part"] == "1"
    assert meta["{http://purl.org/dc/elements/1.1/}title"] == title
    assert str(pdf.docinfo["/Title"]) == title
    assert str(pdf.Root.Lang) == lang
    assert pdf.Root.MarkInfo.Marked is True
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    used = fonts(pdf)
    assert used
    assert all(embedded for _name, embedded in used), used
    assert all("SourceSans3" in name for name, _ in used), used
    return pdf


# -- the test project -------------------------------------------------------------------


def test_one_pdf_per_memo_at_its_document_name(printed) -> None:
    built = printed()
    pdfs = sorted(str(p.relative_to(built.outdir)) for p in built.outdir.rglob("*.pdf"))
    assert pdfs == ["memon/kort.pdf", "memon/langt.pdf", "memon/tabell.pdf"]  # index: no memo
    # A PDF carries no relative link, so nothing else lies beside it.
    assert [p.name for p in built.outdir.iterdir() if p.is_file()] == []
    assert built.warnings == ""


def test_the_first_page_is_headed_as_a_tjansteutlatande(printed) -> None:
    pages = page_texts(printed().pdf(LONG))
    first = folded(pages[0])
    header = [
        f"Sida 1 ({len(pages)})",
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


def structure_roles(path: Path) -> list[str]:
    """The role of every structure element of the PDF's tag tree."""
    pdf = pikepdf.open(path)
    roles: list[str] = []
    todo: list[object] = [pdf.Root.StructTreeRoot]
    while todo:
        element = todo.pop()
        if isinstance(element, pikepdf.Array):
            todo.extend(element)
        elif isinstance(element, pikepdf.Dictionary):
            if "/S" in element:
                roles.append(str(element["/S"]))
            if "/K" in element:
                todo.append(element["/K"])
    return roles


def test_the_memo_is_tagged_and_its_running_header_and_footer_are_artifacts(printed) -> None:
    """A screen reader reads the memo's structure, not "Sida 2 (3)" and the
    address on every page (outloud's PAG-001, part of assert_valid_pdf)."""
    path = printed().pdf(LONG)
    roles = structure_roles(path)
    for role in ("/H1", "/H2", "/P", "/L", "/LI", "/Lbl", "/LBody", "/Figure"):
        assert role in roles, role
    tagged = " ".join(page_texts(path))
    assert_valid_pdf(path)
    assert "Sida 2" in tagged  # painted, as an artifact


def test_each_memo_is_printed_for_its_own_municipality(printed) -> None:
    (text,) = page_texts(printed().pdf(SHORT))
    text = folded(text)
    assert "Botkyrka kommun" in text
    assert "Kommunledningsförvaltningen" in text
    assert "Sida 1 (1)" in text
    assert "Postadress: Botkyrka kommun" in text
    assert "Huddinge" not in text


def test_the_pdf_carries_the_memos_metadata(printed) -> None:
    pdf = assert_archival(
        printed().pdf(LONG), lang="sv-SE", title="Långt ärende om utvecklingsprogrammet"
    )
    info = pdf.docinfo
    assert str(info["/Author"]) == "Kommunstyrelsens förvaltning"
    assert str(info["/Subject"]) == "KS-2019/1234"
    keywords = str(info["/Keywords"])
    for keyword in ("Tjänsteutlåtande", "Huddinge kommun", "Kommunstyrelsen", "KS-2019/1234"):
        assert keyword in keywords
    created = dt.datetime.fromtimestamp(EPOCH, dt.UTC).strftime("D:%Y%m%d%H%M%S")
    assert str(info["/CreationDate"]).startswith(created)
    meta = xmp(pdf)
    assert meta["{http://purl.org/dc/elements/1.1/}creator"] == ["Kommunstyrelsens förvaltning"]


def test_metadata_is_the_writers_text_exactly(tmp_path) -> None:
    """A title with quotes, angle brackets, an ampersand and a backslash is the
    PDF's title as written, in the information dictionary and the XMP."""
    srcdir = copy_root("pdf", tmp_path)
    memo = srcdir / f"{SHORT}.rst"
    title = 'Taxa "2025" för <lekplatser> & parker \\ väg'
    text = memo.read_text(encoding="utf-8")
    text = text.replace(
        "Kort ärende om lekplatser\n=========================",
        f"{title.replace(chr(92), chr(92) * 2)}\n{'=' * len(title)}",
    )
    memo.write_text(text.replace(":dnr: KS/2024:118", ':dnr: KS/2024:118 "<&>"'), "utf-8")
    built = build(srcdir, smartquotes=False, suppress_warnings=["kommun.dnr"])
    pdf = pikepdf.open(built.pdf(SHORT))
    assert str(pdf.docinfo["/Title"]) == title
    assert xmp(pdf)["{http://purl.org/dc/elements/1.1/}title"] == title
    assert str(pdf.docinfo["/Subject"]) == 'KS/2024:118 "<&>"'


def test_every_kind_of_writer_text_prints_as_text_and_nothing_outside_is_read(printed) -> None:
    built = printed("pdf-injection")
    text = folded(" ".join(page_texts(built.pdf("index"))))
    for written in (
        'KS-2025/#read("/x")',
        "Anna $x^2$ Berg",
        "#set page(width: 1cm)",
        'Rubrik med #import "/etc/passwd" och <etikett>',
        'Punkt med @etikett och \\ och ~ och #read("/etc/hosts").',
        "Punkt med // kommentar och /* block */.",
        "Sammanfattning #strong[fet]",
        "= Inte en rubrik",
        "- inte en punkt, + inte heller, `baktick` och *stjärna* och _under_.",
        '#link("file:///etc/passwd")',
        '#read("/etc/passwd") $ 1 + 1 $',
        '#eval("1")',
        "<label>",
        'Område #read("/etc/passwd")',
        "Grund $y$",
        "Bildtext #box[x]",
        "Inga #pagebreak() här.",
        "Ebba #emph[Kursiv]",
        'Chef #read("/etc/passwd")',
        'Bilaga 1. Bilaga #include "/etc/passwd"',
        'Fri text #read("/etc/passwd")',
        'Fotnot med #read("/etc/passwd") och $z$.',
    ):
        assert written in text, written
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()
    assert not [line for line in passwd if line and line in text]
    assert "root:" not in text
    assert len(pypdf.PdfReader(built.pdf("index")).pages) <= 3  # no #set, no #pagebreak


def test_a_long_table_repeats_its_header_and_right_aligns_its_numbers(printed) -> None:
    path = printed().pdf(TABLE)
    pages = [folded(t) for t in page_texts(path)]
    assert len(pages) >= 2
    for text in pages:
        assert "Åtgärd Timmar Kronor Andel" in text  # the header row on every page
    # The footnote stands at the foot of the page that refers to it.
    assert "Enligt förvaltningens underhållsregister, januari 2025." in pages[0]
    reader = pypdf.PdfReader(path)
    numbers: dict[str, float] = {}

    def visit(text: str, cm: object, tm: list[float], *_rest: object) -> None:
        if text.strip() in {"12,5", "1037", "720,5", "3220"}:
            numbers[text.strip()] = tm[4]

    reader.pages[0].extract_text(visitor_text=visit)
    assert numbers, "no number cell found"
    # Right-aligned: "12,5" ends where "1037"'s column's numbers end, not where
    # a left-aligned column would start them.
    assert set(numbers) >= {"12,5", "1037"}


def test_two_builds_give_byte_identical_pdfs(printed, tmp_path) -> None:
    first = printed()
    # The second in a process of its own, another folder and another hash seed.
    srcdir, outdir = copy_root("pdf", tmp_path), tmp_path / "out"
    env = os.environ | {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "2035"}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "kommunpdf", str(srcdir), str(outdir)]
    subprocess.run(command, env=env, check=True)
    for docname in (LONG, SHORT, TABLE):
        assert first.pdf(docname).read_bytes() == (outdir / f"{docname}.pdf").read_bytes()


def sphinx_build(srcdir: Path, outdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -b kommunpdf`` in a process of its own, as a user runs it."""
    env = os.environ | {"SOURCE_DATE_EPOCH": str(EPOCH)}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "kommunpdf", *args]
    result = subprocess.run(
        [*command, str(srcdir), str(outdir)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for pdf in outdir.rglob("*.pdf"):
        assert_valid_pdf(pdf)
    return result


def test_memos_print_in_parallel_to_the_same_bytes(printed, tmp_path) -> None:
    serial = printed()
    outdir = tmp_path / "out"
    result = sphinx_build(copy_root("pdf", tmp_path), outdir, "-j", "3")
    assert "WARNING" not in result.stderr
    for docname in (LONG, SHORT, TABLE):
        assert serial.pdf(docname).read_bytes() == (outdir / f"{docname}.pdf").read_bytes()


def test_with_j_each_memo_is_printed_once_by_one_of_several_processes(tmp_path) -> None:
    memos = [f"memon/arende-{i:02}" for i in range(1, 13)]
    outputs = {}
    for jobs in ("1", "3"):
        srcdir = copy_root("pdf-parallel", tmp_path / f"j{jobs}")
        outdir = tmp_path / f"out-{jobs}"
        outputs[jobs] = (outdir, sphinx_build(srcdir, outdir, "-j", jobs).stderr)
    parallel_out = outputs["3"][0]
    printed_by = [
        line.split() for line in (parallel_out / "printed-by.txt").read_text().splitlines()
    ]
    assert sorted(docname for _pid, docname in printed_by) == memos  # each once
    assert len({pid for pid, _docname in printed_by}) >= 2  # not all by one process
    for docname in memos:
        serial_pdf = outputs["1"][0] / f"{docname}.pdf"
        assert serial_pdf.read_bytes() == (parallel_out / f"{docname}.pdf").read_bytes()
    # What the printing warns of reaches the build from whichever process printed.
    for _outdir, warnings in outputs.values():
        for docname in memos:
            assert re.search(
                rf"{docname}\.rst:\d+: WARNING: kommunpdf: en bild utan alternativtext .*"
                r"\[kommun\.pdf\]",
                warnings,
            ), (docname, warnings)


def test_the_english_build_prints_english(printed) -> None:
    built = printed(language="en")
    assert built.warnings == ""
    title = "A long matter on the development programme"
    pdf = assert_archival(built.pdf(LONG), lang="en-GB", title=title)
    assert str(pdf.docinfo["/Author"]) == "Municipal Executive Office"
    pages = [folded(text) for text in page_texts(built.pdf(LONG))]
    first = pages[0]
    for part in (
        f"Page 1 ({len(pages)})",
        "Huddinge Municipality",
        "OFFICER'S REPORT",
        "Date 26 June 2019",
        "Ref. no. KS-2019/1234",
        "Case officer Maria Strandberg",
        "Municipal Executive Board",
        title,
        "Proposed decision",
        "The programme runs until 2022 and is updated every term of office.",
        "Postal address: Huddinge kommun, 141 85 Huddinge",
        "Visiting address: Kommunalvägen 28, Huddinge",
    ):
        assert part in first, part
    assert "Sida" not in " ".join(pages)
    assert "Page 2" in pages[1]


def languages_of(path: Path) -> set[str]:
    """The /Lang of every structure element that says its own."""
    pdf = pikepdf.open(path)
    found: set[str] = set()
    todo = [pdf.Root.StructTreeRoot]
    while todo:
        element = todo.pop()
        if isinstance(element, pikepdf.Dictionary):
            if "/Lang" in element and "/S" in element:
                found.add(str(element["/Lang"]))
            kids = element.get("/K")
            todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_a_paragraph_left_untranslated_is_marked_swedish(printed) -> None:
    """The English build of a memo whose translation leaves paragraphs in
    Swedish: a screen reader reads them with a Swedish voice."""
    english = languages_of(printed(language="en").pdf(LONG))
    assert any(lang.startswith("sv") for lang in english), english
    assert not any(lang.startswith("sv") for lang in languages_of(printed().pdf(LONG)))


def link_targets(path: Path) -> list[str]:
    pdf = pikepdf.open(path)
    return [
        str(annot.A.URI)
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot and "/URI" in annot.A
    ]


def test_no_link_breaks_once_the_pdf_leaves_the_build_folder(printed) -> None:
    without = link_targets(printed().pdf(LONG))
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in without), without
    base = "https://www.huddinge.se/politik/memon/"
    with_base = link_targets(printed(copy="base", html_baseurl=base).pdf(LONG))
    assert any(uri.startswith(base + "_downloads/") for uri in with_base), with_base
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in with_base)


# -- settings, incremental builds and failures --------------------------------------------


def test_kommun_pdf_variant_chooses_other_standards(tmp_path) -> None:
    built = build(copy_root("pdf", tmp_path), kommun_pdf_variant="pdf/ua-1")
    pdf = pikepdf.open(built.pdf(SHORT))
    meta = xmp(pdf)
    assert meta[f"{PDFUA}part"] == "1"
    assert f"{PDFA}part" not in meta
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert str(pdf.Root.Lang) == "sv-SE"


def test_a_variant_typst_cannot_write_is_a_warning_and_the_default_is_printed(tmp_path) -> None:
    built = build(copy_root("pdf", tmp_path), kommun_pdf_variant="pdf/a-4b")
    assert "kommun_pdf_variant = 'pdf/a-4b' anger ingen PDF-standard som Typst kan skriva" in (
        built.warnings
    )
    assert "[kommun.config]" in built.warnings
    meta = xmp(pikepdf.open(built.pdf(SHORT)))
    assert meta[f"{PDFA}part"] == "2"
    assert meta[f"{PDFUA}part"] == "1"


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

    # Other standards change every PDF, though no source changed.
    other = build(srcdir, kommun_pdf_variant="pdf/ua-1")
    assert all(other.pdf(d).stat().st_mtime_ns > after[d] for d in (LONG, SHORT))


def test_a_memo_read_by_the_html_build_is_printed_by_the_next_pdf_build(tmp_path) -> None:
    """The one command reads a language once, with the HTML builder; the PDF
    builder, sharing the doctrees, must still print what was read again."""
    srcdir = copy_root("pdf", tmp_path)
    doctrees = tmp_path / "doctrees"
    argv = [sys.executable, "-m", "sphinx", "-q", "-d", str(doctrees)]
    subprocess.run([*argv, "-b", "html", str(srcdir), str(tmp_path / "out-html")], check=True)
    subprocess.run([*argv, "-b", "kommunpdf", str(srcdir), str(tmp_path / "out-pdf")], check=True)
    pdf = tmp_path / "out-pdf" / f"{SHORT}.pdf"
    before = pdf.stat().st_mtime_ns
    source = srcdir / f"{SHORT}.rst"
    source.write_text(source.read_text(encoding="utf-8").replace("120", "125"), "utf-8")
    subprocess.run([*argv, "-b", "html", str(srcdir), str(tmp_path / "out-html")], check=True)
    subprocess.run([*argv, "-b", "kommunpdf", str(srcdir), str(tmp_path / "out-pdf")], check=True)
    assert pdf.stat().st_mtime_ns > before
    assert "125 lekplatser" in page_texts(pdf)[0]


def test_a_change_of_the_print_template_prints_every_memo_again(tmp_path) -> None:
    """The layout is part of every PDF: a project's own template changed is a
    new PDF for each memo, with no source changed."""
    srcdir = copy_root("pdf", tmp_path)
    template = srcdir / "mall.typ"
    shutil.copy(REPO / "sphinx_kommun" / "builders" / "typst" / "memo.typ", template)
    built = build(srcdir, kommun_pdf_template="mall.typ")
    before = mtimes(built)
    again = build(srcdir, kommun_pdf_template="mall.typ")
    assert mtimes(again) == before
    template.write_text(template.read_text(encoding="utf-8") + "\n// ny version\n", "utf-8")
    changed = build(srcdir, kommun_pdf_template="mall.typ")
    assert all(changed.pdf(d).stat().st_mtime_ns > before[d] for d in (LONG, SHORT))


@pytest.mark.parametrize("parallel", ["1", "3"])
def test_a_memo_typst_cannot_print_is_a_warning_and_the_others_print(tmp_path, parallel) -> None:
    srcdir = copy_root("pdf", tmp_path)
    outdir = tmp_path / "out"
    stale = outdir / f"{LONG}.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF- from an earlier build")
    source = srcdir / f"{LONG}.rst"
    # A character no font of the PDF has: Typst refuses to print it.
    source.write_text(
        source.read_text(encoding="utf-8").replace("ställer sig positiv", "ställer sig 😀 positiv"),
        "utf-8",
    )
    warnings = sphinx_build(srcdir, outdir, "-j", parallel).stderr
    assert re.search(
        r"langt\.rst: WARNING: kommunpdf: memon/langt kunde inte skrivas ut och får ingen PDF: "
        r".* \[kommun\.pdf\]",
        warnings,
    ), warnings
    assert not stale.exists()
    assert (outdir / f"{SHORT}.pdf").is_file() and (outdir / f"{TABLE}.pdf").is_file()
    assert "Traceback" not in warnings


def test_sphinx_build_finds_the_builder_by_its_entry_point(tmp_path) -> None:
    built = build(copy_root("pdf-entrypoint", tmp_path))
    pdf = assert_archival(built.pdf("index"), lang="sv-SE", title="Cykelstrategi")
    assert str(pdf.docinfo["/Subject"]) == "KS 2024/7"
    assert "Tyresö kommun" in page_texts(built.pdf("index"))[0]


def test_the_web_pages_print_view_has_its_print_stylesheet(make_app, tmp_path) -> None:
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
            ["Huddinge Municipality", "OFFICER'S REPORT", "Date 26 June 2019", "KS-2019/1097"],
        ),
    ],
)
def test_the_example_memos_print_as_archival_pdfs(
    printed, language, lang, title, page, header
) -> None:
    built = printed("example", language=language)
    assert built.warnings == ""
    assert sorted(p.name for p in built.outdir.rglob("*.pdf")) == [
        "botkyrka-kommunstyrelsen-2019-09-09.pdf",
        "botkyrka-utvecklingsprogram-2035.pdf",
        # The meeting that handled the seed memo: its protokoll, the kallelse
        # before it and one utdrag per §.
        "huddinge-kommunstyrelsen-2019-08-21-kallelse.pdf",
        "huddinge-kommunstyrelsen-2019-08-21-utdrag-120.pdf",
        "huddinge-kommunstyrelsen-2019-08-21-utdrag-121.pdf",
        "huddinge-kommunstyrelsen-2019-08-21.pdf",
        "huddinge-utvecklingsprogram-2035.pdf",
    ]
    assert_archival(built.pdf(SEED), lang=lang, title=title)
    pages = [folded(text) for text in page_texts(built.pdf(SEED))]
    for part in [f"{page} 1 ({len(pages)})", *header, "Maria Strandberg"]:
        assert part in pages[0], part
    assert f"{page} {len(pages)} ({len(pages)})" in pages[-1]
    # The plain zero: the font's glyph for "0" is not its slashed one.
    assert "2035" in pages[0]
