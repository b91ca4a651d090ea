"""``kommunpdf``: one archival PDF per memo, printed by WeasyPrint from its web page.

Each memo's page is made by the HTML builder itself (this builder is one): the
same translator, the ``kommun`` theme's templates, so the PDF and the web page
never disagree.  The print stylesheet ``kommun-print.css``, which is also the
web page's print view, lays the page out as a Swedish tjänsteutlåtande.  Per
memo the builder adds what a stylesheet cannot know: the running header, the
footer with the municipality's addresses, the page label "Sida 1 (3)" from the
extension's catalog, and the metadata (title, language, author, subject,
keywords, dates) as ``<meta>`` tags that WeasyPrint writes into the PDF.

The text is set in Atkinson Hyperlegible, a free font (OFL) with all of
Swedish, installed with the ``pdf`` extra and embedded in every PDF, so no font
that a machine happens to have is relied on.  With ``SOURCE_DATE_EPOCH`` set the
PDF's dates are that time, and fontTools stamps the embedded font subsets with
it too, so two builds give the same bytes.

Documents without an ``arende`` (an index, a register) get no PDF.  A memo is
printed again when its source, a file it depends on, the templates or the print
stylesheets are newer than its PDF, or when a setting that changes PDFs
(``kommun_pdf_variant``, the HTML settings) changed.  Memos print in parallel
with ``-j N``.  If WeasyPrint fails, the build stops with an error naming the
memo, and no PDF, old or half-written, is left for it.

``sphinx-build -b kommunpdf`` finds the extension through the
``sphinx.builders`` entry point.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxError
from sphinx.util import logging as sphinx_logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.console import bold, terminal_supports_colour
from sphinx.util.osutil import ensuredir
from sphinx.util.parallel import ParallelTasks

from sphinx_kommun.compat import build_info_class, parallel_jobs
from sphinx_kommun.i18n import _
from sphinx_kommun.languages import language_tag
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.present import Presenter, footer_lines
from sphinx_kommun.registry import registry_for
from sphinx_kommun.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from docutils import nodes
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.memo import MemoRecord
    from sphinx_kommun.registry import Registry

logger = sphinx_logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent.parent / "static"
#: The stylesheets a printed memo uses, in cascade order: the memo's parts, then paper.
STYLESHEETS = (STATIC_DIR / "kommun-memo.css", STATIC_DIR / "kommun-print.css")
#: The font the PDFs are set in; the ``fontpkg-atkinson-hyperlegible`` package ships it.
FONT_FAMILY = "Atkinson Hyperlegible"
#: ``kommun_pdf_variant`` for a plain PDF; it is tagged all the same.
NO_VARIANT = "none"
DEFAULT_VARIANT = "pdf/a-2a"


class PDFError(SphinxError):
    category = "kommunpdf error"


class _Queue:
    """The memos left to print, shared by processes forked after it is made:
    iterating gives each memo to one process only, with its number (1-based)."""

    def __init__(self, docnames: list[str]) -> None:
        import multiprocessing

        self.docnames = docnames
        self._taken = multiprocessing.get_context("fork").Value("i", 0)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        while True:
            with self._taken.get_lock():
                index = self._taken.value
                self._taken.value = index + 1
            if index >= len(self.docnames):
                return
            yield index + 1, self.docnames[index]


# -- what a memo's PDF says about itself ------------------------------------------


def css_string(text: str) -> str:
    """``text`` as a CSS string literal; a line break in it stays one."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\{ord(m.group()):x} ", escaped)
    return f'"{escaped}"'


def css_lines(*lines: str) -> str:
    """CSS ``content`` that writes the non-empty ``lines`` one under the other."""
    return css_string("\n".join(line for line in lines if line))


def page_label_content() -> str:
    """CSS ``content`` for the page label in the build's language: "Sida 2 (5)"."""
    label = str(_("Page {page} ({pages})"))
    parts = []
    for piece in re.split(r"(\{pages\}|\{page\})", label):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


