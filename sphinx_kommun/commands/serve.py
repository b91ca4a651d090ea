"""``sphinx-kommun serve PROJECT``: the web pages while a writer edits them.

Serves the project's pages on 127.0.0.1 (``--bind`` to show them to other
machines), watches its sources, translations, profiles and conf.py, builds
again after each save and reloads the open page in the browser.  The
language shown first is ``--lang`` (default: the project's own); every
language of ``kommun_languages`` is at ``/<lang>/html/``, as
``sphinx-kommun build`` publishes them, so the header's link to the other
language works, and that language is built once it is first asked for.

Each language is built in a process of its own that keeps its Sphinx
application between edits (:mod:`~sphinx_kommun.commands.previewbuild`):
after saving one memo it reads that memo and writes the pages it affects.
A process is started afresh when what Sphinx cannot take in between builds
changes: conf.py or a Python file beside it, a profile (read once per
application), a translation of its language (Sphinx and gettext keep every
catalog they have read for the whole process).  A conf.py that does not
load, or a build that fails, shows its error on every page, and the server
waits for the next save.  The pages are served as Sphinx wrote them, with
the reload script, the warnings and the PDF link put in on the way out
(:mod:`~sphinx_kommun.commands.livereload`).

The public edition is shown, as ``sphinx-kommun build`` publishes it (a
secret memo has no page); ``--intern`` shows the internal edition, every
secret part marked.  Everything is built in ``_build/.serve/<edition>/<lang>``,
apart from what ``sphinx-kommun build`` builds and publishes.
"""

from __future__ import annotations

import argparse
import errno
import multiprocessing
import queue
import re
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from sphinx_kommun.commands.livereload import EditionState, PreviewServer, Site, edition_url
from sphinx_kommun.commands.previewbuild import (
    Build,
    BuildReport,
    PdfReport,
    PrintPdf,
    Problem,
    Reply,
    Request,
    Settings,
    Stop,
    serve_requests,
)
from sphinx_kommun.commands.watch import Watcher
from sphinx_kommun.config import DEFAULT_LANGUAGES

DEFAULT_PORT = 8000
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: A language as ``--lang`` and ``kommun_languages`` name it ("sv", "en", "pt-BR").
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*$")
#: Seconds a builder process has to save and end before it is stopped.
STOP_SECONDS = 20.0
#: Files whose change shows on a page without the page itself changing
#: (an image, a stylesheet): every open page reloads.
PAGE_SOURCES = frozenset({".rst", ".po"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port to serve on (default: {DEFAULT_PORT}; 0: any free one)",
    )
    parser.add_argument(
        "--lang", help="the language to open and build first (default: the project's language)"
    )
    parser.add_argument(
        "--intern",
        action="store_true",
        help="the internal edition: every secret part, marked (default: the public edition)",
    )
    parser.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )


@dataclass(frozen=True)
class ProjectFiles:
    """What the server reads of conf.py itself: the languages, and the
    folders besides the project's that its pages are made from."""

    root: Path
    source: str
    languages: tuple[str, ...]
    locale_dirs: tuple[Path, ...]
    profile_dirs: tuple[Path, ...]
    file_dirs: tuple[Path, ...]

    @property
    def watched(self) -> list[Path]:
        return [self.root, *self.locale_dirs, *self.profile_dirs, *self.file_dirs]

    def po_dir(self, lang: str) -> list[Path]:
        return [folder / lang for folder in self.locale_dirs]


