"""``sphinx-kommun arkivera PROJECT``: the project's archive package for its e-archive.

It builds ``kommunarkiv`` from the internal edition (``kommun_publicering =
"intern"``: the archive is the authority's own and holds every text, each
secret part with its restriction) in the project's own language, into
``PROJECT/_build/arkiv/``.  Sphinx's working files go to
``PROJECT/_build/.work/arkiv/``, apart from the web builds': the internal
edition's doctrees are never where a public build reads.  Then it prints
where each package is and what it holds, read from the package itself.

``--fran`` and ``--tom`` limit the package to the memos dated in a period
(``kommun_arkiv_fran`` / ``kommun_arkiv_tom``), ``--packa zip`` or ``tar``
also puts each package into one file beside its folder.  The exit status is
Sphinx's: 1 on a warning with ``-W`` (the package is still written and
shown), and 1 when no memo could be archived; 2 for a project or option
that cannot be built at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sphinx_kommun import commands
from sphinx_kommun.archive import contents, packages_in, size_text
from sphinx_kommun.model.dates import parse_datum


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "--fran", metavar="DATE", help="the first memo date the package holds (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--tom", metavar="DATE", help="the last memo date the package holds (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--packa",
        choices=("zip", "tar"),
        help="also pack each package into one file beside its folder",
    )
    parser.add_argument("-j", "--jobs", type=int, default=0, help="processes printing the PDFs")
    parser.add_argument("-W", dest="strict", action="store_true", help="warnings are errors")


def output_folder(project: Path) -> Path:
    return project / "_build" / "arkiv"


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    if not (project / "conf.py").is_file():
        print(f"sphinx-kommun arkivera: {project} has no conf.py", file=sys.stderr)
        return 2
    overrides: dict[str, str] = {"kommun_publicering": "intern"}
    for option, name in (("fran", "kommun_arkiv_fran"), ("tom", "kommun_arkiv_tom")):
        value = getattr(args, option)
        if value is None:
            continue
        if parse_datum(value) is None:
            print(
                f"sphinx-kommun arkivera: --{option} {value!r} is not a date (YYYY-MM-DD)",
                file=sys.stderr,
            )
            return 2
        overrides[name] = value
    if args.fran and args.tom and args.fran > args.tom:
        print(
            f"sphinx-kommun arkivera: --fran {args.fran} is after --tom {args.tom}",
            file=sys.stderr,
        )
        return 2
    if args.packa:
        overrides["kommun_arkiv_packa"] = args.packa
    outdir = output_folder(project)
    print(f"Archiving {project} (the internal edition) into {outdir}", flush=True)
    status = commands.sphinx_build(
        project,
        outdir=outdir,
        doctreedir=project / "_build" / ".work" / "arkiv" / "doctrees",
        buildername="kommunarkiv",
        overrides=overrides,
        warning=sys.stderr,
        strict=args.strict,
        jobs=args.jobs,
    )
    if status == 2:
        print("Failed: no package was written.")
        return status
    return report(outdir, status)


def report(outdir: Path, status: int) -> int:
    """What each package holds, one paragraph each; the exit status."""
    folders = packages_in(outdir)
    if not folders:
        print("No package: no memo could be archived (see the warnings above).")
        return status or 1
    for held in sorted(map(contents, folders), key=lambda c: (c.record_creator, c.folder)):
        folder = held.folder
        print(f"{held.record_creator}: {folder.resolve()}")
        print(f"  {held.label}")
        print(f"  {held.summary}")
        for suffix in (".zip", ".tar"):
            packed = folder.with_name(folder.name + suffix)
            if packed.is_file():
                print(f"  packed: {packed.resolve()} ({size_text(packed.stat().st_size)})")
    return status
