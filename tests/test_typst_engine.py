"""The Typst engine typesets docutils doctrees as conformant, literal, reproducible PDFs.

Doctrees are parsed by real docutils from rST strings; the memo's own parts
come from small directives defined here and a converter subclass, as the
builder will add them.  Every PDF made here is checked by ``pdfcheck``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pikepdf
import pypdf
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives

from sphinx_kommun.builders.typstdata import (
    TypstConverter,
    appendices_block,
    document_data,
    fokus_block,
    header_data,
    numeric_columns,
    recipients_block,
    signatures_block,
    text_of,
)
from sphinx_kommun.builders.typstengine import Compiled, TypstCompileError, TypstEngine
from sphinx_kommun.i18n import in_language
from tests.pdfcheck import assert_valid_pdf

PASSWD_LINE = re.compile(r"root:.*:0:0:")

# -- the memo's own parts, as the builder's directives and converter add them ---


class t_fokus(nodes.General, nodes.Element):
    pass


class t_area(nodes.General, nodes.Element):
    pass


class t_signatures(nodes.General, nodes.Element):
    pass


class t_appendix(nodes.General, nodes.Element):
    pass


class t_recipients(nodes.General, nodes.Element):
    pass


class FokusDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = t_fokus(caption=self.arguments[0] if self.arguments else "")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class AreaDirective(Directive):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "ny": directives.flag,
        "genomgaende": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        node = t_area(
            name=self.arguments[0], ny="ny" in self.options, grund="genomgaende" in self.options
        )
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class SignaturesDirective(Directive):
    has_content = True

    def run(self) -> list[nodes.Node]:
        people = [tuple(p.strip() for p in line.split(",", 1)) for line in self.content if line]
        return [t_signatures(people=people)]


class AppendixDirective(Directive):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        return [t_appendix(title=self.arguments[0])]


class RecipientsDirective(Directive):
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = t_recipients()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


TEST_DIRECTIVES = {
    "t-fokus": FokusDirective,
    "t-omrade": AreaDirective,
    "t-underskrift": SignaturesDirective,
    "t-bilaga": AppendixDirective,
    "t-delges": RecipientsDirective,
}


class MemoConverter(TypstConverter):
    """What the builder's converter adds: the memo's parts as the engine's blocks."""

    def convert_t_fokus(self, node: t_fokus) -> list[Any]:
        def area(a: t_area) -> dict[str, Any]:
            return {"name": a["name"], "new": a["ny"], "body": self.blocks(a.children)}

        areas = list(node.findall(t_area))
        return [
            fokus_block(
                [area(a) for a in areas if not a["grund"]],
                [area(a) for a in areas if a["grund"]],
                title="Fokusområden",
                caption=node["caption"],
                new_label="NY",
                foundation_label="Genomgående, grunden för alla fokusområden:",
            )
        ]

    def convert_t_signatures(self, node: t_signatures) -> list[Any]:
        return [signatures_block([(p[0], p[1] if len(p) > 1 else None) for p in node["people"]])]

    def convert_t_appendix(self, node: t_appendix) -> list[Any]:
        siblings = list(node.document.findall(t_appendix)) if node.document else [node]
        if siblings[0] is not node:
            return []  # the first one lists them all
        return [
            {"t": "heading", "level": 2, "body": ["Bilaga"]},
            appendices_block(
                [
                    (
                        f"Bilaga {n}.",
                        a["title"],
                        "https://www.huddinge.se/bilaga.pdf" if n == 1 else None,
                    )
                    for n, a in enumerate(siblings, 1)
                ]
            ),
        ]

    def convert_t_recipients(self, node: t_recipients) -> list[Any]:
        items = [self.inlines(item.children[0].children) for item in node.findall(nodes.list_item)]
        return [{"t": "heading", "level": 2, "body": ["Beslutet delges"]}, recipients_block(items)]