def read_files(root: Path) -> ProjectFiles:
    """conf.py's languages and folders; raises what loading conf.py raises."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    root = root.resolve()
    namespace = eval_config_file(root / "conf.py", Tags())

    def folders(name: str, default: list[str]) -> tuple[Path, ...]:
        value = namespace.get(name) or default
        names = [value] if isinstance(value, str) else list(value)
        return tuple((root / str(n)).resolve() for n in names)

    languages = namespace.get("kommun_languages") or DEFAULT_LANGUAGES
    return ProjectFiles(
        root=root,
        source=str(namespace.get("language") or "en"),
        languages=tuple([languages] if isinstance(languages, str) else languages),
        locale_dirs=folders("locale_dirs", ["locales"]),
        profile_dirs=folders("kommun_profile_dirs", []),
        file_dirs=folders("kommun_file_dirs", []),
    )


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "conf.py").is_file():
        print(f"sphinx-kommun serve: {project} has no conf.py", file=sys.stderr)
        return 2
    try:
        files = read_files(project)
    except Exception as exc:  # shown on every page until conf.py is fixed
        print(f"sphinx-kommun serve: conf.py does not load: {exc}", file=sys.stderr)
        lang = args.lang or "sv"
        files = ProjectFiles(project.resolve(), lang, (lang,), (), (), ())
    primary = args.lang or files.source
    if not LANGUAGE.match(primary):
        print(f"sphinx-kommun serve: --lang {primary!r} is no language code", file=sys.stderr)
        return 2
    server = Server(files, primary, intern=args.intern)
    try:
        http = PreviewServer((args.bind, args.port), server.site)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        hint = (
            " (--port N for another port, --port 0 for any free one)"
            if getattr(exc, "errno", None) == errno.EADDRINUSE
            else ""
        )
        print(
            f"sphinx-kommun serve: cannot listen on {args.bind}:{args.port}: {reason}{hint}",
            file=sys.stderr,
        )
        return 2
    host, port = http.server_address[:2]
    edition = "the internal edition" if args.intern else "the public edition"
    print(
        f"Serving {files.root} at {edition_url(str(host), int(port), primary)} ({edition})",
        flush=True,
    )
    if args.bind not in LOOPBACK:
        held = "every secret part of the memos" if args.intern else "text that is not yet public"
        print(
            f"Warning: every machine that reaches {args.bind} sees these pages, and they may "
            f"hold {held}.",
            flush=True,
        )
    print("Press Ctrl-C to stop.", flush=True)
    thread = threading.Thread(target=http.serve_forever, name="http", daemon=True)
    thread.start()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping…", flush=True)
        try:
            server.close()
        except KeyboardInterrupt:  # a second Ctrl-C: no waiting for the saves
            server.kill()
        http.shutdown()
        http.server_close()
        signal.signal(signal.SIGTERM, previous)
    print("Stopped.", flush=True)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Edition:
    """One language's builder process, started when needed; requests to it
    are answered one at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self._process: Any = None
        self._connection: Any = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def call(self, request: Request, *, start: bool = True) -> Reply:
        """The process's answer; None if it is not running (and ``start`` is
        false) or ended without answering."""
        with self.lock:
            if not self.running:
                if not start:
                    return None
                self._start()
            try:
                self._connection.send(request)
                return self._connection.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                self._ended()
                return None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve_requests,
            args=(theirs, self.settings),
            name=f"sphinx-kommun-serve-{self.settings.lang}",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours

    def _ended(self) -> None:
        if self._process is not None:
            self._process.join(STOP_SECONDS)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def stop(self) -> None:
        """Let the process save its environment and end (after what it is doing)."""
        acquired = self.lock.acquire(timeout=STOP_SECONDS)
        try:
            if self.running:
                try:
                    self._connection.send(Stop())
                    while self._connection.poll(STOP_SECONDS):
                        if self._connection.recv() is None:
                            break
                except (EOFError, OSError):
                    pass
            self._ended()
        finally:
            if acquired:
                self.lock.release()

    def kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()

    def finished(self) -> None:
        """The process ended itself after a failed build: the next request starts another."""
        with self.lock:
            self._ended()


