"""Personal identity numbers in a memo: found before the memo is published.

A memo is an official record and is published in full, so a personnummer or a
samordningsnummer written in one is a leak of personal data.  This check looks
for them in everything a memo gives a reader:

* every text of the memo's doctree: paragraphs, titles, lists, tables, literal
  blocks, comments, raw blocks, substitutions and included files; and the link
  targets, image sources and alternative texts;
* every option value of the memo directives, including those that never reach
  the page (an unknown option, a ``:name:``): the HTML output publishes the
  memo's source as well.

What counts as one: 10 or 12 digits, ``YYMMDD`` or ``YYYYMMDD``, then ``-``
or ``+`` (for someone aged 100 or more) or nothing, then four digits, where

* the last of the ten digits (the 12-digit form less its century) is the Luhn
  check digit of the other nine, and
* the date is a real date of birth: it exists, is not in the future and not
  before 1890; a samordningsnummer adds 60 to the day.

Numbers that are not of people stay unreported: an organisationsnummer has a
"month" of 20 or more.  A ten-digit number without separator that happens to
pass both tests (about one mobile number in 250) is reported too; a warning can
be suppressed where it is wrong.

``kommun_pii`` in conf.py:

``"warn"`` (default)
    each number is a warning of type ``kommun.pii`` located at its file and line.
``"error"``
    each number is an error located the same way, and the build ends with exit
    status 1, as ``sphinx-build -W`` does, so a publishing pipeline stops there.
    The build goes on to its end so that every number is reported in one run;
    pages are still written to the output folder, as with ``-W``: publish
    nothing from a failed build.  A memo holding a number is read again on every
    build until it is fixed, so an incremental build cannot pass over it.
``"off"``
    no scan.  ``suppress_warnings = ["kommun.pii"]`` is the same as ``"off"``.

A message shows a number with its last four digits hidden: a build log is a
copy that is kept and shared too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docutils import nodes
from sphinx.util.logging import is_suppressed_warning

from sphinx_kommun.directives import OPTIONS_READ, WrittenOption
from sphinx_kommun.log import error, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.memo import MemoRecord
    from sphinx_kommun.registry import CheckContext

EARLIEST_YEAR = 1890
#: ``-``, ``+``, and the dashes a word processor puts in their place.
NUMBER = re.compile(
    r"(?<!\d)(?P<date>\d{8}|\d{6})(?P<sep>[-+\u2010\u2011\u2013]?)(?P<tail>\d{4})(?!\d)"
)
#: Attributes whose values a reader gets: link targets, file names, image texts.
ATTRIBUTES = ("refuri", "reftarget", "filename", "uri", "alt", "title")


@dataclass(frozen=True)
class IdentityNumber:
    """A personal identity number as written in a text."""

    text: str
    kind: Literal["personnummer", "samordningsnummer"]
    start: int

    @property
    def digits(self) -> str:
        """The ten digits that identify the person, whatever the form written."""
        return re.sub(r"\D", "", self.text)[-10:]

    @property
    def masked(self) -> str:
        return self.text[:-4] + "****"


def luhn_valid(digits: str) -> bool:
    """The Luhn test: doubling every other digit from the first, the sum ends in 0."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def birth_date(
    date: str, sep: str, today: dt.date
) -> tuple[dt.date, Literal["personnummer", "samordningsnummer"]] | None:
    """The date of birth ``date`` (``YYMMDD`` or ``YYYYMMDD``) stands for, with the
    kind of number it makes, or None when it is no plausible date of birth."""
    if len(date) == 8:
        year = int(date[:4])
    else:
        year = today.year // 100 * 100 + int(date[:2])
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    month, day = int(date[-4:-2]), int(date[-2:])
    kind: Literal["personnummer", "samordningsnummer"] = "personnummer"
    if day > 60:
        day, kind = day - 60, "samordningsnummer"
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None
    if year < EARLIEST_YEAR or born > today:
        return None
    return born, kind


def find_identity_numbers(text: str, today: dt.date | None = None) -> list[IdentityNumber]:
    """Every personnummer and samordningsnummer in ``text``."""
    today = today or dt.date.today()
    found = []
    for match in NUMBER.finditer(text):
        date, sep, tail = match["date"], match["sep"], match["tail"]
        if not luhn_valid(date[-6:] + tail):
            continue
        birth = birth_date(date, sep, today)
        if birth is not None:
            found.append(IdentityNumber(match.group(), birth[1], match.start()))
    return found


@dataclass(frozen=True)
class Finding:
    number: IdentityNumber
    source: str | None
    line: int | None
    where: str