@pytest.fixture(autouse=True)
def memo_directives(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, directive in TEST_DIRECTIVES.items():
        monkeypatch.setitem(directives._directives, name, directive)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def engine() -> TypstEngine:
    return TypstEngine()


def doctree(rst: str, *, doctitle: bool = False) -> nodes.document:
    """``rst`` parsed by docutils alone; as Sphinx does, the first section stays
    a section unless ``doctitle``.  A Sphinx application built earlier in this
    process may have left its own directives and roles in docutils' registry
    (``note`` with Sphinx's title, say): those of docutils' own names are set
    aside while parsing, and docutils loads its own again."""
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import docutils_namespace

    settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO()}
    with docutils_namespace():
        for name in directives._directive_registry:  # type: ignore[attr-defined]
            directives._directives.pop(name, None)  # type: ignore[attr-defined]
        return publish_doctree(
            rst,
            source_path="memo.rst",
            settings_overrides={**settings, "doctitle_xform": doctitle},
        )


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


HEADER = header_data(
    kommun="Huddinge kommun",
    forvaltning="Kommunstyrelsens förvaltning",
    doctype="TJÄNSTEUTLÅTANDE",
    facts=[
        ("Datum", "26 juni 2019"),
        ("Dnr", "KS-2019/1097"),
        ("Handläggare", "Maria Strandberg, Översiktsplanerare"),
    ],
    recipient="Kommunstyrelsen",
)
RUNNING = {
    "left": ["Huddinge kommun", "Kommunstyrelsens förvaltning"],
    "center": ["TJÄNSTEUTLÅTANDE", "26 juni 2019"],
    "right": ["Dnr KS-2019/1097"],
}
FOOTER = [
    "Postadress: Huddinge kommun, 141 85 Huddinge · Besöksadress: Kommunalvägen 28, Huddinge",
    "Telefon: 08-535 300 00 · www.huddinge.se",
]
TIMESTAMP = dt.datetime(2019, 6, 26, 12, 0, tzinfo=dt.UTC)


def memo_data(body: list[Any], lang: str = "sv-SE", **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "lang": lang,
        "title": "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035",
        "page_label": "Sida {page} ({pages})",
        "author": ["Kommunstyrelsens förvaltning"],
        "description": "KS-2019/1097",
        "keywords": ["Tjänsteutlåtande", "Huddinge kommun", "KS-2019/1097"],
        "header": HEADER,
        "running": RUNNING,
        "footer": FOOTER,
        "primary": "#00577a",
        "accent": "#b3272d",
    }
    arguments.update(overrides)
    return document_data(body, **arguments)


def typeset(
    engine: TypstEngine,
    tmp_path: Path,
    rst: str,
    *,
    name: str = "memo",
    lang: str = "sv",
    **kw: Any,
) -> tuple[Path, dict[str, Any], MemoConverter]:
    # The admonition titles named, not taken from docutils' language module:
    # a Sphinx build earlier in the process puts Sphinx's own words there.
    labels = {"note": "Notera"} if lang == "sv" else {"note": "Note"}
    converter = MemoConverter(doc_lang=lang, source_lang="sv", image_base=tmp_path, labels=labels)
    data = memo_data(
        converter.convert(doctree(rst)), lang="sv-SE" if lang == "sv" else "en-GB", **kw
    )
    target = tmp_path / f"{name}.pdf"
    engine.compile(
        data, images=converter.images, image_dirs=[tmp_path], timestamp=TIMESTAMP, output=target
    )
    return target, data, converter


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def in_order(text: str, words: list[str]) -> list[str]:
    """The words of ``words`` that do not follow the one before them in ``text``."""
    flat = re.sub(r"\s+", " ", text.replace("-\n", ""))
    missing, at = [], 0
    for word in words:
        found = flat.find(word, at)
        if found < 0:
            missing.append(word)
        else:
            at = found + len(word)
    return missing


def walk_struct(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    stack: list[Any] = [pdf.Root.StructTreeRoot.K]
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Array):
            stack.extend(reversed(list(element)))
        elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element
            if "/K" in element:
                stack.append(element.K)


# -- a memo with every kind of node --------------------------------------------------

