"""``sphinx-kommun``: one command for writers and publishers.

Each subcommand lives in ``sphinx_kommun.commands.<name>`` and offers
``add_arguments(parser)`` and ``run(args) -> int`` (the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sphinx_kommun import __version__

COMMANDS = {
    "build": "every language as HTML and PDF",
    "check": "the checks alone: one line per problem, exit 1 on any",
    "translate": "gettext, then sphinx-intl update for every language",
    "status": "translation coverage per language and memo",
    "new": "a ready memo project for a municipality",
    "profil": "a profile's keys: bodies, administrations, document and consequence types",
    "import": "a memo .rst from a memo written in Word (.docx)",
    "arkivera": "the archive package for the e-archive (FGS 2.0: E-ARK SIP with CITS ERMS)",
    "serve": "the web pages on this machine, rebuilt and reloaded after each save",
}
#: A command whose name is no module name (``import`` is a Python keyword).
MODULES = {"import": "importera"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sphinx-kommun", description="Municipal memos: build, check, translate, start."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"sphinx_kommun.commands.{MODULES.get(name, name)}")
        command = sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        module.add_arguments(command)  # type: ignore[attr-defined]
        command.set_defaults(run=module.run)  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
