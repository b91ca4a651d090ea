"""``sphinx-kommun check PROJECT``: the checks alone, quick enough for every commit.

Every document is read afresh and checked with Sphinx's ``dummy`` builder,
which writes no output; its resolving step runs the reference checks too
(``:bilaga:``).  Every language of ``kommun_languages`` is checked, each in a
process of its own: a translator's ``.po`` can bring a personnummer, a raw
block or a broken link of its own.  A problem found in the source language is
not repeated for the others; one found only in a translation is marked with
its language (``[en] …``).  The build's files go to a temporary folder that is removed
afterwards, so nothing in the project changes and nothing is cached: every
problem is reported on every run, not only those of the memos just edited.

One problem per entry, ``file:line: message [type.subtype]``, the path relative
to the current folder where it lies inside it; a message of several lines
(docutils quotes the block it could not read) keeps them, indented beneath.
Every warning and error counts, not only the extension's: a misspelt directive
loses its text from the memo just as surely.

After the problems comes the plain-language report (klarspråk, Swedish text
only): a table with each memo's LIX, the limit of its profile, its sentences of
more than 35 words and its officialese, then each of those where it was
written (``file:line: message [kommun.klarsprak]``), the same lines a build
warns of with ``kommun_klarsprak = True``.  They are advice, not problems:
a memo's readability is the writer's to weigh, and a word such as "samt" is
sometimes the right one, so they do not change the exit status, unless the
project has asked for them as warnings (``kommun_klarsprak = True``): then
they are problems like every other warning, listed with them.

The last line sums up, in the project's language: "3 problem i 2 filer (12
dokument granskade)", or "Inga problem: 12 dokument granskade".  Exit status:
0 when clean, 1 on any problem, 2 when PROJECT is no Sphinx project or the
check could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.console import strip_escape_sequences
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_kommun.checks import klarsprak_findings
from sphinx_kommun.commands import Failed, in_processes, read_project
from sphinx_kommun.i18n import _, catalog_folders, in_language, ngettext

if TYPE_CHECKING:
    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.klarsprak import Report
    from sphinx_kommun.model.memo import MemoRecord

#: A problem as Sphinx logs it: ``LOCATION: LEVEL: message``, the location optional.
PROBLEM = re.compile(r"^(?:(?P<location>.*?): )?(?:WARNING|ERROR|CRITICAL): (?P<message>.*)$")
LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d*))?$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "-D",
        dest="define",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a conf.py setting, as sphinx-build -D does (kommun_pii=error)",
    )


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "conf.py").is_file():
        print(f"sphinx-kommun check: {project} has no conf.py", file=sys.stderr)
        return 2
    overrides = {}
    for define in args.define:
        name, sep, value = define.partition("=")
        if not sep:
            print(f"sphinx-kommun check: -D {define}: write NAME=VALUE", file=sys.stderr)
            return 2
        overrides[name.strip()] = value
    settings = read_project(project)
    languages = [settings.source, *settings.targets]
    # The internal edition: a check publishes nothing, and reads every secret part.
    edition = {"kommun_publicering": "intern"}
    tasks = [
        (lang, checked, (project, {**edition, **overrides, "language": lang})) for lang in languages
    ]
    logs = in_processes(tasks, workers=min(os.cpu_count() or 1, len(tasks)))
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    documents = 0
    judged: Checked | None = None
    for lang in languages:
        log = logs.get(lang, Failed("the check process died"))
        if isinstance(log, Failed):
            print(f"sphinx-kommun check: the check stopped: {log.error}", file=sys.stderr)
            return 2
        if log.conf_error:
            print(log.conf_error)
            return 1
        documents = max(documents, log.documents)
        found = problems_of(log.log)
        if lang == settings.source:
            problems += found
            seen = {problem_key(problem) for problem in found}
        else:  # a translation's own problems only
            problems += [f"[{lang}] {p}" for p in found if problem_key(p) not in seen]
        if judged is None and log.memos:
            judged = log
    for problem in problems:
        print(problem)
    with in_language(settings.source):
        report = klarsprak_report(judged)
        if report:
            print(*([""] if problems else []), *report, "", sep="\n")
        print(summary(problems, documents))
    return 1 if problems else 0


def summary(problems: list[str], documents: int) -> str:
    """The last line: how many problems in how many files, of how many documents."""
    checked = ngettext("{count} document checked", "{count} documents checked", documents)
    checked = checked.format(count=documents)
    if not problems:
        return str(_("No problems: {documents}")).format(documents=checked)
    files = {path for p in problems if (path := problem_file(p))}
    return str(_("{problems} in {files} ({documents})")).format(
        problems=ngettext("{count} problem", "{count} problems", len(problems)).format(
            count=len(problems)
        ),
        files=ngettext("{count} file", "{count} files", len(files)).format(count=len(files)),
        documents=checked,
    )


def problem_file(problem: str) -> str | None:
    """The file a problem is in (as shown), or None for one that names no file."""
    path = re.sub(r"^\[[\w-]+\] ", "", problem).split(":", 1)[0]
    return path if path and os.path.isfile(path) else None


@dataclass(frozen=True)
class JudgedMemo:
    """One memo's plain-language report, and what it says where."""

    path: str
    report: Report
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    """What one language's check found: Sphinx's warning log and, in a Swedish
    build, each memo's plain-language report; or why conf.py cannot be read."""

    log: str = ""
    #: How many documents the check read.
    documents: int = 0
    memos: tuple[JudgedMemo, ...] = ()
    #: The project asked for klarspråk as warnings: its findings are in the log.
    warned: bool = False
    conf_error: str = ""