EVERYTHING = """\
Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035
============================================================

Förslag till beslut
-------------------

#. Förslaget till utvecklingsprogram godkänns.
#. Programmet ersätter programmet från 2013.

Sammanfattning
--------------

Alfa *kursiv* **fet** ``kod`` H\\ :sub:`2`\\ O och m\\ :sup:`2` med en
`länk till kommunen <https://www.huddinge.se/>`_ och en hänvisning till
Tabellen_, en fotnot [#not]_ och en källa [SKL2019]_ samt |ikon| i texten.

.. |ikon| image:: ikon.png
   :alt: Kommunens ikon

Listor
~~~~~~

- Beta punkt

  - Beta inre punkt

    a) Gamma bokstav
    b) Gamma bokstav två

iii. Romersk tre
iv. Romersk fyra

Delta term
   Delta definition.

:Epsilon fält: Epsilon värde

-a          Zeta flagga

.. _Tabellen:

.. table:: Eta tabell
   :widths: 3 1 1

   =============  ======  =====
   Område         Belopp  Andel
   =============  ======  =====
   Infrastruktur  1 200   12 %
   Utbildning     8,5     −3
   Näringsliv     2026    –
   =============  ======  =====

+-----------+------------+
| Theta A   | Theta B    |
+===========+============+
| Theta C   | Theta D    |
|           +------------+
|           | Theta E    |
+-----------+------------+
| Theta F, två spalter   |
+------------------------+

.. [#not] Iota fotnotstext.
.. [SKL2019] Kappa källa.

.. figure:: bild.png
   :alt: Lambda alternativtext
   :width: 40%

   Lambda bildtext

   Lambda förklaring.

.. image:: bild.svg
   :alt: My vektorbild
   :align: center

.. note:: Ny anteckning.

.. warning:: Xi varning.

.. admonition:: Omikron rubrik

   Omikron text.

Visionen lyder:

    Vision för Södertörn: Pi citat.

    -- Pi upphov

::

   Rho kod
     = inte en rubrik

| Sigma rad ett
| Sigma rad två
|     Sigma indrag

.. rubric:: Tau rubrik

.. topic:: Ypsilon ämne

   Ypsilon text.

----

.. compound::

   Phi sammansatt.

.. container:: ruta

   Chi behållare.

.. comment: Psi ska inte synas

.. raw:: html

   <b>Psi ska inte synas</b>

Fokusområden
------------

.. t-fokus:: Södertörns utvecklingsprogram 2035

   .. t-omrade:: Infrastruktur

   .. t-omrade:: Utbildning

   .. t-omrade:: Näringsliv

   .. t-omrade:: Funktionell samordning
      :ny:

   .. t-omrade:: Hållbar utveckling
      :genomgaende:

Omega slutord.

.. t-underskrift::

   Camilla Broo, Kommundirektör
   Helené Hill, Samhällsbyggnadsdirektör
   Maria Strandberg, Översiktsplanerare

.. t-bilaga:: Södertörns utvecklingsprogram 2035 för beslut

.. t-bilaga:: Remissvar

.. t-delges::

   - Botkyrka kommun
   - Haninge kommun
"""

ORDER = [
    "TJÄNSTEUTLÅTANDE",
    "Datum",
    "26 juni 2019",
    "Kommunstyrelsen",
    "Uppdaterat utvecklingsprogram",
    "Förslag till beslut",
    "Förslaget till utvecklingsprogram",
    "Sammanfattning",
    "Alfa",
    "kursiv",
    "fet",
    "kod",
    "länk till kommunen",
    "Beta punkt",
    "Beta inre punkt",
    "Gamma bokstav",
    "Romersk tre",
    "Delta term",
    "Delta definition",
    "Epsilon fält",
    "Epsilon värde",
    "Zeta flagga",
    "Eta tabell",
    "Område",
    "Belopp",
    "Infrastruktur",
    "1 200",
    "12 %",
    "Theta A",
    "Theta E",
    "Theta F",
    "Kappa källa",
    "Lambda bildtext",
    "Lambda förklaring",
    "Notera",
    "Ny anteckning",
    "Xi varning",
    "Omikron rubrik",
    "Pi citat",
    "Pi upphov",
    "Rho kod",
    "= inte en rubrik",
    "Sigma rad ett",
    "Sigma rad två",
    "Sigma indrag",
    "Tau rubrik",
    "Ypsilon ämne",
    "Phi sammansatt",
    "Chi behållare",
    "Fokusområden",
    "Infrastruktur",
    "Utbildning",
    "Näringsliv",
    "Funktionell samordning",
    "NY",
    "Genomgående",
    "Hållbar utveckling",
    "Södertörns utvecklingsprogram 2035",
    "Omega slutord",
    "Camilla Broo",
    "Kommundirektör",
    "Maria Strandberg",
    "Bilaga 1.",
    "för beslut",
    "Bilaga 2.",
    "Remissvar",
    "Beslutet delges",
    "Botkyrka kommun",
    "Haninge kommun",
]


