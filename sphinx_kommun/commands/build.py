"""``sphinx-kommun build PROJECT``: every language as HTML and PDF, in one go.

Output goes to ``PROJECT/_build/<lang>/<format>``.  Each build is an ordinary
``sphinx-build`` run, so its warnings and errors read as Sphinx's do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

from sphinx_kommun.commands import read_project, split

BUILDERS = {"html": "html", "pdf": "kommunpdf"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "--lang", help="comma-separated languages (default: kommun_languages in conf.py)"
    )
    parser.add_argument(
        "--format", default="html,pdf", help="comma-separated formats: html, pdf (default: both)"
    )
    parser.add_argument("-j", "--jobs", default="1", help="parallel processes per build")
    parser.add_argument("-W", dest="strict", action="store_true", help="warnings are errors")


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "conf.py").is_file():
        print(f"sphinx-kommun build: {project} has no conf.py", file=sys.stderr)
        return 2
    languages = read_project(project, args.lang).languages
    formats = split(args.format)
    unknown = [f for f in formats if f not in BUILDERS]
    if unknown:
        print(
            f"sphinx-kommun build: unknown format {', '.join(unknown)} "
            f"(known: {', '.join(BUILDERS)})",
            file=sys.stderr,
        )
        return 2

    done: list[Path] = []
    steps = [(lang, fmt) for lang in languages for fmt in formats]
    for number, (lang, fmt) in enumerate(steps, 1):
        outdir = project / "_build" / lang / fmt
        print(f"[{number}/{len(steps)}] {lang} {fmt} → {outdir}", flush=True)
        argv = ["-q", "-b", BUILDERS[fmt], "-D", f"language={lang}", "-j", args.jobs]
        if args.strict:
            argv += ["-W", "--keep-going"]
        status = build_main([*argv, str(project), str(outdir)])
        if status != 0:
            print(
                f"sphinx-kommun build: the {lang} {fmt} build failed (status {status})",
                file=sys.stderr,
            )
            return status
        done.append(outdir)
    print("Built:")
    for outdir in done:
        print(f"  {outdir}")
    return 0
