"""The fast path for a directive's plain prose: paragraphs made without a
nested parse must be exactly what docutils makes of the same lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.statemachine import StringList
from hypothesis import given, settings
from hypothesis import strategies as st

import sphinx_kommun.directives as directives
from sphinx_kommun.directives import plain_paragraphs

#: Characters that mean something to docutils somewhere, and plain ones.
ALPHABET = "abcåäöXYZ019 .,:;-–!?()'\"*`|_[]<>@#/\\+=~^&%$"
LINE = st.text(alphabet=ALPHABET, min_size=0, max_size=30)


def docutils_paragraphs(lines: list[str]) -> list[str] | None:
    """The texts of docutils' paragraphs of ``lines`` when it makes nothing
    but paragraphs of plain text; None otherwise."""
    doctree = publish_doctree(
        "\n".join(lines), settings_overrides={"report_level": 5, "halt_level": 5}
    )
    texts = []
    for child in doctree.children:
        if not isinstance(child, nodes.paragraph) or len(child.children) != 1:
            return None
        [text] = child.children
        if not isinstance(text, nodes.Text):
            return None
        texts.append(str(text))
    return texts


@settings(max_examples=600, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=6))
def test_what_the_fast_path_takes_docutils_reads_as_the_same_paragraphs(lines) -> None:
    content = StringList(lines, source="memo.rst")
    found = plain_paragraphs(content)
    if found is None:
        return
    expected = ["\n".join(line.rstrip() for line in p).rstrip() for _first, p in found]
    assert docutils_paragraphs(lines) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. En punkt",
        "a) En punkt",
        "Se https://www.huddinge.se",
        "kl. 10:30",
        "Skriv till info@huddinge.se",
        "Termen\n  förklaras här",
        "Ett exempel::",
        "*betoning*",
        "Kostnad[1]_",
        "- en punkt",
        ":Datum: 2025-03-12",
    ],
)
def test_anything_but_plain_prose_goes_to_docutils(text) -> None:
    assert plain_paragraphs(StringList(text.splitlines(), source="memo.rst")) is None


def test_plain_prose_is_taken() -> None:
    content = StringList(
        ["Förvaltningen föreslår: att programmet antas.", "Det gäller 2025–2035.", "", "Ja."],
        source="memo.rst",
    )
    assert plain_paragraphs(content) == [
        (0, ["Förvaltningen föreslår: att programmet antas.", "Det gäller 2025–2035."]),
        (3, ["Ja."]),
    ]


def nodes_of(app, docname: str) -> list[tuple[object, ...]]:
    """Every node of a document: its kind, text, source text, attributes, file
    (in the project) and line."""
    doctree = app.env.get_doctree(docname)
    srcdir = str(app.srcdir)
    return [
        (
            n.tagname,
            n.astext() if isinstance(n, nodes.Element) else str(n),
            n.rawsource if isinstance(n, nodes.Element) else None,
            repr(n.attributes).replace(srcdir, "") if isinstance(n, nodes.Element) else None,
            n.source.replace(srcdir, "") if n.source else None,
            n.line,
        )
        for n in doctree.findall()
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_example_s_doctrees_are_the_same_without_the_fast_path(
    build, monkeypatch, language
) -> None:
    """Every node of every page, in the source language and translated."""
    fast = build("example", "dummy", language=language)
    monkeypatch.setattr(directives, "plain_paragraphs", lambda content: None)
    slow = build("example", "dummy", language=language)
    docnames = sorted(fast.env.found_docs)
    assert docnames == sorted(slow.env.found_docs)
    assert any(Path(fast.env.doc2path(d)).parent.name == "memon" for d in docnames)
    for docname in docnames:
        for a, b in zip(nodes_of(fast, docname), nodes_of(slow, docname), strict=True):
            assert a == b, docname