def klarsprak_report(judged: Checked | None) -> list[str]:
    """The lines of the plain-language report: the table, then (unless the
    build warned of them already) each finding where it was written."""
    if judged is None:
        return []
    rows = [
        (
            memo.path,
            f"{memo.report.lix:.1f}",
            f"{memo.report.limit:g}",
            str(len(memo.report.long_sentences)),
            str(len(memo.report.officialese)),
        )
        for memo in judged.memos
    ]
    columns = (
        str(_("memo")),
        "LIX",
        str(_("limit")),
        str(_("long sentences")),
        str(_("officialese")),
    )
    widths = [max(len(row[i]) for row in [columns, *rows]) for i in range(len(columns))]

    def line(row: tuple[str, ...]) -> str:
        first, *numbers = row
        cells = [
            first.ljust(widths[0]),
            *(n.rjust(w) for n, w in zip(numbers, widths[1:], strict=True)),
        ]
        return "  ".join(cells).rstrip()

    lines = [
        "klarspråk: "
        + str(
            _(
                "LIX (over 50 is hard to read, over 60 officialese), "
                "sentences of more than 35 words, officialese"
            )
        ),
        line(columns),
        *map(line, rows),
    ]
    findings = [finding for memo in judged.memos for finding in memo.findings]
    if findings and not judged.warned:
        lines += ["", *findings]
    return lines


def checked(project: Path, overrides: dict[str, str]) -> Checked:
    """What one language's check found (run in a process of its own); when
    conf.py itself is wrong, the line to print for it."""
    try:
        return read_and_check(project, overrides)
    except SphinxError as exc:
        return Checked(conf_error=f"{shown_path(str(project / 'conf.py'))}: {exc}")


def problem_key(problem: str) -> tuple[str, str]:
    """A problem's place and kind: the same problem in another language has them too."""
    place = problem.split(": ", 1)[0]
    kind = problem.rsplit("[", 1)[-1] if problem.endswith("]") else problem
    return place, kind


@contextlib.contextmanager
def catalogs_kept(app: Sphinx) -> Iterator[None]:
    """The project's compiled catalogs as they were: a build of every
    document compiles each ``.po`` of its language into a ``.mo`` beside it,
    and a check writes nothing into the project."""
    folders = catalog_folders(app)
    before = {
        mo: mo.read_bytes() for folder in folders if folder.is_dir() for mo in folder.rglob("*.mo")
    }
    try:
        yield
    finally:
        for folder in folders:
            for mo in folder.rglob("*.mo") if folder.is_dir() else ():
                with contextlib.suppress(OSError):
                    if mo not in before:
                        mo.unlink()
                    elif mo.read_bytes() != before[mo]:
                        mo.write_bytes(before[mo])


def read_and_check(project: Path, overrides: dict[str, str]) -> Checked:
    """Read and check every document of ``project``: what Sphinx warned of, and
    the memos' plain-language reports."""
    confdir = project.resolve()
    warnings = StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="sphinx-kommun-check-") as tmp,
        patch_docutils(confdir),
        docutils_namespace(),
    ):
        app = Sphinx(
            srcdir=confdir,
            confdir=confdir,
            outdir=Path(tmp, "out"),
            doctreedir=Path(tmp, "doctrees"),
            buildername="dummy",
            confoverrides={**overrides, "show_warning_types": True},
            status=None,
            warning=warnings,
            freshenv=True,
        )
        with catalogs_kept(app):
            app.build(force_all=True)
        domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
        memos = tuple(
            judged_memo(str(app.env.doc2path(record.docname)), record.klarsprak, record)
            for _docname, record in sorted(domain.memos.items())
            if record.klarsprak is not None
        )
        warned = bool(app.config.kommun_klarsprak)
        documents = len(app.env.found_docs)
    return Checked(strip_escape_sequences(warnings.getvalue()), documents, memos, warned)


def judged_memo(path: str, report: Report, record: MemoRecord) -> JudgedMemo:
    findings = tuple(
        f"{shown_path(source or path)}:{line}: {message} [kommun.klarsprak]"
        for source, line, message in klarsprak_findings(record)
    )
    return JudgedMemo(shown_path(path), report, findings)


def problems_of(log: str) -> list[str]:
    """Every problem of Sphinx's warning log, a message of several lines as
    one problem: its first line, then the rest indented beneath."""
    problems: list[str] = []
    for line in log.splitlines():
        problem = problem_line(line)
        if problem is not None:
            problems.append(problem)
        elif problems and line.strip():
            problems[-1] += f"\n    {line}"
    return problems


def problem_line(line: str) -> str | None:
    """``file:line: message`` for the first line of a problem in Sphinx's
    warning log; None for the lines that continue a message (a quoted source
    block)."""
    match = PROBLEM.match(line)
    if match is None:
        return None
    location = match["location"]
    if not location:
        return match["message"]
    place = LOCATION.match(location)
    assert place is not None  # the pattern matches any text
    path, number = shown_path(place["path"]), place["line"]
    return f"{path}:{number}: {match['message']}" if number else f"{path}: {match['message']}"


def shown_path(path: str) -> str:
    """``path`` relative to the current folder where it lies inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if relative.startswith("..") else relative