@dataclass(frozen=True)
class PrintedMemo:
    """Everything a memo's PDF shows or records besides its page: running header,
    footer, page label and metadata, in the build's language."""

    lang: str
    kommun: str
    forvaltning: str
    dokumenttyp: str
    datum: str
    dnr: str
    keywords: tuple[str, ...]
    footer: tuple[str, ...]
    created: str

    @classmethod
    def of(
        cls, record: MemoRecord, registry: Registry, lang: str | None, created: str
    ) -> PrintedMemo:
        header = record.header
        assert header is not None
        view = Presenter(registry, lang).header(header)
        return cls(
            lang=language_tag(lang),
            kommun=view.kommun,
            forvaltning=view.forvaltning,
            dokumenttyp=view.dokumenttyp.upper(),
            datum=view.datum,
            dnr=header.dnr,
            keywords=view.keywords,
            footer=footer_lines(registry.profile(header.kommun)),
            created=created,
        )

    def meta_tags(self) -> str:
        """The ``<meta>`` tags WeasyPrint writes into the PDF's information and XMP."""
        tags = {
            "author": self.forvaltning,
            "description": self.dnr,
            "keywords": ", ".join(self.keywords),
            "generator": f"sphinx-kommun {__version__}",
            "dcterms.created": self.created,
            "dcterms.modified": self.created,
        }
        return "".join(
            f'<meta name="{name}" content="{escape(value)}" />\n'
            for name, value in tags.items()
            if value
        )

    def page_css(self) -> str:
        """The words of the running header and the footer, and the page label."""
        page = page_label_content()
        label = _("Ref. no.")
        dnr = f"{label} {self.dnr}" if self.dnr else ""
        return f"""
@page {{
  @top-left {{ content: {css_lines(self.kommun, self.forvaltning)}; }}
  @top-center {{ content: {css_lines(self.dokumenttyp, self.datum)}; }}
  @top-right {{ content: {page} "\\A" {css_string(dnr)}; }}
  @bottom-left {{ content: {css_lines(*self.footer)}; }}
}}
@page :first {{
  @top-right {{ content: {page}; }}
}}
"""


def build_time() -> str:
    """This build's time, W3C style: ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- WeasyPrint -------------------------------------------------------------------


def weasyprint_variant(confdir: str | Path, name: str) -> str | None:
    """The WeasyPrint variant ``kommun_pdf_variant`` names; None for a plain PDF.

    A variant WeasyPrint cannot write is a warning at conf.py, and the default
    is printed: Sphinx would show a raised error with a traceback.
    """
    from weasyprint.pdf import VARIANTS

    key = name.lower()
    if key == NO_VARIANT:
        return None
    if key not in VARIANTS:
        known = ", ".join([*sorted(VARIANTS), NO_VARIANT])
        warn(
            f"kommun_pdf_variant = {name!r} is not a PDF variant WeasyPrint can write "
            f"({known}); printing {DEFAULT_VARIANT}",
            "config",
            conf_location(confdir, "kommun_pdf_variant"),
        )
        return DEFAULT_VARIANT
    return key


def font_faces() -> str:
    """``@font-face`` rules for every file of the PDF font, wherever pip installed it."""
    import fontpkg

    try:
        family = fontpkg.family(FONT_FAMILY)
    except fontpkg.FontpkgError as exc:
        msg = f"the PDF font {FONT_FAMILY} is not installed: pip install 'sphinx-kommun[pdf]'"
        raise PDFError(msg) from exc
    return "".join(
        f"@font-face {{ font-family: {css_string(FONT_FAMILY)}; font-style: {f.style}; "
        f"font-weight: {f.weight or 400}; src: url({css_string(f.path.as_uri())}); }}\n"
        for f in family.files
    )


class Printer:
    """WeasyPrint with the fonts and the shared stylesheets loaded once per process."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config: FontConfiguration = FontConfiguration()
        self.stylesheets: list[CSS] = [
            CSS(string=font_faces(), font_config=self.font_config),
            *(CSS(filename=path, font_config=self.font_config) for path in STYLESHEETS),
        ]

    def print(self, html: str, page_css: str, target: Path, variant: str | None) -> None:
        from weasyprint import CSS, HTML

        # No base URL: a link to another memo or a bilaga stays relative, as
        # the PDFs lie beside each other; images come with absolute URLs.
        document = HTML(string=html).render(
            font_config=self.font_config,
            stylesheets=[*self.stylesheets, CSS(string=page_css, font_config=self.font_config)],
            pdf_tags=True,
        )
        document.write_pdf(target, pdf_variant=variant, pdf_tags=True, finisher=_show_title)