class SourceLines:
    """The lines of the memo's source files, read once, to give each number the
    exact line it is written on (a node knows only where its block starts)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.files: dict[str, list[str]] = {}

    def lines(self, source: str | None) -> list[str]:
        if not source:
            return []
        if source not in self.files:
            try:
                text = Path(source).read_text(encoding=self.encoding, errors="replace")
            except (OSError, ValueError):
                text = ""
            self.files[source] = text.splitlines()
        return self.files[source]

    def place(self, source: str | None, near: int | None, text: str) -> int | None:
        """The line holding ``text`` nearest to line ``near`` (the first when None,
        a later one on a tie); ``near`` itself when no line holds it."""
        found = [i for i, line in enumerate(self.lines(source), 1) if text in line]
        if not found:
            return near
        if near is None:
            return found[0]
        return min(found, key=lambda line: (abs(line - near), -line))


def _located(node: nodes.Node) -> tuple[nodes.Element | None, str | None]:
    """The nearest element (the node or an ancestor) that knows its line, and
    the source file it comes from."""
    source = None
    current: nodes.Node | None = node
    while current is not None and not current.line:
        source = source or current.source
        current = current.parent
    if current is not None:
        source = source or current.source
    return current, _absolute(source)  # type: ignore[return-value]


def _absolute(source: str | None) -> str | None:
    """A source file by its absolute path: docutils names an included file
    relative to the current folder, the document itself absolutely."""
    return os.path.abspath(source) if source and os.path.isfile(source) else source


def _newlines_before(element: nodes.Element, text: nodes.Text) -> int:
    """The line breaks in ``element``'s text before the text node ``text``."""
    count = 0
    for node in element.findall(nodes.Text):
        if node is text:
            break
        count += node.astext().count("\n")
    return count


def scan_doctree(doctree: nodes.document, lines: SourceLines) -> Iterator[Finding]:
    today = dt.date.today()
    default_source = doctree.get("source")
    for text in doctree.findall(nodes.Text):
        value = text.astext()
        for number in find_identity_numbers(value, today):
            element, source = _located(text)
            source = source or default_source
            near = None
            if element is not None:
                near = (
                    (element.line or 0)
                    + _newlines_before(element, text)
                    + value[: number.start].count("\n")
                )
            yield Finding(number, source, lines.place(source, near, number.text), "")
    for element in doctree.findall(nodes.Element):
        if isinstance(element, nodes.document):
            continue
        for name in ATTRIBUTES:
            value = element.get(name)
            if not isinstance(value, str):
                continue
            for number in find_identity_numbers(value, today):
                located, source = _located(element)
                source = source or default_source
                near = located.line if located is not None else None
                yield Finding(number, source, lines.place(source, near, number.text), "")


def scan_options(options: list[WrittenOption]) -> Iterator[Finding]:
    today = dt.date.today()
    for option in options:
        for number in find_identity_numbers(option.value, today):
            where = f" in :{option.name}: of {option.directive}"
            yield Finding(number, _absolute(option.source), option.line, where)


def check_pii(memo: MemoRecord, context: CheckContext) -> None:
    """Report every personal identity number in the memo (see the module's text)."""
    config = context.config
    mode = config.kommun_pii
    if mode == "off" or is_suppressed_warning("kommun", "pii", config.suppress_warnings):
        return
    env: BuildEnvironment = context.doctree.settings.env
    findings = list(scan_options(env.temp_data.get(OPTIONS_READ) or []))
    option_digits = {finding.number.digits for finding in findings}
    for finding in scan_doctree(context.doctree, SourceLines(config.source_encoding)):
        # A value the extension put on the page from an option is known by its
        # option line already; elsewhere (the header) it has no line of its own.
        if finding.line is None and finding.number.digits in option_digits:
            continue
        findings.append(finding)

    reported: set[tuple[str | None, int | None, str]] = set()
    for finding in sorted(findings, key=lambda f: (f.source or "", f.line or 0)):
        key = (finding.source, finding.line, finding.number.digits)
        if key not in reported:
            reported.add(key)
            report(finding, mode, context.docname)
    _domain(env).note_pii(context.docname, len(reported))


def report(finding: Finding, mode: str, docname: str) -> None:
    number = finding.number
    message = (
        f"{number.kind} {number.masked}{finding.where}: a memo is published, "
        "and a personal identity number must not be in it"
    )
    if finding.source and finding.line:
        location: object = f"{finding.source}:{finding.line}"
    else:
        location = (docname, finding.line)
    if mode == "error":
        error(message + " (kommun_pii = 'error': the build fails)", "pii", location)
    else:
        warn(message, "pii", location)


# -- what was found is the domain's data, kept across parallel and incremental builds --


def _domain(env: BuildEnvironment) -> KommunDomain:
    return env.domains["kommun"]  # type: ignore[return-value]


def _read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """In error mode a memo holding a number is read (and reported) on every build."""
    if app.config.kommun_pii != "error":
        return []
    return sorted(_domain(env).pii)


def _fail(app: Sphinx, env: BuildEnvironment) -> None:
    if app.config.kommun_pii == "error" and _domain(env).pii:
        app.statuscode = 1


def setup_pii(app: Sphinx) -> None:
    app.connect("env-get-outdated", _read_again)
    app.connect("env-updated", _fail)
