"""``sphinx-kommun new PROJECT --kommun KEY``: a ready memo project.

It holds conf.py with the municipality's profile, an index with the decision
register, one memo to write (its placeholders in square brackets, which
``check`` names until each is replaced), ``locales/`` for the translations,
a Makefile (html, pdf, gettext, check) and a .gitignore.

``--kommun`` names one of the profiles that ship with the package, by its key
and nothing else (never a path to some YAML file), and every value conf.py
gets is written as a Python literal (``repr``): the new project's conf.py
runs no code that came from a profile.  It writes only into a folder that is
new or empty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from string import Template

from sphinx_kommun.model import placeholders
from sphinx_kommun.profiles import BUILTIN_DIR, ProfileError, load_profile, profile_files

CONF = Template("""\
# Memos built with sphinx-kommun.
project = $name
author = $name

extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = $key
kommun_languages = ["sv", "en"]

html_theme = "kommun"

locale_dirs = ["locales/"]
gettext_compact = False

exclude_patterns = ["_build", "locales"]
""")

INDEX = Template("""\
$name
$underline

.. toctree::
   :maxdepth: 1
   :caption: Tjänsteutlåtanden
   :glob:

   memon/*

Beslutslista
------------

.. beslutslista::
""")

#: The memo a new project starts with: every text the writer must replace is
#: in square brackets, and ``check`` names each one left (``kommun.platshallare``).
MEMO = Template("""\
.. arende::
   :instans: kommunstyrelsen
   :datum: $datum
   :dnr: KS $year/1
   :handlaggare: $name, $officer_title

$title
$underline

.. beslut::

   $decision

.. sammanfattning::

   $summary

.. arendebeskrivning::

   $description

.. synpunkter::

   $views

.. konsekvenser::
   :typ: ekonomiska, juridiska

   $consequences

.. underskrift::

   $name, $officer_title

.. delges::

   - Akten
""")


def memo_text(datum: dt.date) -> str:
    """The first memo of a new project, dated ``datum``, with its placeholders."""
    return MEMO.substitute(
        datum=datum.isoformat(),
        year=datum.year,
        title=placeholders.TITLE.written,
        underline="=" * len(placeholders.TITLE.written),
        name=placeholders.NAME.written,
        officer_title=placeholders.OFFICER_TITLE.written,
        decision=placeholders.DECISION.written,
        summary=placeholders.SUMMARY.written,
        description=placeholders.DESCRIPTION.written,
        views=placeholders.VIEWS.written,
        consequences=placeholders.CONSEQUENCES.written,
    )


MAKEFILE = Template("""\
# Targets for the memo project; the sphinx-kommun command does the work.
PROJECT = .
# The command on PATH (an activated virtual environment), else the one that
# made this project, so that `make html` works without activating anything.
SPHINX_KOMMUN ?= $$(or $$(shell command -v sphinx-kommun 2>/dev/null),$command)

.PHONY: html pdf gettext check translate status

html:
\t"$$(SPHINX_KOMMUN)" build $$(PROJECT) --format html

pdf:
\t"$$(SPHINX_KOMMUN)" build $$(PROJECT) --format pdf

gettext:
\t"$$(SPHINX_KOMMUN)" translate $$(PROJECT)

translate: gettext

check:
\t"$$(SPHINX_KOMMUN)" check $$(PROJECT)

status:
\t"$$(SPHINX_KOMMUN)" status $$(PROJECT)
""")


def installed_command() -> str:
    """The ``sphinx-kommun`` beside this Python (the virtual environment's), for
    the Makefile; the bare name where there is none."""
    beside = Path(sys.executable).with_name("sphinx-kommun")
    return str(beside) if beside.is_file() else "sphinx-kommun"


GITIGNORE = "_build/\n*.mo\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder to create")
    parser.add_argument("--kommun", required=True, help="the municipality's profile key")


def refusal(project: Path, key: str) -> str | None:
    """Why ``new`` will not write ``project`` for ``key``, or None."""
    known = sorted(path.stem for path in profile_files(BUILTIN_DIR))
    if key not in known:  # a key as written, never a path: "../x" is no key
        return f"unknown --kommun {key!r} (known: {', '.join(known)})"
    if project.is_symlink():
        return f"{project} is a symbolic link; name a new folder"
    if project.exists() and not project.is_dir():
        return f"{project} exists and is not a folder"
    if project.is_dir() and any(project.iterdir()):
        return f"{project} exists and is not empty"
    return None


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    try:
        problem = refusal(project, args.kommun)
        if problem is None:
            profile = load_profile(BUILTIN_DIR / f"{args.kommun}.yaml")
    except ProfileError as exc:  # a shipped profile that does not load: say which
        problem = f"the profile {args.kommun!r} cannot be used: {exc}"
    except OSError as exc:  # a folder that cannot be looked into
        problem = f"{project}: {exc.strerror or exc}"
    if problem is not None:
        print(f"sphinx-kommun new: {problem}", file=sys.stderr)
        return 2
    today = dt.date.today()
    name = profile.name("sv")
    files = {
        "conf.py": CONF.substitute(name=repr(name), key=repr(profile.key)),
        "index.rst": INDEX.substitute(name=name, underline="=" * len(name)),
        f"memon/{today.isoformat()}-exempel.rst": memo_text(today),
        "Makefile": MAKEFILE.substitute(command=installed_command()),
        ".gitignore": GITIGNORE,
        "locales/.gitkeep": "",
    }
    try:
        for relative, text in files.items():
            path = project / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as f:  # never over a file
                f.write(text)
    except OSError as exc:
        print(f"sphinx-kommun new: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"A memo project for {name} is in {project}.")
    print(
        f"Next: write the memo in {project / 'memon'} in place of the texts in [square "
        f"brackets]; sphinx-kommun check {project} names each one left, then "
        f"sphinx-kommun build {project}"
    )
    return 0
