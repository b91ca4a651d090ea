"""A directive's content made into nodes without docutils' state machine,
when it is nothing but plain prose and plain lists.

Most of a memo's sections are a few paragraphs of prose; the decisions are a
numbered list (``#.``), the recipients a bullet list (``-``).  docutils reads
each with a nested state machine (fifteen states built), a nested one more
for each list, and for every list item a nested parse of its one line.  The
same nodes are made here directly, exactly as docutils makes them: the same
node classes, attributes, source texts (``rawsource``), files and lines.
Anything this module cannot be sure docutils reads as plain text -- inline
markup, a reference, an e-mail address, a line that could begin another
kind of block, an item of more than one line, a list that does not count
1, 2, 3 -- sends the whole content to docutils instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from docutils.statemachine import StringList

#: A paragraph docutils would read as its text and nothing else: no inline
#: markup, reference, substitution, escape, URI or e-mail address (a colon
#: only before a space), and no line that could begin a block (a list item,
#: an enumerator, a field, an option, a table, a comment, a literal block).
_PLAIN_TEXT = re.compile(r"^[^*`|_\[\]\\<>@\t]*$")
_PLAIN_START = re.compile(r"^[^\W_]")
_ENUMERATOR = re.compile(r"^(?:[0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](?:\s|$)")
_COLON_BEFORE_TEXT = re.compile(r":(?=\S)|:$")

#: An item of a bullet list (``- text``) or of a numbered one (``#. text``,
#: ``1. text``), its text on the same line.
_ITEM = re.compile(r"(?:(?P<bullet>[-*+])|(?P<number>#|[1-9][0-9]*)\.) +(?P<text>\S.*)")


def _plain(line: str, first: bool) -> bool:
    """Whether docutils reads ``line`` of a paragraph (``first``: its first
    line) as text alone."""
    return not (
        line[0].isspace()
        or not _PLAIN_START.match(line)
        or not _PLAIN_TEXT.match(line)
        or _COLON_BEFORE_TEXT.search(line)
        or (first and _ENUMERATOR.match(line))
    )


def _paragraph(text: str, source: str | None, line: int) -> nodes.paragraph:
    paragraph = nodes.paragraph(text, "", nodes.Text(text))
    paragraph.source, paragraph.line = source, line
    return paragraph


def plain_nodes(content: StringList) -> list[nodes.Node] | None:
    """The nodes docutils makes of ``content`` when it is plain paragraphs and
    plain lists (see the module's text); None for anything else."""
    lines = [line.rstrip() for line in content]
    made: list[nodes.Node] = []
    # The list being made, its kind ("-", "*", "+", "#" or "1") and its last number.
    current: tuple[nodes.Element, str, int] | None = None
    i, count = 0, len(lines)
    while i < count:
        if not lines[i]:
            i += 1
            continue
        end = i
        while end < count and lines[end]:
            end += 1
        source, offset = content.info(i)
        if _ITEM.fullmatch(lines[i]) is None:
            if not all(_plain(lines[k], k == i) for k in range(i, end)):
                return None
            made.append(_paragraph("\n".join(lines[i:end]), source, (offset or 0) + 1))
            current = None
            i = end
            continue
        for k in range(i, end):
            item = _ITEM.fullmatch(lines[k])
            if item is None or not _plain(item["text"], True):
                return None
            if item["bullet"]:
                kind, number = item["bullet"], 0
            elif item["number"] == "#":
                kind, number = "#", 0
            else:
                kind, number = "1", int(item["number"])
            if current is None:
                if kind == "1" and number != 1:
                    return None  # docutils notes where the count starts
                current = (_new_list(kind, content, k), kind, number)
                made.append(current[0])
            elif current[1] != kind or (kind == "1" and number != current[2] + 1):
                return None  # docutils' rules for where a list ends: left to docutils
            else:
                current = (current[0], kind, number)
            # An item's source text is its lines, with the blank lines after it.
            blank = end
            while k == end - 1 and blank < count and not lines[blank]:
                blank += 1
            text = item["text"]
            source, offset = content.info(k)
            entry = nodes.list_item("\n".join([text] + [""] * (blank - end)))
            entry.source, entry.line = source, (offset or 0) + 1
            entry += _paragraph(text, source, (offset or 0) + 1)
            current[0].append(entry)
        i = end
    if current is not None and lines and not lines[-1]:
        return None  # where docutils then leaves the document is not :func:`source_after`'s
    return made


def source_after(content: StringList, made: list[nodes.Node]) -> str | None:
    """The file docutils' nested parse of ``content`` leaves the document at
    (with no line): just past its last line, in its file; nowhere after a
    list, whose own state machine ends past the end of its lines."""
    if made and isinstance(made[-1], nodes.bullet_list | nodes.enumerated_list):
        return None
    return content.items[-1][0] if content.items else None


def _new_list(kind: str, content: StringList, index: int) -> nodes.Element:
    made: nodes.Element
    if kind in "-*+":
        made = nodes.bullet_list(bullet=kind)
    else:
        made = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    source, offset = content.info(index)
    made.source, made.line = source, (offset or 0) + 1
    return made
