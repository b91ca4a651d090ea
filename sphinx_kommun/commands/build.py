"""``sphinx-kommun build PROJECT``: every language as HTML and PDF, in one go.

**A process per language.**  Sphinx keeps one translator per message catalog
for the whole process (``sphinx.locale.translators``): a second language
built in the same process keeps the first one's labels.  So each language is
built in a process of its own, and the languages run at the same time where
the machine has cores for them.

**One reading per language.**  The web pages and the PDFs of a language share
one environment (``_build/.work/<lang>/doctrees``): the first builder reads
the sources, the second finds nothing to read.

**Only what a reader gets is published.**  Sphinx builds into a working
folder, ``_build/.work/<lang>/<format>``, which keeps what the next build
needs (``.buildinfo``).  Once a language is built without error, what a
reader gets is published to ``_build/<lang>/<format>``: every file of the
working folder but Sphinx's bookkeeping and the memo sources, and nothing
that is no longer built (the extension removes the pages and files of
deleted memos from the working folder).  A build that fails publishes
nothing, so the folder a web server shows is never half-built.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sphinx_kommun import commands
from sphinx_kommun.commands import Failed, in_processes, read_project, split

BUILDERS = {"html": "html", "pdf": "kommunpdf"}
#: What Sphinx keeps in an output folder for itself, or for a writer: never published.
PRIVATE = frozenset({".buildinfo", ".buildinfo.bak", ".doctrees", "_sources"})


@dataclass(frozen=True)
class Layout:
    """Where one language's builds of one edition go: the public edition to
    ``_build/<lang>/``, the internal one to ``_build/intern/<lang>/``, each
    with a working folder of its own (their doctrees differ)."""

    root: Path
    lang: str
    intern: bool = False

    @property
    def edition(self) -> str:
        return "intern" if self.intern else "offentlig"

    @property
    def base(self) -> Path:
        return self.root / "_build" / ("intern" if self.intern else "")

    @property
    def work(self) -> Path:
        return self.root / "_build" / ".work" / self.edition / self.lang

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"

    def working(self, fmt: str) -> Path:
        return self.work / fmt

    def published(self, fmt: str) -> Path:
        return self.base / self.lang / fmt


@dataclass(frozen=True)
class Job:
    layout: Layout
    formats: tuple[str, ...]
    jobs: int
    strict: bool


@dataclass(frozen=True)
class Outcome:
    """What a language's process reports back."""

    lang: str
    status: int
    files: dict[str, int]
    warnings: int
    seconds: float
    failed: str = ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "--lang", help="comma-separated languages (default: kommun_languages in conf.py)"
    )
    parser.add_argument(
        "--format", default="html,pdf", help="comma-separated formats: html, pdf (default: both)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help="processes per language (default: the cores left over by the languages)",
    )
    parser.add_argument("-W", dest="strict", action="store_true", help="warnings are errors")
    parser.add_argument(
        "--intern",
        action="store_true",
        help="the internal edition: every secret part, marked (to _build/intern/<lang>)",
    )


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "conf.py").is_file():
        print(f"sphinx-kommun build: {project} has no conf.py", file=sys.stderr)
        return 2
    languages = read_project(project, args.lang).languages
    formats = tuple(split(args.format))
    unknown = [f for f in formats if f not in BUILDERS]
    if unknown or not formats:
        print(
            f"sphinx-kommun build: unknown format {', '.join(unknown) or '(none)'} "
            f"(known: {', '.join(BUILDERS)})",
            file=sys.stderr,
        )
        return 2
    cores = os.cpu_count() or 1
    jobs = args.jobs if args.jobs > 0 else max(1, cores // len(languages))
    plan = [
        Job(Layout(project, lang, args.intern), formats, jobs, args.strict) for lang in languages
    ]
    print(
        f"Building {', '.join(languages)} ({', '.join(formats)}) from {project}, "
        f"{min(cores, len(plan))} at a time",
        flush=True,
    )
    started = time.perf_counter()
    tasks = [(job.layout.lang, build_language, (job,)) for job in plan]
    outcomes = in_processes(tasks, workers=min(cores, len(plan)))
    return report(plan, outcomes, time.perf_counter() - started)


def report(plan: list[Job], outcomes: dict[str, Outcome | Failed], seconds: float) -> int:
    status = 0
    print("Summary:")
    for job in plan:
        lang = job.layout.lang
        outcome = outcomes.get(lang, Failed("the build process died"))
        if isinstance(outcome, Failed):
            outcome = Outcome(lang, 2, {}, 0, 0.0, outcome.error)
        if outcome.status:
            status = status or outcome.status
            print(f"  {lang}: failed ({outcome.failed}); nothing was published for {lang}")
            continue
        counts = ", ".join(
            f"{outcome.files.get(fmt, 0)} {'pages' if fmt == 'html' else 'PDFs'}"
            for fmt in job.formats
        )
        print(f"  {lang}: {counts}, {outcome.warnings} warnings, {outcome.seconds:.1f} s")
        for fmt in job.formats:
            print(f"    {job.layout.published(fmt)}")
    print(f"Done in {seconds:.1f} s." if status == 0 else f"Failed after {seconds:.1f} s.")
    return status


# -- the processes --------------------------------------------------------------------


def build_language(job: Job) -> Outcome:
    """One language's formats, in this process; published only if all succeed."""
    layout, lang = job.layout, job.layout.lang
    started = time.perf_counter()
    warnings = PrefixedStream(sys.stderr, f"[{lang}] ")
    for fmt in job.formats:
        print(f"[{lang}] {fmt}: building in {layout.working(fmt)}", flush=True)
        status = sphinx_build(job, fmt, warnings)
        if status != 0:
            failed = f"the {fmt} build ended with status {status}"
            return Outcome(lang, status, {}, warnings.count, 0.0, failed)
    files = {}
    for fmt in job.formats:
        files[fmt] = publish(layout.working(fmt), layout.published(fmt), count=_counted(fmt))
        print(f"[{lang}] {fmt}: published {layout.published(fmt)}", flush=True)
    return Outcome(lang, 0, files, warnings.count, time.perf_counter() - started)


def sphinx_build(job: Job, fmt: str, warnings: PrefixedStream) -> int:
    """One Sphinx build, as ``sphinx-build -q`` runs it; its exit status."""
    layout = job.layout
    return commands.sphinx_build(
        layout.root,
        outdir=layout.working(fmt),
        doctreedir=layout.doctrees,
        buildername=BUILDERS[fmt],
        overrides={"language": layout.lang, "kommun_publicering": layout.edition},
        warning=warnings,  # type: ignore[arg-type]
        strict=job.strict,
        jobs=job.jobs,
    )


class PrefixedStream:
    """Sphinx's warning stream, each line marked with its language and counted."""

    def __init__(self, stream: IO[str], prefix: str) -> None:
        self.stream = stream
        self.prefix = prefix
        self.count = 0
        self._at_line_start = True

    def write(self, text: str) -> int:
        self.count += text.count("WARNING:") + text.count("ERROR:") + text.count("CRITICAL:")
        out = []
        for piece in text.splitlines(keepends=True):
            if self._at_line_start:
                out.append(self.prefix)
            out.append(piece)
            self._at_line_start = piece.endswith("\n")
        self.stream.write("".join(out))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:  # Sphinx colours a terminal's warnings
        return self.stream.isatty()


# -- publishing ------------------------------------------------------------------


def _counted(fmt: str) -> str:
    return ".html" if fmt == "html" else ".pdf"


def publish(work: Path, public: Path, *, count: str) -> int:
    """Make ``public`` hold what ``work`` holds, less what is :data:`PRIVATE`:
    changed files are copied (each replaced whole), and files no longer built
    are removed.  Returns the number of published files ending in ``count``."""
    wanted: dict[Path, Path] = {}
    for folder, dirnames, filenames in os.walk(work):
        base = Path(folder)
        dirnames[:] = [d for d in dirnames if d not in PRIVATE]
        for name in filenames:
            if name not in PRIVATE:
                source = base / name
                wanted[source.relative_to(work)] = source
    public.mkdir(parents=True, exist_ok=True)
    for relative, source in wanted.items():
        target = public / relative
        if _same(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        shutil.copy2(source, partial)
        partial.replace(target)
    for folder, _dirnames, filenames in os.walk(public, topdown=False):
        base = Path(folder)
        for name in filenames:
            if (base / name).relative_to(public) not in wanted:
                (base / name).unlink()
        if base != public and not any(base.iterdir()):
            base.rmdir()
    return sum(1 for relative in wanted if relative.name.endswith(count))


def _same(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
