"""``sphinx-kommun translate PROJECT``: the project's messages for the translators.

Runs the gettext builder (``PROJECT/_build/gettext``), then ``sphinx-intl
update`` for every language of ``kommun_languages`` other than the source
language, into the project's first ``locale_dirs`` folder: one ``.po`` file per
document, new messages added and changed ones marked fuzzy.  Sphinx compiles
the ``.po`` files itself when it builds a language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

from sphinx_kommun.commands import Project, read_project
from sphinx_kommun.i18n import CatalogError, _, in_language, link_to_catalogs, read_catalog
from sphinx_kommun.paths import link_or_outside


def build_pot(project: Project, *, quiet: bool = True, intern: bool = False) -> int:
    """The gettext builder's ``.pot`` files, one per document, made afresh.

    In the public edition a secret memo is a stub with no message, so it has
    no ``.pot`` and sphinx-intl writes no ``.po`` for it: its words never
    reach the translators' folder.  A ``.pot`` left by an earlier run is
    removed first, or sphinx-intl would update that memo's ``.po`` from it."""
    for stale in project.pot_dir.rglob("*.pot") if project.pot_dir.is_dir() else ():
        stale.unlink()
    argv = ["-q"] if quiet else []
    edition = ["-D", f"kommun_publicering={'intern' if intern else 'offentlig'}"]
    with in_language(None):  # the build's catalog language is not left behind
        status = build_main(
            [*argv, *edition, "-E", "-b", "gettext", str(project.root), str(project.pot_dir)]
        )
    for pot in project.pot_dir.rglob("*.pot") if status == 0 else ():
        if not any(message.id for message in read_catalog(pot)):
            pot.unlink()  # nothing to translate (a secret memo's stub): no .po for it
    return status


def project_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments ``translate`` and ``status`` share."""
    parser.add_argument("project", type=Path, help="the folder holding conf.py")
    parser.add_argument(
        "--lang", help="comma-separated languages (default: kommun_languages in conf.py)"
    )


def prepare(args: argparse.Namespace, command: str) -> tuple[Project | None, int]:
    """The project with fresh ``.pot`` files, or None and the exit status, said why."""
    if not (args.project / "conf.py").is_file():
        print(f"sphinx-kommun {command}: {args.project} has no conf.py", file=sys.stderr)
        return None, 2
    project = read_project(args.project, args.lang)
    if not project.targets:
        print(
            f"sphinx-kommun {command}: no language to translate into "
            f"(source {project.source}, kommun_languages {project.languages})",
            file=sys.stderr,
        )
        return None, 2
    status = build_pot(project, intern=bool(getattr(args, "intern", False)))
    if status != 0:
        print(
            f"sphinx-kommun {command}: the gettext build failed (status {status})",
            file=sys.stderr,
        )
        return None, status
    return project, 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    project_arguments(parser)
    parser.add_argument(
        "--intern",
        action="store_true",
        help="translate secret memos too: their .po files then hold secret text",
    )


def linked_catalog(project: Project) -> str | None:
    """The first place sphinx-intl would write through, said why, or None.

    sphinx-intl opens each ``.po`` for writing wherever it lies: a symbolic
    link on the way to the locale folder or inside it (a language folder,
    ``LC_MESSAGES``, a ``.po``) would have it overwrite a file elsewhere.  The
    locale folder itself is where conf.py's ``locale_dirs`` puts it, inside
    the project or beside it (the example project's ``../locales``)."""
    written = project.locale_written or project.locale_dir
    link = link_to_catalogs(written, project.root, project.targets)
    return f"{link} {link_or_outside(link, project.root)}" if link else None


def run(args: argparse.Namespace) -> int:
    project, status = prepare(args, "translate")
    if project is None:
        return status
    with in_language(project.source):
        return update(project)


def update(project: Project) -> int:
    """sphinx-intl update for every language translated into; said in the
    project's language."""
    linked = linked_catalog(project)
    if linked:
        print(
            "sphinx-kommun translate: "
            + str(_("{problem}; nothing was written")).format(problem=linked),
            file=sys.stderr,
        )
        return 1
    try:  # sphinx-intl stops with a traceback on a broken file: name it first
        for lang in project.targets:
            for po in sorted(project.po_dir(lang).rglob("*.po")):
                read_catalog(po)
    except CatalogError as exc:
        print(f"sphinx-kommun translate: {exc}", file=sys.stderr)
        return 1

    from sphinx_intl.basic import update as intl_update

    try:
        intl_update(str(project.locale_dir), str(project.pot_dir), tuple(project.targets), jobs=1)
    except (OSError, ValueError, LookupError) as exc:  # a folder or file it cannot write
        print(
            "sphinx-kommun translate: "
            + str(_("sphinx-intl stopped: {problem}")).format(problem=exc),
            file=sys.stderr,
        )
        return 1
    print(
        str(
            _(
                "Translate the .po files under {folder} ({languages}); "
                "`sphinx-kommun status {project}` shows what is left."
            )
        ).format(
            folder=project.locale_dir,
            languages=", ".join(project.targets),
            project=project.root,
        )
    )
    return 0
