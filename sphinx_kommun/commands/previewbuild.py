"""One language's web pages, built again after each save, in a process of its own.

``sphinx-kommun serve`` starts one such process per language it shows (a
process, because Sphinx keeps one translator per catalog for the whole
process, and gettext keeps every ``.mo`` it has read: a second language, or
a changed translation, needs a fresh one).  The process keeps one ``Sphinx``
application between edits: the environment stays in memory, so a rebuild
after one save reads only the memo that changed (Sphinx's own mtime check)
and writes only the pages it affects:

- **not saved to disk after each build** (:func:`~sphinx_kommun.compat.keep_environment_in_memory`):
  the process saves it itself once the writer pauses, and before it stops;
- **the toctree's page only when the memo's title or headings changed**
  (:func:`~sphinx_kommun.compat.toctree_parents_only_of`): Sphinx rewrites
  the root document after every edit of any memo it lists, which at 1,000
  memos is a third of a rebuild;
- the registers and ``:dnr:`` links another memo's change outdates, as the
  domain says (``outdated_by_others``), and the memo index;
- no search page, whose index of every page Sphinx would rebuild each time.

Every warning of a build is kept with the document it is located in, so that
the page can show it: a memo's own warnings until it is read again, a
page's warnings from writing it until it is written again, and what is of no
document (a broken profile, conf.py) for every page.  They are saved beside
the environment, so a restarted process still knows the warnings of memos
it does not read again.

The PDF of a memo is printed on request with the ``kommunpdf`` builder, on
the same environment, in this process and serially: a process that has run
Typst must not fork workers that run it, and this one never forks.  It is
printed again only once the memo's page has been written again.

When the application cannot go on (conf.py does not load, a build raises),
the process reports the error and ends; the server starts a fresh one at the
next save.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line

from sphinx_kommun import compat
from sphinx_kommun.commands.build import PrefixedStream

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Seconds without a request after which the process saves its environment.
IDLE_SECONDS = 1.0
#: Where the warnings are kept beside the environment.
PROBLEMS_FILE = "serve-problems.json"


@dataclass(frozen=True)
class Settings:
    """Where one language is built for the server."""

    root: Path
    lang: str
    work: Path
    #: ``kommun_publicering``: the public edition, or the internal one.
    edition: str = "offentlig"

    @property
    def html(self) -> Path:
        return self.work / "html"

    @property
    def pdf(self) -> Path:
        return self.work / "pdf"

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"


@dataclass(frozen=True)
class Problem:
    """One warning of a build, where it was made: ``path`` relative to the
    project where it lies in it, ``line`` when known."""

    message: str
    path: str = ""
    line: int | None = None
    level: str = "WARNING"
    kind: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path and self.line else self.path


# -- what the server asks and what it is told ------------------------------------------


@dataclass(frozen=True)
class Build:
    """Build what changed since the last build (Sphinx finds it)."""


@dataclass(frozen=True)
class PrintPdf:
    docname: str


@dataclass(frozen=True)
class Stop:
    """Save the environment and end."""


@dataclass(frozen=True)
class BuildReport:
    """What one build did, and every warning the pages should show now."""

    fatal: str = ""
    read: tuple[str, ...] = ()
    #: Each page written by this build and the digest of what was written.
    written: dict[str, str] = field(default_factory=dict)
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    project: tuple[Problem, ...] = ()
    memos: frozenset[str] = frozenset()
    seconds: float = 0.0
    #: The application was made for this build (the first, or after a restart).
    started: bool = False

    @property
    def ok(self) -> bool:
        return not self.fatal


@dataclass(frozen=True)
class PdfReport:
    path: str = ""
    problems: tuple[Problem, ...] = ()


Request = Build | PrintPdf | Stop
Reply = BuildReport | PdfReport | None


# -- the process ------------------------------------------------------------------------


def serve_requests(connection: Connection, settings: Settings) -> None:
    """The builder process: answer the server's requests until it says stop
    or goes away; save the environment whenever the writer pauses."""
    # Ctrl-C in the terminal reaches every process of the group: the server
    # stops this one when it has finished what it is doing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preview = Preview(settings)
    try:
        while not preview.broken:
            if not connection.poll(IDLE_SECONDS):
                preview.save()
                continue
            try:
                request = connection.recv()
            except EOFError:  # the server is gone
                break
            if isinstance(request, Stop):
                break
            connection.send(preview.answer(request))
    finally:
        preview.close()
        with contextlib.suppress(OSError, EOFError):
            connection.send(None)


class Preview:
    """The application kept between builds, and what its builds warned of."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: Sphinx | None = None
        self.broken = False
        self._stack = contextlib.ExitStack()
        self._stream = _Capture(sys.stderr, f"[{settings.lang}] ")
        self._unsaved = False
        #: Warnings by document: of reading it, of writing it, of every build.
        self._stores: dict[str, dict[str, list[Problem]]] = {"read": {}, "write": {}, "each": {}}
        self._started: list[Problem] = []
        self._project: list[Problem] = []
        self._printing: list[Problem] | None = None
        self._pdf: Builder | None = None
        self._printed: set[str] = set()
        self._reset_build()

    def _reset_build(self) -> None:
        self._reading: set[str] = set()
        self._read: list[str] = []
        self._written: list[str] = []
        self._tocs: dict[str, str] = {}
        self._this_build: dict[str, dict[str, list[Problem]]] = {"read": {}, "write": {}}
        self._each: dict[str, list[Problem]] = {}
        self._parents = contextlib.ExitStack()

    def answer(self, request: Request) -> Reply:
        if isinstance(request, Build):
            return self.build()
        if isinstance(request, PrintPdf):
            return self.print_pdf(request.docname)
        return None

    # -- the application ------------------------------------------------------------------

    def start(self) -> str:
        """Make the application; the error that stopped it, or ''."""
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        settings, root = self.settings, self.settings.root.resolve()
        try:
            self._stack.enter_context(patch_docutils(root))
            self._stack.enter_context(docutils_namespace())
            app = Sphinx(
                srcdir=root,
                confdir=root,
                outdir=settings.html,
                doctreedir=settings.doctrees,
                buildername="html",
                confoverrides={"language": settings.lang, "kommun_publicering": settings.edition},
                status=None,
                warning=self._stream,  # type: ignore[arg-type]
                freshenv=False,
            )
        except Exception as exc:
            return failure(exc)
        finally:
            self._stream.capturing = False
        # No search page: its index of every page is rebuilt after each save,
        # and a writer previewing a memo does not search for it.
        app.builder.search = False  # type: ignore[attr-defined]
        self.app = app
        self._started = self._stream.problems(root)
        compat.keep_environment_in_memory(app.env)
        logging.getLogger("sphinx").addHandler(_ProblemLog(self))
        app.connect("env-before-read-docs", self._before_read, priority=999)
        app.connect("write-started", self._write_started, priority=999)
        app.connect("html-page-context", self._page_written, priority=999)
        if not app.fresh_env_used:
            self._load_problems()
        return ""

    def build(self) -> BuildReport:
        started = time.perf_counter()
        fresh = self.app is None
        if self.app is None:
            error = self.start()
            if error:
                self.broken = True
                return BuildReport(fatal=error, project=tuple(self._stream.problems(self.root)))
        app = self.app
        assert app is not None
        self._reset_build()
        try:
            app.build()
        except Exception as exc:
            from sphinx.errors import SphinxError

            self.broken = True
            if not isinstance(exc, SphinxError):  # not the writer's mistake: a bug to report
                print(f"[{self.settings.lang}] the build failed:", file=sys.stderr)
                traceback.print_exc()
            return BuildReport(fatal=failure(exc), started=fresh)
        finally:
            self._parents.close()
        self._keep_problems(app.env)
        written = {page: self._digest(page) for page in self._written}
        self._printed -= set(written)
        self._unsaved = True
        return BuildReport(
            read=tuple(self._read),
            written=written,
            problems=self.problems(),
            project=tuple(self._started + self._project),
            memos=self.memos(),
            seconds=time.perf_counter() - started,
            started=fresh,
        )

    @property
    def root(self) -> Path:
        return self.settings.root.resolve()

    def memos(self) -> frozenset[str]:
        """The documents that are memos: those a PDF is printed for."""
        assert self.app is not None
        domain: Any = self.app.env.domains["kommun"]
        return frozenset(d for d, r in domain.memos.items() if r.header is not None)

    def _digest(self, page: str) -> str:
        assert self.app is not None
        path = Path(self.app.builder.get_outfilename(page))  # type: ignore[attr-defined]
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return ""

    # -- what a build reads and writes ---------------------------------------------------

    def _before_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self._reading = set(docnames)
        self._read = list(docnames)
        self._tocs = {d: _toc(env, d) for d in docnames if d in env.tocs}

    def _write_started(self, app: Sphinx, builder: Builder) -> None:
        env = app.env
        changed = {d for d in self._read if self._tocs.get(d) != _toc(env, d)}
        self._parents.enter_context(compat.toctree_parents_only_of(env, changed))

    def _page_written(self, app: Sphinx, pagename: str, *_args: Any) -> None:
        self._written.append(pagename)

    # -- warnings -------------------------------------------------------------------------

    def note(self, record: logging.LogRecord) -> None:
        """A warning Sphinx logged: kept with the document it is located in."""
        from sphinx.util.build_phase import BuildPhase
        from sphinx.util.logging import is_suppressed_warning

        app = self.app
        if app is None:
            return
        kind, subtype = getattr(record, "type", ""), getattr(record, "subtype", "")
        if is_suppressed_warning(kind, subtype, app.config.suppress_warnings):
            return
        path, line = _location(record, app.env)
        docname = (app.env.path2doc(path) if path else None) or ""
        phase = app.builder.phase
        if not docname and phase == BuildPhase.READING:
            docname = app.env.current_document.docname or ""
        problem = Problem(
            message=_message(record),
            path=_relative(path, self.root),
            line=line,
            level=record.levelname,
            kind=f"{kind}.{subtype}" if subtype else kind,
        )
        if self._printing is not None:
            self._printing.append(problem)
        elif phase == BuildPhase.READING and docname in self._reading:
            self._this_build["read"].setdefault(docname, []).append(problem)
        elif phase in (BuildPhase.RESOLVING, BuildPhase.WRITING) and docname:
            self._this_build["write"].setdefault(docname, []).append(problem)
        else:
            self._each.setdefault(docname, []).append(problem)

    def _keep_problems(self, env: BuildEnvironment) -> None:
        read, write = self._stores["read"], self._stores["write"]
        for docname in self._read:
            read[docname] = self._this_build["read"].get(docname, [])
        for docname in self._written:
            write[docname] = self._this_build["write"].get(docname, [])
        if self._read:  # the consistency check ran again
            self._stores["each"] = {d: p for d, p in self._each.items() if d}
            self._project = self._each.get("", [])
        for store in self._stores.values():
            for docname in [d for d in store if d not in env.found_docs or not store[d]]:
                del store[docname]

    def problems(self) -> dict[str, tuple[Problem, ...]]:
        """Every document's warnings as they stand."""
        found: dict[str, list[Problem]] = {}
        for store in self._stores.values():
            for docname, problems in store.items():
                found.setdefault(docname, []).extend(problems)
        return {d: tuple(p) for d, p in sorted(found.items())}

    def _load_problems(self) -> None:
        try:
            data = json.loads((self.settings.work / PROBLEMS_FILE).read_text(encoding="utf-8"))
            self._stores = {
                name: {d: [Problem(**p) for p in ps] for d, ps in data[name].items()}
                for name in ("read", "write", "each")
            }
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a restarted process that lost them shows them again once read

    # -- the PDF ---------------------------------------------------------------------------

    def print_pdf(self, docname: str) -> PdfReport:
        """The memo's PDF, printed now unless it was since its page was last written."""
        app = self.app
        if app is None or self.broken:
            return PdfReport(problems=(Problem("Webbsidorna är inte byggda ännu."),))
        target = self.settings.pdf / f"{docname}.pdf"
        if docname in self._printed and target.is_file():
            return PdfReport(str(target))
        if docname not in self.memos():
            return PdfReport(problems=(Problem(f"{docname} är inget tjänsteutlåtande."),))
        self._printing = problems = []
        try:
            builder = self._pdf_builder()
            with compat.acting_builder(app, builder):
                doctree = app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
                builder.write_doc(docname, doctree)
        except Exception as exc:
            traceback.print_exc()
            problems.append(Problem(failure(exc)))
        finally:
            self._printing = None
        if not target.is_file():
            return PdfReport(problems=tuple(problems))
        self._printed.add(docname)
        return PdfReport(str(target), tuple(problems))

    def _pdf_builder(self) -> Builder:
        if self._pdf is None:
            assert self.app is not None
            self.settings.pdf.mkdir(parents=True, exist_ok=True)
            builder = compat.second_builder(self.app, "kommunpdf")
            builder.outdir = self.settings.pdf
            self._pdf = builder
        return self._pdf

    # -- saving -------------------------------------------------------------------------

    def save(self) -> None:
        """The environment and the warnings to disk, if a build changed them."""
        if self.app is None or not self._unsaved or self.broken:
            return
        stores = {
            n: {d: [asdict(p) for p in ps] for d, ps in s.items()} for n, s in self._stores.items()
        }
        path = self.settings.work / PROBLEMS_FILE
        path.write_text(json.dumps(stores, ensure_ascii=False), encoding="utf-8")
        compat.save_environment(self.app.env, self.settings.doctrees)
        self._unsaved = False

    def close(self) -> None:
        self.save()
        self._stack.close()


