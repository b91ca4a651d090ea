"""The fast paths of the reStructuredText read: a directive's plain prose and
plain lists made without a nested parse, and its options read without a state
machine of their own, must be exactly what docutils makes of the same lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest
from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive
from docutils.parsers.rst import directives as docutils_directives
from docutils.parsers.rst.states import Body
from docutils.statemachine import StringList
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sphinx_kommun.directives import option_spec, plain, states
from sphinx_kommun.directives.plain import plain_nodes, source_after
from sphinx_kommun.directives.states import simple_options

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
    made = plain_nodes(StringList(lines, source="memo.rst"))
    if made is None or not all(isinstance(node, nodes.paragraph) for node in made):
        return
    assert docutils_paragraphs(lines) == [node.astext() for node in made]


@pytest.mark.parametrize(
    "text",
    [
        "a) En punkt",
        "Se https://www.huddinge.se",
        "kl. 10:30",
        "Skriv till info@huddinge.se",
        "Termen\n  förklaras här",
        "Ett exempel::",
        "*betoning*",
        "Kostnad[1]_",
        ":Datum: 2025-03-12",
    ],
)
def test_anything_but_plain_prose_goes_to_docutils(text) -> None:
    assert plain_nodes(StringList(text.splitlines(), source="memo.rst")) is None


def test_plain_prose_is_taken() -> None:
    content = StringList(
        ["Förvaltningen föreslår: att programmet antas.", "Det gäller 2025–2035.", "", "Ja."],
        source="memo.rst",
    )
    made = plain_nodes(content)
    assert made is not None
    assert [(type(n), n.astext(), n.line) for n in made] == [
        (
            nodes.paragraph,
            "Förvaltningen föreslår: att programmet antas.\nDet gäller 2025–2035.",
            1,
        ),
        (nodes.paragraph, "Ja.", 4),
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
def test_the_example_s_doctrees_are_the_same_without_the_fast_paths(
    build, monkeypatch, language
) -> None:
    """Every node of every page, in the source language and translated."""
    fast = build("example", "dummy", language=language)
    monkeypatch.setattr(plain, "plain_nodes", lambda content: None)
    monkeypatch.setattr(states, "simple_options", lambda lines: None)
    # Runs of directives parsed by a new machine each, as docutils does.
    monkeypatch.delattr(states._FastOptions, "nested_list_parse")
    slow = build("example", "dummy", language=language)
    docnames = sorted(fast.env.found_docs)
    assert docnames == sorted(slow.env.found_docs)
    assert any(Path(fast.env.doc2path(d)).parent.name == "memon" for d in docnames)
    for docname in docnames:
        for a, b in zip(nodes_of(fast, docname), nodes_of(slow, docname), strict=True):
            assert a == b, docname


def node_list(made: list[nodes.Node]) -> list[tuple[object, ...]]:
    """Every node under ``made``: its kind, text, source text, attributes,
    file and line."""
    return [
        (
            n.tagname,
            n.astext() if isinstance(n, nodes.Element) else str(n),
            n.rawsource if isinstance(n, nodes.Element) else None,
            repr(n.attributes) if isinstance(n, nodes.Element) else None,
            n.source,
            n.line,
        )
        for top in made
        for n in top.findall()
    ]


#: Lines as memos' sections and lists have them, and lines that begin
#: something else.
BLOCK_LINE = st.one_of(
    st.just(""),
    LINE,
    st.builds(
        lambda m, t: f"{m} {t}",
        st.sampled_from(["-", "*", "+", "#.", "1.", "2.", "3.", "a."]),
        LINE,
    ),
    st.builds(lambda t: f"  {t}", LINE),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(BLOCK_LINE, min_size=1, max_size=8))
def test_what_the_plain_nodes_are_docutils_makes_the_same(lines) -> None:
    made = plain_nodes(StringList(lines, source="<string>"))
    if made is None:
        return
    # A final newline, so that docutils reads a last blank line as a line.
    doctree = publish_doctree(
        "\n".join(lines) + "\n", settings_overrides={"report_level": 5, "halt_level": 5}
    )
    assert node_list(made) == node_list(doctree.children)


class _Nested(Directive):
    """A directive whose content docutils parses; it keeps where the parse
    left the document."""

    has_content = True
    left: ClassVar[list[tuple[object, object]]] = []

    def run(self) -> list[nodes.Node]:
        self.state.nested_parse(self.content, self.content_offset, nodes.Element())
        document = self.state.document
        self.left.append((document.current_source, document.current_line))
        return []


@settings(max_examples=400, deadline=None)
@given(st.lists(BLOCK_LINE, min_size=1, max_size=6))
def test_the_document_is_left_where_docutils_leaves_it(lines) -> None:
    lines = [line.rstrip() for line in lines]
    assume(lines[0] and lines[-1])  # a directive's content, as docutils cuts it
    content = StringList(lines, source="x.rst")
    made = plain_nodes(content)
    if made is None:
        return
    _Nested.left.clear()
    source = ".. nested::\n\n" + "".join(f"   {line}\n" if line else "\n" for line in lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(docutils_directives._directives, "nested", _Nested)
        publish_doctree(
            source + "\nAfter.\n",
            source_path="x.rst",
            settings_overrides={"report_level": 5, "halt_level": 5},
        )
    assert _Nested.left == [(source_after(content, made), None)]


@pytest.mark.parametrize(
    "lines",
    [
        ["#. Programmet antas.", "#. Kommunstyrelsen får i uppdrag att följa upp."],
        ["1. Programmet antas.", "2. Uppdraget ges.", "", "3. Det gäller 2025–2035."],
        ["- Botkyrka kommun", "- Haninge kommun", "", "", "- Tyresö kommun"],
        ["Förvaltningen föreslår att", "programmet antas.", "", "- en punkt", "", "Ja."],
        ["1. En punkt"],
        ["- en punkt"],
    ],
)
def test_the_lists_of_a_memo_are_taken(lines) -> None:
    made = plain_nodes(StringList(lines, source="<string>"))
    assert made is not None
    doctree = publish_doctree("\n".join(lines))
    assert node_list(made) == node_list(doctree.children)


@pytest.mark.parametrize(
    "lines",
    [
        ["2. En punkt som inte börjar på ett"],
        ["#. En", "2. Två"],
        ["1. En", "3. Tre"],
        ["- En", "* Två"],
        ["- En", "  fortsättning"],
        ["- *betoning*"],
        ["- 1. inne i en lista"],
        ["- En", "Text direkt efter"],
        ["a. En bokstav"],
    ],
)
def test_lists_of_another_shape_go_to_docutils(lines) -> None:
    assert plain_nodes(StringList(lines, source="<string>")) is None


#: Option lines: the ordinary form and what is not.
WORDS = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(str.strip)
FIELD = st.builds(
    lambda name, value: f":{name}:{value}",
    st.text(alphabet="abcåöXY19-_*`:\\ ", min_size=1, max_size=8),
    st.one_of(st.just(""), st.builds(lambda v: " " + v, WORDS), WORDS),
)
OPTION_BLOCK = st.builds(
    lambda first, rest: [first, *rest],
    FIELD,
    st.lists(st.one_of(FIELD, FIELD, st.builds(lambda t: f"   {t}", WORDS), WORDS), max_size=3),
)


class _Probe(Directive):
    """A directive that takes any option and keeps what it was given."""

    option_spec = option_spec("a", "b")
    has_content = True
    seen: ClassVar[list[dict[str, object]]] = []

    def run(self) -> list[nodes.Node]:
        self.seen.append(self.options)
        return []


def docutils_options(lines: list[str]) -> object:
    """What docutils' own option parsing makes of ``lines`` in a directive
    that takes any option: (1, the options) or (0, its error's text)."""
    _Probe.seen.clear()
    source = ".. probe::\n" + "".join(f"   {line}\n" for line in lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(docutils_directives._directives, "probe", _Probe)
        doctree = publish_doctree(source, settings_overrides={"report_level": 5, "halt_level": 5})
    if _Probe.seen:
        return 1, _Probe.seen[0]
    [error] = [m for m in doctree.findall(nodes.system_message) if m["level"] >= 3]
    # docutils says 'Error in "probe" directive:\n<the error>.'
    return 0, error.children[0].astext().split("\n", 1)[1].removesuffix(".")


@settings(max_examples=1500, deadline=None)
@given(OPTION_BLOCK)
def test_what_the_options_fast_path_takes_docutils_reads_the_same(lines) -> None:
    lines = [line.rstrip() for line in lines]
    assume(all(lines) and re.match(Body.patterns["field_marker"], lines[0]))
    found = simple_options(lines)
    if found is None:
        return
    try:
        ours: object = (1, utils.assemble_option_dict(found, option_spec("a", "b")))
    except utils.ExtensionOptionError as detail:
        ours = (0, "invalid option data: {}".format(" ".join(detail.args)))
    assert ours == docutils_options(lines)
