"""``sphinx-kommun status PROJECT``: how much of each memo is translated.

Builds the project's messages afresh (``PROJECT/_build/gettext``) and compares
each document's messages with its ``.po`` file in every language translated
into: a message counts as translated when its ``msgstr`` is filled in and not
fuzzy.  A fuzzy one (``sphinx-intl update`` marks a translation fuzzy when its
source text changed) is to review, counted apart and named with a hint: its
translation is there, but of the old text.  A document with no ``.po`` file
is at 0 %.  The untranslated messages are named with their source line;
``--summary`` leaves them out.  The report is in the project's language.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

from sphinx_kommun.commands import Project
from sphinx_kommun.commands.translate import prepare, project_arguments
from sphinx_kommun.i18n import CatalogError, _, in_language, read_catalog

SHORT = 70


@dataclass
class Coverage:
    """One document in one language."""

    docname: str
    total: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)  # (line, msgid)
    #: Translated once, but the source text changed since (fuzzy): (line, msgid).
    review: list[tuple[int, str]] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.total - len(self.missing) - len(self.review)

    @property
    def percent(self) -> int:
        return percent(self.translated, self.total)


def percent(done: int, total: int) -> int:
    """Rounded down: 99 % means something is missing; nothing to translate is 100 %."""
    return 100 if not total else done * 100 // total


def coverage(project: Project, lang: str) -> list[Coverage]:
    """Every document's coverage in ``lang``; :class:`CatalogError` on a broken file."""
    result = []
    for pot_path in sorted(project.pot_dir.rglob("*.pot")):
        docname = pot_path.relative_to(project.pot_dir).with_suffix("").as_posix()
        po_path = project.po_dir(lang) / f"{docname}.po"
        done: dict[object, bool] = {}  # msgid → fuzzy
        if po_path.is_file():
            done = {m.id: m.fuzzy for m in read_catalog(po_path) if m.id and m.string}
        doc = Coverage(docname)
        for message in read_catalog(pot_path):
            if not message.id:
                continue
            doc.total += 1
            line = message.locations[0][1] if message.locations else 0
            fuzzy = done.get(message.id)
            if fuzzy is None:
                doc.missing.append((line, str(message.id)))
            elif fuzzy:
                doc.review.append((line, str(message.id)))
        result.append(doc)
    return result


def short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    project_arguments(parser)
    parser.add_argument(
        "--summary", action="store_true", help="counts only, without the untranslated messages"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when anything is untranslated or to review"
    )


def run(args: argparse.Namespace) -> int:
    project, status = prepare(args, "status")
    if project is None:
        return status
    with in_language(project.source):
        return report(project, summary=args.summary, check=args.check)


def report(project: Project, *, summary: bool, check: bool) -> int:
    """The coverage of every language translated into, one line a document."""
    incomplete = False
    for lang in project.targets:
        try:
            docs = coverage(project, lang)
        except CatalogError as exc:
            print(f"sphinx-kommun status: {exc}", file=sys.stderr)
            return 1
        total = sum(d.total for d in docs)
        translated = sum(d.translated for d in docs)
        print(
            str(_("{lang}: {percent} % ({translated} of {total} messages)")).format(
                lang=lang, percent=percent(translated, total), translated=translated, total=total
            )
        )
        width = max((len(d.docname) for d in docs), default=0)
        for doc in docs:
            line = f"  {doc.docname:<{width}}  {doc.percent:>3} %  {doc.translated}/{doc.total}"
            if doc.missing:
                line += ", " + str(_("{count} untranslated")).format(count=len(doc.missing))
            if doc.review:
                line += ", " + str(_("{count} to review")).format(count=len(doc.review))
            incomplete = incomplete or bool(doc.missing or doc.review)
            print(line)
            if summary:
                continue
            hint = str(_("changed source text: review the translation"))
            for (number, msgid), fuzzy in sorted(
                [*((m, False) for m in doc.missing), *((m, True) for m in doc.review)]
            ):
                where = str(_("line {line}")).format(line=number) if number > 0 else "-"
                print(f"      {where:>8}: {short(msgid)}" + (f" ({hint})" if fuzzy else ""))
    return 1 if check and incomplete else 0