class Server:
    """The main loop: builds after each change, one language after another,
    the one shown first first; the request threads read what it updates."""

    def __init__(self, files: ProjectFiles, primary: str, *, intern: bool = False) -> None:
        self.files = files
        self.primary = primary
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.editions: dict[str, Edition] = {}
        states: dict[str, EditionState] = {}
        languages = [primary, *(lang for lang in files.languages if LANGUAGE.match(lang))]
        for lang in dict.fromkeys(languages):
            edition = "intern" if intern else "offentlig"
            work = files.root / "_build" / ".serve" / edition / lang
            settings = Settings(files.root, lang, work, edition)
            self.editions[lang] = Edition(settings)
            states[lang] = EditionState(lang, settings.html)
        self.site = Site(states, primary, start=self.ask_to_start, print_pdf=self.print_pdf)
        self.stopping = threading.Event()
        self.watcher = Watcher(files.watched)

    # -- asked for by the request threads ---------------------------------------------------

    def ask_to_start(self, lang: str) -> None:
        with self.site.changed:
            state = self.site.editions[lang]
            if state.status != "idle":
                return
            state.status = "building"
        self.queue.put(("start", lang))

    def print_pdf(self, lang: str, docname: str) -> PdfReport:
        reply = self.editions[lang].call(PrintPdf(docname), start=False)
        if isinstance(reply, PdfReport):
            return reply
        return PdfReport(problems=(Problem("Byggprocessen för webbsidorna körs inte just nu."),))

    # -- the loop ----------------------------------------------------------------------------

    def run(self) -> None:
        threading.Thread(target=self._watch, name="watch", daemon=True).start()
        self.ask_to_start(self.primary)
        while True:
            try:
                kind, value = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "start":
                self.build(value)
            elif kind == "changed":
                self.changed(value)

    def _watch(self) -> None:
        while not self.stopping.is_set():
            found = self.watcher.wait(self.stopping)
            if found:
                self.queue.put(("changed", found))

    def started(self) -> list[str]:
        """The languages asked for so far, the one shown first first."""
        with self.site.changed:
            return [lang for lang, s in self.site.editions.items() if s.status != "idle"]

    def changed(self, paths: set[Path]) -> None:
        while True:  # what was saved while the last build ran, taken together
            try:
                kind, value = self.queue.get_nowait()
            except queue.Empty:
                break
            if kind == "changed":
                paths |= value
            else:
                self.queue.put((kind, value))
                break
        files = self.files
        shown = sorted(_shown(p, files.root) for p in paths)
        print(f"Changed: {', '.join(shown[:5])}{' …' if len(shown) > 5 else ''}", flush=True)
        anew = any(
            (p.suffix == ".py" and p.is_relative_to(files.root))
            or any(p.is_relative_to(d) for d in files.profile_dirs)
            for p in paths
        )
        if anew:
            try:
                self.files = read_files(files.root)
                self.watcher.watch(self.files.watched)
            except Exception:
                pass  # the builder process shows conf.py's error
        everything = any(p.suffix not in PAGE_SOURCES for p in paths)
        for lang in self.started():
            translated = any(
                p.suffix == ".po" and any(p.is_relative_to(d) for d in self.files.po_dir(lang))
                for p in paths
            )
            if anew or translated:
                self.editions[lang].stop()
            self.build(lang, everything=everything)

    def build(self, lang: str, *, everything: bool = False) -> None:
        edition = self.editions[lang]
        reply = edition.call(Build())
        report = reply if isinstance(reply, BuildReport) else None
        if report is None:
            report = BuildReport(fatal="Byggprocessen avslutades oväntat.")
        if not report.ok:
            edition.finished()
        self.site.update(lang, lambda state: state.apply(report, everything))
        print(describe(lang, report), flush=True)

    def close(self) -> None:
        """Every builder process saves its environment and ends."""
        self.stopping.set()
        for edition in self.editions.values():
            edition.stop()

    def kill(self) -> None:
        for edition in self.editions.values():
            edition.kill()


def describe(lang: str, report: BuildReport) -> str:
    """One line of the terminal per build."""
    if not report.ok:
        first = report.fatal.strip().splitlines()[0] if report.fatal.strip() else "unknown error"
        return f"[{lang}] the build failed, every page shows why: {first}"
    read = list(report.read)
    names = ", ".join(read[:5]) + (f" and {len(read) - 5} more" if len(read) > 5 else "")
    warnings = sum(len(p) for p in report.problems.values()) + len(report.project)
    return (
        f"[{lang}] read {len(read)}{f' ({names})' if read else ''}, "
        f"wrote {len(report.written)} pages in {report.seconds:.2f} s; "
        f"{warnings} warning{'' if warnings == 1 else 's'} shown"
    )


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