@pytest.fixture
def images(tmp_path: Path) -> Path:
    (tmp_path / "ikon.png").write_bytes(png(8, 8, (179, 39, 45)))
    (tmp_path / "bild.png").write_bytes(png(120, 60, (0, 87, 122)))
    (tmp_path / "bild.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20">'
        '<rect width="80" height="20" fill="#00577a"/></svg>',
        encoding="utf-8",
    )
    return tmp_path


def test_every_node_type_is_typeset_in_order(engine: TypstEngine, images: Path) -> None:
    pdf, data, converter = typeset(engine, images, EVERYTHING)
    assert_valid_pdf(pdf)
    text = "\n".join(page_texts(pdf))
    assert in_order(text, ORDER) == []
    assert "Iota fotnotstext" in text
    assert "Psi" not in text
    assert sorted(converter.images) == ["img-1.png", "img-2.png", "img-3.svg"]
    assert converter.warnings == []
    kinds = {block["t"] for block in data["body"]}
    assert {"heading", "par", "enum", "list", "terms", "table", "figure", "image"} <= kinds
    assert {"admonition", "quote", "raw", "lines", "rubric", "rule", "citation"} <= kinds
    assert {"fokus", "signatures", "appendices", "recipients"} <= kinds


def test_the_data_says_what_the_doctree_said(images: Path) -> None:
    converter = MemoConverter(doc_lang="sv", image_base=images)
    body = converter.convert(doctree(EVERYTHING))
    headings = [(b["level"], text_of(b["body"])) for b in body if b["t"] == "heading"]
    assert headings[:4] == [
        (1, "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035"),
        (2, "Förslag till beslut"),
        (2, "Sammanfattning"),
        (3, "Listor"),
    ]
    table = next(b for b in body if b["t"] == "table" and b.get("caption"))
    assert table["cols"] == [3, 1, 1]
    assert table["align"] == ["left", "right", "right"]
    assert text_of(table["caption"]) == "Eta tabell"
    spanned = next(b for b in body if b["t"] == "table" and not b.get("caption"))
    assert spanned["body"][0][0]["rowspan"] == 2
    assert spanned["body"][2][0]["colspan"] == 2
    enums = [b for b in body if b["t"] == "enum"]
    assert [e.get("numbering") for e in enums] == ["1.", "i."]
    assert enums[1]["start"] == 3
    nested = next(b for b in body if b["t"] == "list")["items"][0][1]["items"][0][1]
    assert nested["numbering"] == "a)"
    link = next(
        i
        for b in body
        if b["t"] == "par"
        for i in b["body"]
        if isinstance(i, dict) and i["t"] == "link"
    )
    assert link["url"] == "https://www.huddinge.se/"
    # The internal reference points at the table's anchor, inside the PDF.
    dests = [
        i["dest"]
        for b in body
        if b["t"] == "par"
        for i in b["body"]
        if isinstance(i, dict) and "dest" in i
    ]
    assert table["anchor"] in dests