def _show_title(document: Any, pdf: Any) -> None:
    """A viewer shows the memo's title, not its file name (PDF/UA, EN 301 549)."""
    import pydyf

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings(docname: str) -> Iterator[None]:
    """What WeasyPrint complains of (a missing image, bad CSS) as warnings on the memo."""
    weasy_logger = logging.getLogger("weasyprint")
    handler = _Collect()
    weasy_logger.addHandler(handler)
    try:
        yield
    finally:
        weasy_logger.removeHandler(handler)
        for message in handler.messages:
            warn(f"kommunpdf: {message}", "pdf", docname)


# -- the builder --------------------------------------------------------------------


class KommunPDFBuilder(StandaloneHTMLBuilder):
    """One PDF per memo, at the memo's document name (``memos/ks-2019-1234.pdf``)."""

    name = "kommunpdf"
    epilog = "The PDF files are in %(outdir)s."
    out_suffix = ".pdf"
    link_suffix = ".pdf"
    allow_parallel = True
    add_permalinks = False
    search = False
    copysource = False
    html_scaled_image_link = False
    #: The memo being printed (as Sphinx's ``current_docname``), set by handle_page.
    printing: PrintedMemo

    def init(self) -> None:
        super().init()
        # The PDF is the file and the link, whatever the HTML settings say.
        self.out_suffix = self.link_suffix = ".pdf"
        try:
            self.variant = weasyprint_variant(self.confdir, self.config.kommun_pdf_variant)
        except ImportError as exc:
            msg = "kommunpdf needs WeasyPrint: pip install 'sphinx-kommun[pdf]'"
            raise PDFError(msg) from exc
        self.created = build_time()
        self.html_dir = Path(tempfile.mkdtemp(prefix="kommunpdf-"))
        self.printer: Printer | None = None

    def get_theme_config(self) -> tuple[str, dict[str, str | int | bool]]:
        """The ``kommun`` theme, whose print view is the memo's paper, in any project."""
        return "kommun", {}

    def create_build_info(self) -> Any:
        info = super().create_build_info()
        # The variant changes every PDF and no web page, so the HTML settings
        # that the build info hashes leave it out.
        seed = f"{info.config_hash}|{self.config.kommun_pdf_variant.lower()}"
        info.config_hash = hashlib.sha256(seed.encode()).hexdigest()[:32]
        return info

    # -- which documents ---------------------------------------------------------

    @property
    def domain(self) -> KommunDomain:
        return self.env.domains["kommun"]  # type: ignore[return-value]

    def memo(self, docname: str) -> MemoRecord | None:
        """The record of ``docname`` if it is a memo (it has an ``arende``)."""
        record = self.domain.memos.get(docname)
        return record if record is not None and record.header is not None else None

    def get_outdated_docs(self) -> Iterator[str]:
        try:
            built_with = build_info_class().load(self.outdir / ".buildinfo")
        except (OSError, ValueError):
            built_with = None
        if built_with is None or built_with != self.build_info:
            yield from self.env.found_docs
            return
        style_mtime = max(
            [self.templates.newest_template_mtime(), *(p.stat().st_mtime for p in STYLESHEETS)]
        )
        for docname in self.env.found_docs:
            if docname not in self.env.all_docs:
                yield docname  # new: whether it is a memo shows once it is read
                continue
            if self.memo(docname) is None:
                continue  # no PDF; a change to it is read again and written anyway
            try:
                pdf_mtime = self.get_output_path(docname).stat().st_mtime
                source_mtime = max(self.env.doc2path(docname).stat().st_mtime, style_mtime)
            except OSError:
                yield docname
                continue
            if source_mtime > pdf_mtime:
                yield docname

    # -- the pages ---------------------------------------------------------------

    def copy_assets(self) -> None:
        """Only the downloads (a bilaga's file): a memo's link to one stays good
        beside its PDF.  Styles, fonts and images go into the PDF itself."""
        self.finish_tasks.add_task(self.copy_download_files)
        self.finish_tasks.join()

    @property
    def imgpath(self) -> str:
        """Images are printed from the source folder, where they are; the PDF
        needs no copies beside it."""
        return self.srcdir.as_uri()

    @imgpath.setter
    def imgpath(self, _page_relative: str) -> None:
        pass  # Sphinx sets a path relative to a web page's folder; a PDF has none

    def post_process_images(self, doctree: nodes.Node) -> None:
        super().post_process_images(doctree)
        self.images = {uri: uri for uri in self.images}  # each image at its source path

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        if self.memo(docname) is not None:
            super().write_doc(docname, doctree)

    def update_page_context(
        self, pagename: str, templatename: str, ctx: dict[str, Any], event_arg: Any
    ) -> None:
        memo = self.printing
        ctx["language"] = memo.lang
        ctx["metatags"] = ctx.get("metatags", "") + memo.meta_tags()
        ctx["docstitle"] = ""  # the <title> is the PDF's title: the memo's alone
        # WeasyPrint gets the stylesheets itself, parsed once; no scripts on paper.
        ctx["css_files"] = []
        ctx["script_files"] = []

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        record = self.memo(pagename)
        assert record is not None  # write_doc prints memos only
        registry = registry_for(self.config)
        self.printing = PrintedMemo.of(record, registry, self.config.language, self.created)
        html_path = self.html_dir / f"{pagename}.html"
        super().handle_page(
            pagename, addctx, templatename, outfilename=html_path, event_arg=event_arg
        )
        try:
            html = html_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PDFError(f"{pagename}: the page to print was not written: {exc}") from exc
        html_path.unlink()
        self.print_pdf(pagename, html, self.printing.page_css())

    def print_pdf(self, docname: str, html: str, page_css: str) -> None:
        target = self.get_output_path(docname)
        ensuredir(target.parent)
        partial = target.with_name(target.name + ".part")
        try:
            if self.printer is None:
                # Made while printing the first memo, in the main process, before
                # -j N forks the writers: they inherit it, fonts and stylesheets loaded.
                self.printer = Printer()
            with weasyprint_warnings(docname):
                self.printer.print(html, page_css, partial, self.variant)
            partial.replace(target)
        except Exception as exc:
            partial.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            source = self.env.doc2path(docname)
            msg = f"the memo {docname} ({source}) could not be printed to PDF: {exc}"
            raise PDFError(msg) from exc

    def write_documents(self, docnames: Set[str]) -> None:
        """With ``-j N``, N processes print: this one and N - 1 forked from it,
        each taking the next memo from one shared queue until none is left.

        Sphinx's own parallel writing resolves every doctree in the main
        process and forks a writer per batch.  Beside WeasyPrint's work the
        resolving is little, so the main process mostly waits, and the forks,
        each copying pages of a large process, cost a tenth of the printing.
        Here each process resolves the memos it prints (``doctree-resolved``
        runs there; what it warns of is reported as usual), the writers are
        forked once, and one queue keeps them busy until the last memo.
        """
        memos = [d for d in sorted(docnames) if self.memo(d) is not None]
        jobs = parallel_jobs(self)
        if not self.parallel_ok or jobs < 2 or len(memos) < 2:
            super().write_documents(docnames)
            return
        # The first memo here, before any fork: the writers inherit the compiled
        # templates and the printer with its fonts and stylesheets.
        self._print_one(memos[0])
        queue = _Queue(memos[1:])
        writers = ParallelTasks(jobs - 1)
        for _writer in range(jobs - 1):
            writers.add_task(self._print_queue, queue)
        try:
            self._print_queue(queue, progress=True)
        except BaseException:
            writers.terminate()
            raise
        logger.info("")
        writers.join()

    def _print_queue(self, queue: _Queue, *, progress: bool = False) -> None:
        for number, docname in queue:
            if progress:
                self._show_progress(number, len(queue.docnames), docname)
            self._print_one(docname)

    def _show_progress(self, number: int, total: int, docname: str) -> None:
        """As Sphinx's ``status_iterator`` shows it, counting every process's memos."""
        single_line = self.config.verbosity < 1 and terminal_supports_colour()
        if single_line:
            logger.info("\x1b[2K", nonl=True)
        logger.info(bold("printing PDFs... ") + f"[{number / total: >4.0%}] ", nonl=True)
        logger.info(docname, nonl=True, color="darkgreen")
        logger.info("\r" * single_line, nonl=single_line)

    def _print_one(self, docname: str) -> None:
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.write_doc_serialized(docname, doctree)
        self.phase = BuildPhase.WRITING
        self.write_doc(docname, doctree)

    def finish(self) -> None:
        self.finish_tasks.add_task(self.write_buildinfo)

    def cleanup(self) -> None:
        super().cleanup()
        shutil.rmtree(self.html_dir, ignore_errors=True)