class _ProblemLog(logging.Handler):
    """Hands each warning Sphinx logs to the preview, as it is logged (not the
    warning stream's handler, which Sphinx holds back while it reads)."""

    def __init__(self, preview: Preview) -> None:
        super().__init__(logging.WARNING)
        self.preview = preview

    def emit(self, record: logging.LogRecord) -> None:
        # A warning held back while Sphinx reads comes again when it is let go.
        if getattr(record, "kommun_serve_noted", False):
            return
        record.kommun_serve_noted = True
        try:
            self.preview.note(record)
        except Exception:
            self.handleError(record)


class _Capture:
    """Sphinx's warning stream: to the server's terminal, each line marked with
    its language; what is written while the application is made is kept as
    the project's warnings (Sphinx sets its logging up anew as it starts)."""

    LINE = re.compile(r"^(?:(?P<where>.+?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*)$")

    def __init__(self, stream: IO[str], prefix: str) -> None:
        self.out = PrefixedStream(stream, prefix)
        self.capturing = True
        self.text: list[str] = []

    def write(self, text: str) -> int:
        if self.capturing:
            self.text.append(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return False

    def problems(self, root: Path) -> list[Problem]:
        found: list[Problem] = []
        from sphinx.util.console import strip_escape_sequences

        for line in strip_escape_sequences("".join(self.text)).splitlines():
            match = self.LINE.match(line)
            if match is None:
                if found and line.strip():
                    last = found[-1]
                    found[-1] = Problem(f"{last.message}\n{line}", last.path, last.line, last.level)
                continue
            where = match["where"] or ""
            head, sep, tail = where.rpartition(":")
            path, line_no = (head, int(tail)) if sep and tail.isdigit() else (where, None)
            message = re.sub(r" \[[\w.-]+\]$", "", match["message"])
            found.append(Problem(message, _relative(path, root), line_no, match["level"]))
        return found


# -- helpers --------------------------------------------------------------------------------


def _toc(env: BuildEnvironment, docname: str) -> str:
    """What a toctree shows of ``docname``: its title and headings."""
    title = env.titles.get(docname)
    toc = env.tocs.get(docname)
    return (title.astext() if title is not None else "") + "\0" + (toc.pformat() if toc else "")


def _location(record: logging.LogRecord, env: BuildEnvironment) -> tuple[str, int | None]:
    """The file and line a record names, whichever form Sphinx was given
    (a docname and line, a node, ``"path:line"``)."""
    location = getattr(record, "location", None)
    if isinstance(location, tuple) and len(location) == 2:
        docname, line = location
        return (str(env.doc2path(docname)) if docname else "", line or None)
    if isinstance(location, nodes.Node):
        source, line = get_source_line(location)
        return (os.path.abspath(source) if source else "", line)
    if isinstance(location, str) and location:
        head, sep, tail = location.rpartition(":")
        if sep and (tail.isdigit() or not tail):
            return head, int(tail) if tail else None
        if location in env.found_docs:
            return str(env.doc2path(location)), None
        return location, None
    return "", None


def _message(record: logging.LogRecord) -> str:
    """The message as the writer reads it, without the type Sphinx may have
    added (``show_warning_types``)."""
    text = record.getMessage()
    kind = getattr(record, "type", "")
    if kind:
        subtype = getattr(record, "subtype", "")
        text = text.removesuffix(f" [{kind}.{subtype}]" if subtype else f" [{kind}]")
    return text


def _relative(path: str, root: Path) -> str:
    if not path:
        return ""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path


def failure(exc: BaseException) -> str:
    """What stopped a build, as one located message: Sphinx's own words for
    its errors (conf.py, an extension), else the exception and where it rose."""
    from sphinx.errors import SphinxError

    if isinstance(exc, SphinxError):
        return f"{exc.category}: {exc}"
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        text += f" ({frames[-1].filename}:{frames[-1].lineno})"
    return text