def test_a_title_docutils_promoted_is_the_first_heading() -> None:
    rst = "Titel\n=====\n\nEtt\n---\n\nText.\n\nUnder\n~~~~~\n\nText.\n\nTvå\n---\n\nText.\n"
    for promoted in (True, False):
        body = TypstConverter(doc_lang="sv").convert(doctree(rst, doctitle=promoted))
        headings = [(b["level"], text_of(b["body"])) for b in body if b["t"] == "heading"]
        assert headings == [(1, "Titel"), (2, "Ett"), (3, "Under"), (2, "Två")]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["8,5", "1 200", "12 %", "−3", "2026"], "right"),
        (["+4.5", "1\u00a0200\u00a0000", "–", ""], "right"),
        (["8,5", "Infrastruktur"], "left"),
        (["", "–"], "left"),
        (["2019-06-26"], "left"),
    ],
)
def test_a_column_of_numbers_is_right_aligned(cells: list[str], expected: str) -> None:
    body = [[{"body": [{"t": "par", "body": [c]}]}] for c in cells]
    assert numeric_columns(1, [[{"body": [{"t": "par", "body": ["Belopp"]}]}]], body) == [expected]


def test_a_span_from_above_moves_the_cells_beside_it() -> None:
    def cell(text: str, **span: int) -> dict[str, Any]:
        return {"body": [text], **span}

    body = [[cell("Rad", rowspan=2), cell("1")], [cell("2")], [cell("x"), cell("3")]]
    assert numeric_columns(2, [], body) == ["left", "right"]


# -- writer text is text --------------------------------------------------------------

PAYLOADS = [
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0"',
    "$x^2$",
    "@label",
    "<label>",
    "`kod`",
    "\\ bakstreck",
    "*fet*",
    "_kursiv_",
    "// kommentar",
    "/* block",
    "~ tilde",
    "#set text(fill: red)",
    "#{1 + 1}",
    ")]}",
]
LINE_STARTS = ["= Rubrik", "- punkt", "+ punkt", "/ term: x", '#eval("1")']


def test_writer_text_prints_literally_everywhere(engine: TypstEngine, images: Path) -> None:
    payload = "  ".join(PAYLOADS)
    document = doctree("Rubrik\n======\n\nText.\n")
    section = document.next_node(nodes.section)
    assert section is not None
    section += nodes.paragraph("", payload)
    section += nodes.literal_block("", "\n".join(LINE_STARTS))
    section += nodes.line_block("", *(nodes.line("", s) for s in LINE_STARTS))
    reference = nodes.reference(
        "", "länktext " + PAYLOADS[0], refuri='https://example.org/#read("/etc/passwd")'
    )
    section += nodes.paragraph("", "", reference)
    figure = nodes.figure(
        "",
        nodes.image(uri="bild.png", alt="alt " + payload),
        nodes.caption("", "bildtext " + payload),
    )
    section += figure
    section += nodes.section(
        "", nodes.title("", "rubrik " + PAYLOADS[0]), nodes.paragraph("", "slut")
    )
    section += [nodes.paragraph("", "Fyllnad så att den löpande sidhuvudet syns.")] * 40
    converter = MemoConverter(doc_lang="sv", image_base=images)
    body = converter.convert(document)
    hostile = header_data(
        kommun=PAYLOADS[0],
        forvaltning=PAYLOADS[4],
        doctype=PAYLOADS[2],
        facts=[(PAYLOADS[3], PAYLOADS[12])],
        recipient=PAYLOADS[13],
    )
    data = memo_data(
        body,
        title=payload,
        header=hostile,
        running={"left": [PAYLOADS[0]], "center": [PAYLOADS[9]], "right": [PAYLOADS[10]]},
        footer=[PAYLOADS[1], "= fot"],
        page_label='#read("/etc/passwd") {page}/{pages}',
    )
    target = images / "injection.pdf"
    engine.compile(data, images=converter.images, image_dirs=[images], output=target)
    assert_valid_pdf(target)
    text = "\n".join(page_texts(target))
    flat = re.sub(r"\s+", " ", text.replace("-\n", ""))
    assert not PASSWD_LINE.search(text)
    for p in PAYLOADS:
        assert flat.count(p) >= 2, p  # the paragraph and the caption
    for n in (0, 1, 2, 3, 4, 9, 10, 12, 13):
        assert flat.count(PAYLOADS[n]) >= 3, PAYLOADS[n]  # and the header or footer
    for line in LINE_STARTS:
        assert text.count(line) >= 2, line
    assert '#read("/etc/passwd") 1/2' in flat
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo["/Title"]) == payload
        figure_alt = [str(e.Alt) for e in walk_struct(pdf) if e.S == "/Figure" and "/Alt" in e]
        assert figure_alt == ["alt " + payload]
        uris = [str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if "/A" in a]
        assert uris == ['https://example.org/#read("/etc/passwd")']


