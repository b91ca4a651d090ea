"""``sphinx-kommun new PROJECT --kommun KEY``: a ready memo project.

It holds conf.py with the municipality's profile, an index with the decision
register, one memo that passes ``check``, ``locales/`` for the translations,
a Makefile (html, pdf, gettext, check) and a .gitignore.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from string import Template

from sphinx_kommun.profiles import BUILTIN_DIR, ProfileError, load_profile

CONF = Template("""\
# $name: memos built with sphinx-kommun.
project = "$name"
author = "$name"

extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "$key"
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

MEMO = Template("""\
.. arende::
   :instans: kommunstyrelsen
   :datum: $datum
   :dnr: KS $year/1
   :handlaggare: Förnamn Efternamn, Titel

Rubrik på ärendet
=================

.. beslut::

   Kommunstyrelsen beslutar att …

.. sammanfattning::

   Ärendet i korthet.

.. arendebeskrivning::

   Bakgrund och beskrivning av ärendet.

.. synpunkter::

   Förvaltningens bedömning.

.. konsekvenser::
   :typ: ekonomiska, juridiska

   Beslutet har inga ekonomiska eller juridiska konsekvenser.

.. underskrift::

   Förnamn Efternamn, Titel

.. delges::

   - Akten
""")

MAKEFILE = """\
# Targets for the memo project; the sphinx-kommun command does the work.
PROJECT = .

.PHONY: html pdf gettext check translate status

html:
\tsphinx-kommun build $(PROJECT) --format html

pdf:
\tsphinx-kommun build $(PROJECT) --format pdf

gettext:
\tsphinx-kommun translate $(PROJECT)

translate: gettext

check:
\tsphinx-kommun check $(PROJECT)

status:
\tsphinx-kommun status $(PROJECT)
"""

GITIGNORE = "_build/\n*.mo\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the folder to create")
    parser.add_argument("--kommun", required=True, help="the municipality's profile key")


def run(args: argparse.Namespace) -> int:
    project: Path = args.project
    try:
        profile = load_profile(BUILTIN_DIR / f"{args.kommun}.yaml")
    except ProfileError:
        known = ", ".join(sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")))
        print(
            f"sphinx-kommun new: unknown --kommun {args.kommun!r} (known: {known})", file=sys.stderr
        )
        return 2
    if project.exists() and any(project.iterdir()):
        print(f"sphinx-kommun new: {project} exists and is not empty", file=sys.stderr)
        return 2
    today = dt.date.today()
    name = profile.name("sv")
    files = {
        "conf.py": CONF.substitute(name=name, key=profile.key),
        "index.rst": INDEX.substitute(name=name, underline="=" * len(name)),
        f"memon/{today.isoformat()}-exempel.rst": MEMO.substitute(
            datum=today.isoformat(), year=today.year
        ),
        "Makefile": MAKEFILE,
        ".gitignore": GITIGNORE,
        "locales/.gitkeep": "",
    }
    for relative, text in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"A memo project for {name} is in {project}.")
    print(f"Next: sphinx-kommun check {project} && sphinx-kommun build {project}")
    return 0
