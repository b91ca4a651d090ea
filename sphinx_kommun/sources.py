"""A memo's source as Sphinx is about to read it: what would crash the reading
is a located warning instead, and the rest of the build goes on.

Two mistakes come before any directive runs:

* a file that is not UTF-8 (a memo saved from Word or Notepad as
  Windows-1252, or with broken bytes): Sphinx 9 reads each source with
  ``Path.read_text`` and stops the whole build with a crash report that tells
  the writer to report it to Sphinx.  Such a memo is left out of the build,
  with a warning at the line of its first unreadable byte;
* directives nested deeper than anyone writes on purpose: docutils parses
  each level by recursion, and at some ninety levels Python's stack runs out
  ("Recursion error!", with no file and no line).  What lies deeper than
  :data:`MAX_NESTING` is cut away at ``source-read``, with a warning at its
  line; the rest of the document is read as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Levels of indented blocks (directives, lists, quotes) a memo may nest:
#: a memo uses three or four; docutils' recursion fails near ninety.
MAX_NESTING = 30


def _undecodable(data: bytes, encoding: str) -> tuple[int, int] | None:
    """The line and the byte that ``encoding`` cannot read, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, data[exc.start]
    except LookupError:  # an unknown source_encoding is Sphinx's to report
        return None
    return None


def leave_out_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out of this build each document that its encoding cannot read.

    Sphinx would stop on it (``UnicodeDecodeError`` from ``read_text``).  It is
    taken out of the documents to read and out of ``env.found_docs``, so that
    no builder asks for a doctree it never had, and what an earlier build read
    of it is purged; the next build looks at it again, and reads it once it is
    saved as UTF-8.
    """
    encoding = env.settings.get("input_encoding") or "utf-8-sig"
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # Sphinx says so itself
        bad = _undecodable(data, encoding)
        if bad is None:
            continue
        line, byte = bad
        if encoding.lower().startswith("utf") and _undecodable(data, "cp1252") is None:
            message = _(
                "the file is not UTF-8 (it looks like Windows-1252, as Word and Notepad "
                "save): byte {byte} cannot be read; save it as UTF-8. The memo is left out "
                "of this build"
            )
        else:
            message = _(
                "the file is not UTF-8: byte {byte} cannot be read; save it as UTF-8. "
                "The memo is left out of this build"
            )
        warn(str(message).format(byte=f"0x{byte:02x}"), "encoding", f"{path}:{line}")
        docnames.remove(docname)
        # Sphinx 9.0: found_docs is the project's own set, which every builder
        # iterates to choose what to write.
        env.found_docs.discard(docname)
        if docname in env.all_docs:
            app.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


#: What opens a nested block on the same line as its parent: a bullet, an
#: enumerator, a field name, a directive with text after its ``::``.  ``- - - x``
#: nests three lists without any indentation.
_OPENER = re.compile(
    r"""(?:[-*+\u2022\u2023\u2043]
      | \(?(?:\d+|\#|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)]
      | :[^:\s][^:]*:
      | \.\.[ ]+[^\s:]+(?:[ ]*:[^\s:]+)*::
    )[ ]+(?=\S)""",
    re.VERBOSE,
)


def _columns(line: str) -> list[int]:
    """The columns where the blocks a line is in begin: its indentation, then
    one column after each opener it starts with."""
    rest = line.lstrip(" ")
    column = len(line) - len(rest)
    columns = [column]
    while match := _OPENER.match(rest):
        column += match.end()
        columns.append(column)
        rest = rest[match.end() :]
    return columns


def cut_deep_nesting(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with what lies deeper than :data:`MAX_NESTING` blocks cut away,
    and the (first, last) lines of each cut.

    The depth is the indentation docutils reads, level by level, with the
    blocks a line opens on itself; a cut keeps every line, emptied, so that
    each later warning keeps its line number.
    """
    lines = text.splitlines(keepends=True)
    cuts: list[tuple[int, int]] = []
    stack = [0]
    i = 0
    while i < len(lines):
        line = lines[i].expandtabs(8)  # docutils' own tab width
        if not line.strip():
            i += 1
            continue
        first, *opened = _columns(line)
        while stack[-1] > first:
            stack.pop()
        if stack[-1] < first:
            stack.append(first)
        stack.extend(opened)
        if len(stack) - 1 <= MAX_NESTING:
            i += 1
            continue
        cut = stack[MAX_NESTING + 1]  # where the first level too deep begins
        del stack[MAX_NESTING + 1 :]
        # An empty comment where the cut begins: the block it ends keeps some
        # content (docutils asks a note for some) and the page shows nothing.
        lines[i] = line[:cut] + "..\n"
        first_cut = last_cut = i + 1
        i += 1
        while i < len(lines):
            following = lines[i].expandtabs(8)
            if following.strip():
                if len(following) - len(following.lstrip(" ")) < cut:
                    break
                last_cut = i + 1
            lines[i] = "\n"
            i += 1
        cuts.append((first_cut, last_cut))
    return "".join(lines), cuts


def _report_cuts(location: str, cuts: list[tuple[int, int]]) -> None:
    for first, last in cuts:
        if first == last:
            lines = str(_("line {line}")).format(line=first)
        else:
            lines = str(_("lines {first}–{last}")).format(first=first, last=last)
        warn(
            str(
                _(
                    "blocks nested more than {depth} deep (directives, lists, quotes): "
                    "what lies deeper, on {lines}, is left out"
                )
            ).format(depth=MAX_NESTING, lines=lines),
            "nesting",
            f"{location}:{first}",
        )


def limit_nesting(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the document with its runaway nesting cut away."""
    source[0], cuts = cut_deep_nesting(source[0])
    _report_cuts(str(app.env.doc2path(docname)), cuts)


def limit_included_nesting(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """``include-read``: the same for a file that a document includes."""
    content[0], cuts = cut_deep_nesting(content[0])
    _report_cuts(str(app.srcdir / relative_path), cuts)


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", leave_out_undecodable)
    app.connect("source-read", limit_nesting)
    app.connect("include-read", limit_included_nesting)