def test_a_link_that_would_not_work_from_a_pdf_is_text() -> None:
    document = doctree(
        "`js <javascript:alert(1)>`_ `fil <file:///etc/passwd>`_ `annan <andra.html>`_ "
        "`post <mailto:info@huddinge.se>`_\n"
    )
    body = MemoConverter(doc_lang="sv").convert(document)
    links = [i for i in body[0]["body"] if isinstance(i, dict)]
    assert links == [{"t": "link", "url": "mailto:info@huddinge.se", "body": ["post"]}]


def test_the_engine_reads_only_images_it_was_given(engine: TypstEngine, tmp_path: Path) -> None:
    allowed = tmp_path / "källor"
    allowed.mkdir()
    (allowed / "bild.png").write_bytes(png(4, 4, (0, 0, 0)))
    (allowed / "länk.png").symlink_to("/etc/passwd")
    (allowed / "mapp.png").mkdir()
    image = {"t": "image", "src": "img-1.png", "alt": "bild"}
    data = memo_data([image])

    def refused(images: dict[str, Any], pattern: str, **kw: Any) -> None:
        # Untranslated, whatever catalog language a build earlier in this process left.
        with in_language(None), pytest.raises(TypstCompileError, match=pattern):
            kw.setdefault("image_dirs", [allowed])
            (kw.pop("by", engine)).compile(kw.pop("data", data), images=images, **kw)

    refused({"img-1.png": "/etc/passwd"}, "outside the allowed folders")
    refused({"img-1.png": allowed / "länk.png"}, "outside the allowed folders")
    refused({"img-1.png": allowed / "mapp.png"}, "not a regular file")
    refused({"img-1.png": allowed / "saknas.png"}, "cannot be read")
    refused({"../data.json": allowed / "bild.png"}, "not an image name")
    refused({}, "not given")
    refused({"img-1.png": allowed / "bild.png"}, "larger than", by=TypstEngine(max_image_bytes=10))
    smuggled = memo_data([{"t": "image", "src": "/etc/passwd", "alt": "x"}])
    refused({}, "not given", data=smuggled)
    assert engine.compile(
        data, images={"img-1.png": allowed / "bild.png"}, image_dirs=[allowed]
    ).pdf


# -- pages ------------------------------------------------------------------------------


def test_a_long_table_repeats_its_header_and_footnotes_stay_on_their_page(
    engine: TypstEngine, tmp_path: Path
) -> None:
    filler = "Förvaltningen har gått igenom underlaget och bedömer förslaget rimligt. " * 6
    rows = "\n".join(f"   Rad {n:<5}  {n * 125:>6}" for n in range(1, 61))
    rst = (
        f"Rubrik\n======\n\nFörsta FOTREF1 [#a]_ här.\n\n{filler}\n\n"
        f"=========  ======\nOmråde     Belopp\n=========  ======\n{rows}\n=========  ======\n\n"
        f"{filler}\n\n{filler}\n\nAndra FOTREF2 [#b]_ här.\n\n"
        ".. [#a] Fotnot ett.\n.. [#b] Fotnot två.\n"
    ).replace("\n   Rad", "\nRad")
    pdf, data, _ = typeset(engine, tmp_path, rst)
    assert_valid_pdf(pdf)
    # outloud looked for a running header or footer read as content, and found none.
    import outloud

    runs = {run.rule: run for run in outloud.check(str(pdf)).runs}
    assert (runs["PAG-001"].status, runs["PAG-001"].outcome) == ("ran", "pass")
    pages = page_texts(pdf)
    assert len(pages) >= 3
    table_pages = [n for n, t in enumerate(pages) if "Rad " in t]
    assert len(table_pages) >= 2
    for n in table_pages:
        assert "Område" in pages[n] and "Belopp" in pages[n], f"no header on page {n + 1}"
    for ref, note in (("FOTREF1", "Fotnot ett."), ("FOTREF2", "Fotnot två.")):
        [on] = [n for n, t in enumerate(pages) if ref in t]
        assert [n for n, t in enumerate(pages) if note in t] == [on]
    assert next(b for b in data["body"] if b["t"] == "table")["align"] == ["left", "right"]
    # The running header on later pages, the page label on every page.
    assert "Sida 1 (" in pages[0] and "Kommunstyrelsens förvaltning" in pages[1]
    assert f"Sida 2 ({len(pages)})" in pages[1] and "Dnr KS-2019/1097" in pages[1]


