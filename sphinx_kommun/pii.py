"""Personal identity numbers in a project: found before anything is published.

A memo is an official record and its pages are published in full, so a
personnummer or samordningsnummer written in any page is a leak of personal
data.  What counts as one, however it is typed (split by invisible
characters, odd dashes, spaces around the separator, the ``+`` form), is
:mod:`sphinx_kommun.model.personnummer`'s to say.  This module looks for them
everywhere a reader could get one from, on every page of the project, memo
or not, in every language built:

* the source of every document and of every file it includes, as written
  (``source-read``, ``include-read``): comments, substitution definitions,
  directive options that never reach the page, each at its exact line;
* the finished doctree, after translation (a translator's ``.po`` is read):
  the whole text of each block (a number split by markup, as in
  ``**800102**-1008``), every attribute a page or PDF carries (link targets,
  image texts, ids, index entries, ``meta`` content, abbreviation texts,
  toctree captions);
* the file name of every document (its page's address and its PDF's name);
* the text attachments of a page (``bilaga :fil:`` and downloads of text
  files: ``.txt``, ``.csv``, ``.md``, ``.rst``, ``.tsv``, ``.json``).

``kommun_pii`` in conf.py:

``"error"`` (default)
    each number is an error located at its file and line, the document is not
    published (its page and PDF are not written; what was read is replaced by
    a notice, and it is left out of the memo index, the register and the
    JSON), and the build ends with exit status 1, so a publishing pipeline
    stops there.  Every number of every document is reported in one run; a
    document holding one is read again on every build until it is fixed.
``"warn"``
    each number is a warning of type ``kommun.pii``; the page is published.
``"off"``
    no scan.  ``suppress_warnings = ["kommun.pii"]`` is the same as ``"off"``.

A message shows a number with its last four digits hidden: a build log is a
copy that is kept and shared too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.logging import is_suppressed_warning

from sphinx_kommun.i18n import _, ngettext
from sphinx_kommun.log import error, warn
from sphinx_kommun.model.personnummer import (
    IdentityNumber,
    find_identity_numbers,
    find_in_pieces,
    line_index,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain

#: ``env.temp_data`` key: the document being read is a secret memo's stub.
STUBBED = "kommun_secret_stub"
#: ``env.temp_data`` key: what the scans of the document being read found.
FOUND = "kommun_pii"
#: Attachments whose text is read for numbers, and how much of one is read.
TEXT_SUFFIXES = frozenset({".txt", ".csv", ".tsv", ".md", ".rst", ".json"})
TEXT_CAP = 5_000_000
#: How many numbers of one document are reported one by one; the rest are counted.
REPORTED_PER_DOCUMENT = 50
#: Attributes that no reader gets.
PRIVATE_ATTRIBUTES = frozenset({"source", "line", "classes", "translatable", "kommun_part"})


@dataclass(frozen=True)
class Finding:
    number: IdentityNumber
    location: str | tuple[str, int | None] | nodes.Node
    where: str = ""


@dataclass
class DocumentScan:
    """What was found in one document while it was read."""

    findings: list[Finding] = field(default_factory=list)
    digits: set[str] = field(default_factory=set)

    def add(self, finding: Finding, *, again: bool = False) -> None:
        """Keep ``finding``; a number the source scan already placed exactly is
        not reported a second time from the doctree (``again`` is False)."""
        if finding.number.digits in self.digits and not again:
            return
        self.digits.add(finding.number.digits)
        self.findings.append(finding)


def mode(config: Config) -> str:
    if is_suppressed_warning("kommun", "pii", config.suppress_warnings):
        return "off"
    return str(config.kommun_pii)


def _scan_of(env: BuildEnvironment) -> DocumentScan:
    scan = env.temp_data.get(FOUND)
    if scan is None:
        scan = env.temp_data[FOUND] = DocumentScan()
    return scan  # type: ignore[no-any-return]


def scan_text(text: str, path: str, scan: DocumentScan, where: str = "") -> None:
    """Every number in ``text`` (the file ``path`` as written), at its exact line."""
    numbers = find_identity_numbers(text)
    if not numbers:
        return
    lines = line_index(text)
    for number in numbers:
        scan.add(Finding(number, f"{path}:{lines.line_of(number.start)}", where), again=True)


# -- the file names: a page's address, its PDF's name ------------------------------------


def source_files(srcdir: Path, config: Config) -> Iterator[Path]:
    """The project's source files as Sphinx will find them (dot-folders and
    ``exclude_patterns`` aside), by their path relative to ``srcdir``."""
    from sphinx.util.matching import Matcher

    excluded = Matcher([*config.exclude_patterns, "**/.*", "_build"])
    suffixes = tuple(config.source_suffix)
    for folder, dirnames, filenames in os.walk(srcdir):
        base = Path(folder).relative_to(srcdir)
        dirnames[:] = [d for d in dirnames if not excluded((base / d).as_posix())]
        for name in filenames:
            relative = base / name
            if name.endswith(suffixes) and not excluded(relative.as_posix()):
                yield relative


def check_file_names(app: Sphinx, config: Config) -> None:
    """A number in a document's file name is in its page's address, its PDF's
    name and every link to it: in error mode the file is left out of the
    project as if ``exclude_patterns`` named it."""
    how = mode(config)
    if how == "off":
        return
    for relative in source_files(Path(app.srcdir), config):
        numbers = find_identity_numbers(relative.as_posix().replace("/", " "))
        for number in numbers:
            report(Finding(number, f"{app.srcdir / relative}:1", " in the file's name"), how)
        if numbers and how == "error":
            config.exclude_patterns = [*config.exclude_patterns, relative.as_posix()]
            app.statuscode = 1


# -- the sources, as written --------------------------------------------------------


def source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if mode(app.config) != "off":
        scan_text(source[0], str(app.env.doc2path(docname)), _scan_of(app.env))


def include_read(app: Sphinx, relative: Path, parent: str, content: list[str]) -> None:
    if mode(app.config) != "off":
        scan_text(content[0], os.path.join(app.srcdir, relative), _scan_of(app.env))


# -- the finished doctree ----------------------------------------------------------


def _blocks(doctree: nodes.document) -> Iterator[tuple[nodes.Element, list[str]]]:
    """Each element holding text, with the texts of its text nodes in order: a
    number split by inline markup is whole again in them."""
    groups: dict[int, tuple[nodes.Element, list[str]]] = {}
    for text in doctree.findall(nodes.Text):
        block: nodes.Node | None = text.parent
        while isinstance(block, nodes.Inline):
            block = block.parent
        if not isinstance(block, nodes.Element):
            continue
        groups.setdefault(id(block), (block, []))[1].append(text.astext())
    yield from groups.values()


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def scan_doctree(doctree: nodes.document, scan: DocumentScan) -> None:
    for block, pieces in _blocks(doctree):
        for hit in find_in_pieces(pieces):
            scan.add(Finding(hit.number, block))
    looked_at: set[str] = set()  # a number is reported once a document anyway
    for element in doctree.findall(nodes.Element):
        for name, value in element.attributes.items():
            if not value or name in PRIVATE_ATTRIBUTES:
                continue
            for text in _strings(value):
                if text in looked_at:
                    continue
                looked_at.add(text)
                for number in find_identity_numbers(text):
                    scan.add(Finding(number, element, f" in :{name}:"))


def scan_attachments(env: BuildEnvironment, doctree: nodes.document, scan: DocumentScan) -> None:
    """The text of each text file the page attaches, at its own file and line."""
    for node in doctree.findall(addnodes.download_reference):
        _rel, path = env.relfn2path(str(node.get("reftarget", "")), env.docname)
        file = Path(path)
        if file.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            if not file.is_file() or file.stat().st_size > TEXT_CAP:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        scan_text(text, path, scan, str(_(" in an attached file")))


class ScanDoctree(SphinxTransform):
    """Scan the finished doctree, report all, and in error mode withhold the page.

    After Sphinx's translation (20), so a translator's words are read; before
    the domains take what the document holds (850: index entries, labels,
    the memo's record), so a withheld page leaves nothing behind in them."""

    default_priority = 845

    def apply(self, **kwargs: Any) -> None:
        how = mode(self.config)
        if how == "off":
            return
        env, doctree = self.env, self.document
        docname = env.docname
        if env.temp_data.get(STUBBED):
            return  # a secret memo of the public edition: nothing of it is published
        scan = _scan_of(env)
        scan_doctree(doctree, scan)
        scan_attachments(env, doctree, scan)
        for finding in scan.findings[:REPORTED_PER_DOCUMENT]:
            report(finding, how)
        if len(scan.findings) > REPORTED_PER_DOCUMENT:
            more = len(scan.findings) - REPORTED_PER_DOCUMENT
            summary = ngettext(
                "and {count} more personal identity number in this document",
                "and {count} more personal identity numbers in this document",
                more,
            ).format(count=more)
            (error if how == "error" else warn)(summary, "pii", (docname, None))
        if scan.findings and how == "error":
            withhold(doctree, _domain(env), docname, len(scan.findings))


def withhold(doctree: nodes.document, domain: KommunDomain, docname: str, count: int) -> None:
    """Nothing of a document holding a number is kept: its doctree becomes a
    notice, so no domain, index or record takes anything from it."""
    doctree.clear()
    section = nodes.section(ids=["withheld"])
    title = str(_("Not published"))
    section += nodes.title(title, title)
    notice = str(_("This page holds a personal identity number and is not published."))
    section += nodes.paragraph(notice, notice)
    doctree += section
    domain.withhold(docname, count)


def report(finding: Finding, how: str) -> None:
    number = finding.number
    message = str(
        _(
            "{kind} {number}{where}: the page is published, and a personal identity "
            "number must not be in it"
        )
    ).format(kind=number.kind, number=number.masked, where=finding.where)
    if how == "error":
        withheld = str(_("(kommun_pii = 'error': the page is not published)"))
        error(f"{message} {withheld}", "pii", finding.location)
    else:
        warn(message, "pii", finding.location)


# -- kept across parallel and incremental builds: the domain's data --------------------


def _domain(env: BuildEnvironment) -> KommunDomain:
    return env.domains["kommun"]  # type: ignore[return-value]


def _read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """In error mode a document holding a number is read (and reported) on every build."""
    return sorted(set(_domain(env).withheld) - removed)


def _fail(app: Sphinx, env: BuildEnvironment) -> None:
    if _domain(env).withheld:
        app.statuscode = 1


def setup_pii(app: Sphinx) -> None:
    app.connect("config-inited", check_file_names, priority=900)
    app.connect("source-read", source_read)
    app.connect("include-read", include_read)
    app.add_transform(ScanDoctree)
    app.connect("env-get-outdated", _read_again)
    app.connect("env-updated", _fail)
