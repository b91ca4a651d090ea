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

One line per problem, ``file:line: message [type.subtype]``, the path relative
to the current folder where it lies inside it.  Every warning and error counts,
not only the extension's: a misspelt directive loses its text from the memo
just as surely.  Exit status: 0 when clean, 1 on any problem, 2 when PROJECT
is no Sphinx project or the check could not run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from io import StringIO
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.console import strip_escape_sequences
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_kommun.commands import Failed, in_processes, read_project

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
    for lang in languages:
        log = logs.get(lang, Failed("the check process died"))
        if isinstance(log, Failed):
            print(f"sphinx-kommun check: the check stopped: {log.error}", file=sys.stderr)
            return 2
        if log.startswith(CONF_ERROR):
            print(log[len(CONF_ERROR) :])
            return 1
        found = [problem for line in log.splitlines() if (problem := problem_line(line))]
        if lang == settings.source:
            problems += found
            seen = {problem_key(problem) for problem in found}
        else:  # a translation's own problems only
            problems += [f"[{lang}] {p}" for p in found if problem_key(p) not in seen]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


#: How :func:`checked` tells the parent that conf.py itself is wrong.
CONF_ERROR = "conf.py error: "


def checked(project: Path, overrides: dict[str, str]) -> str:
    """What one language's check warned of (run in a process of its own)."""
    try:
        return read_and_check(project, overrides)
    except SphinxError as exc:
        return f"{CONF_ERROR}{shown_path(str(project / 'conf.py'))}: {exc}"


def problem_key(problem: str) -> tuple[str, str]:
    """A problem's place and kind: the same problem in another language has them too."""
    place = problem.split(": ", 1)[0]
    kind = problem.rsplit("[", 1)[-1] if problem.endswith("]") else problem
    return place, kind


def read_and_check(project: Path, overrides: dict[str, str]) -> str:
    """Read and check every document of ``project``; what Sphinx warned of."""
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
        app.build(force_all=True)
    return strip_escape_sequences(warnings.getvalue())


def problem_line(line: str) -> str | None:
    """``file:line: message`` for a line of Sphinx's warning log; None for the
    lines that continue a message (a quoted source block)."""
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