# -- metadata, language, reproducibility ----------------------------------------------


def test_metadata_shows_the_title_and_says_who_and_what(
    engine: TypstEngine, tmp_path: Path
) -> None:
    pdf_path, _, _ = typeset(engine, tmp_path, "Rubrik\n======\n\nText.\n")
    with pikepdf.open(pdf_path) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035"
        assert str(info["/Author"]) == "Kommunstyrelsens förvaltning"
        assert str(info["/Subject"]) == "KS-2019/1097"
        assert str(info["/Keywords"]) == "Tjänsteutlåtande, Huddinge kommun, KS-2019/1097"
        assert str(info["/CreationDate"]).startswith("D:20190626120000")
        assert str(pdf.Root.Lang) == "sv-SE"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        fonts = {
            str(f.BaseFont).split("+")[-1] for p in pdf.pages for f in p.Resources.Font.values()
        }
        assert fonts and all(f.startswith("SourceSans3") for f in fonts)


def test_untranslated_text_in_an_english_build_is_marked_swedish(
    engine: TypstEngine, tmp_path: Path
) -> None:
    document = doctree("Title\n=====\n\nTranslated paragraph.\n\nOöversatt stycke.\n")
    for paragraph in document.findall(nodes.paragraph):
        paragraph["translated"] = paragraph.astext().startswith("Translated")
    document.next_node(nodes.title)["translated"] = True
    built_in = nodes.paragraph("", "Decision of the Municipal Executive Board", translatable=False)
    built_in.source = "memo.rst"
    document.next_node(nodes.section).append(built_in)
    converter = MemoConverter(doc_lang="en", source_lang="sv")
    body = converter.convert(document)
    assert [(text_of(b["body"]), b.get("lang")) for b in body] == [
        ("Title", None),
        ("Translated paragraph.", None),
        ("Oöversatt stycke.", "sv"),
        ("Decision of the Municipal Executive Board", None),
    ]
    target = tmp_path / "en.pdf"
    engine.compile(memo_data(body, lang="en-GB"), output=target)
    assert_valid_pdf(target)
    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        langs = {str(e.get("/Lang")) for e in walk_struct(pdf) if e.S == "/P" and "/Lang" in e}
        assert langs == {"sv"}


def test_a_language_class_marks_a_span() -> None:
    document = doctree(
        ".. role:: sv\n   :class: language-sv\n\nThe :sv:`kommunstyrelse` decides.\n"
    )
    body = TypstConverter(doc_lang="en").convert(document)
    assert body[0]["body"] == [
        "The ",
        {"t": "span", "lang": "sv", "body": ["kommunstyrelse"]},
        " decides.",
    ]


def test_the_same_data_gives_the_same_bytes(engine: TypstEngine, images: Path) -> None:
    first, data, converter = typeset(engine, images, EVERYTHING, name="first")
    again = engine.compile(data, images=converter.images, image_dirs=[images], timestamp=TIMESTAMP)
    fresh = TypstEngine().compile(
        data, images=converter.images, image_dirs=[images], timestamp=TIMESTAMP
    )
    assert first.read_bytes() == again.pdf == fresh.pdf
    later = engine.compile(data, images=converter.images, image_dirs=[images], timestamp=0)
    assert later.pdf != again.pdf


