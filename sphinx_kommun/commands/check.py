"""``sphinx-kommun check PROJECT``: the checks alone, quick enough for every commit.

Every document is read afresh and checked with Sphinx's ``dummy`` builder,
which writes no output; its resolving step runs the reference checks too
(``:bilaga:``).  The build's files go to a temporary folder that is removed
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
    try:
        log = read_and_check(project, overrides)
    except SphinxError as exc:
        print(f"{shown_path(str(project / 'conf.py'))}: {exc}")
        return 1
    except Exception as exc:  # a fault of the extension: told in one line, not a traceback
        print(
            f"sphinx-kommun check: the check stopped: {type(exc).__name__}: {exc} "
            "(sphinx-build -b dummy shows the details)",
            file=sys.stderr,
        )
        return 2
    problems = [problem for line in log.splitlines() if (problem := problem_line(line))]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


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