# -- Sphinx's nodes and errors ------------------------------------------------------------


def test_sphinx_nodes_after_resolution(engine: TypstEngine, tmp_path: Path) -> None:
    from sphinx import addnodes

    document = doctree("Rubrik\n======\n\nText.\n")
    section = document.next_node(nodes.section)
    assert section is not None
    section += addnodes.compact_paragraph(
        "", "", nodes.Text("Kompakt "), addnodes.literal_emphasis("", "betonad")
    )
    section += addnodes.index(entries=[("single", "dold", "", "", None)])
    section += addnodes.seealso("", nodes.paragraph("", "Se även detta."))
    section += addnodes.versionmodified("", "", nodes.paragraph("", "Ändrat 2025."))
    section += addnodes.desc(
        "", addnodes.desc_signature("", "", addnodes.desc_name("", "okänd_signatur"))
    )
    download = addnodes.download_reference(
        "", "", nodes.literal("", "bilaga.pdf"), reftarget="bilaga.pdf"
    )
    section += nodes.paragraph("", "", download)

    class Published(MemoConverter):
        def internal_url(self, node: nodes.Element) -> str | None:
            return "https://www.huddinge.se/" + node.get("reftarget", "")

    converter = Published(doc_lang="sv", labels={"seealso": "Se även"})
    body = converter.convert(document)
    target = tmp_path / "sphinx.pdf"
    engine.compile(memo_data(body), output=target)
    assert_valid_pdf(target)
    text = "\n".join(page_texts(target))
    assert (
        in_order(
            text,
            [
                "Kompakt",
                "betonad",
                "Se även",
                "Se även detta.",
                "Ändrat 2025.",
                "okänd_signatur",
                "bilaga.pdf",
            ],
        )
        == []
    )
    assert "dold" not in text
    link = body[-1]["body"][0]
    assert link == {
        "t": "link",
        "url": "https://www.huddinge.se/bilaga.pdf",
        "body": [{"t": "code", "s": "bilaga.pdf"}],
    }


def test_a_typst_error_says_what_and_where(engine: TypstEngine) -> None:
    with pytest.raises(TypstCompileError) as raised:
        engine.compile(memo_data([{"t": "no-such-block"}]))
    assert "unknown block type: no-such-block" in raised.value.message
    assert raised.value.location is not None and raised.value.location.startswith("memo.typ:")
    assert "no-such-block" in raised.value.detail


def test_heading_levels_are_made_what_pdf_ua_wants(engine: TypstEngine) -> None:
    headings = [{"t": "heading", "level": n, "body": [f"H{n}"]} for n in (2, 4, 3, 1)]
    pdf = engine.compile(memo_data(headings), timestamp=0).pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        kinds = [str(e.S) for e in walk_struct(document) if str(e.S).startswith("/H")]
    assert kinds == ["/H1", "/H2", "/H3", "/H1"]
    assert [h["level"] for h in headings] == [2, 4, 3, 1]  # the caller's data is left alone


def test_other_standards_and_none(tmp_path: Path) -> None:
    data = memo_data([{"t": "par", "body": ["Text."]}])
    plain = TypstEngine(standards=()).compile(data, timestamp=0)
    archival = TypstEngine(standards=("a-3b",)).compile(data, timestamp=0)
    assert isinstance(plain, Compiled) and plain.pdf != archival.pdf
    with pikepdf.open(io.BytesIO(archival.pdf)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
    with pytest.raises(ValueError, match="cannot write"):
        TypstEngine(standards=("a-9z",))


def test_a_process_forked_after_a_compilation_is_refused_not_hung(engine: TypstEngine) -> None:
    import os

    data = memo_data([{"t": "par", "body": ["Text."]}])
    engine.compile(data, timestamp=0)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: Typst's threads stayed in the parent
        try:
            engine.compile(data, timestamp=0)
            os.write(write, b"compiled")
        except TypstCompileError:
            os.write(write, b"refused")
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as answer:
        assert answer.read() == b"refused"
