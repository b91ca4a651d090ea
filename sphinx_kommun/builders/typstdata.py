"""A resolved doctree as data for the Typst template, never as Typst code.

The PDF is typeset by Typst from ``builders/typst/memo.typ``.  If the memo's
text were written into Typst source, a writer's ``#read(...)``, ``$x$`` or
``<label>`` would be code or markup; so the doctree becomes plain JSON-able
data, which the template reads with ``json()`` and shows as text only.  The
same data could feed any other typesetter, and a test can assert on it.

:class:`TypstConverter` walks the doctree with one ``convert_<node class
name>`` method per node type, looked up along the node class's MRO, so a
Sphinx node that subclasses a docutils one (``literal_emphasis``,
``compact_paragraph``) is handled as its base, and the builder subclasses the
converter to add the memo's own nodes.  An element it does not know is
replaced by its children: no text is lost.

The data format (``FORMAT`` = 1)
================================

The document, which :func:`document_data` assembles::

    {"format": 1,
     "lang": "sv-SE",                       # BCP 47; hyphenation follows it
     "meta": {"title": str, "author": [str], "description": str,   # the dnr
              "keywords": [str]},
     "style": {"primary": "#rrggbb", "accent": "#rrggbb", "font": family},
     "labels": {"page": "Sida {page} ({pages})"},
     "header": {"kommun": T, "forvaltning": T, "doctype": T,
                "facts": [[T, T], ...], "recipient": T} | null,
     "running": {"left": [str], "center": [str], "right": [str]},
     "footer": [str],
     "body": [block, ...]}

``T`` is a string or a list of inlines.  Page 1 shows the page label top
right and the header block; later pages show ``running`` (the page label
first in the right column).  ``footer`` is on every page.

An *inline* is a string (text) or one of::

    {"t": "emph" | "strong" | "sub" | "super", "body": [inline]}
    {"t": "code", "s": str}
    {"t": "span", "lang": tag, "body": [inline]}
    {"t": "link", "url": absolute URL, "body": [inline]}
    {"t": "link", "dest": anchor, "body": [inline]}       # inside this PDF
    {"t": "footnote", "id": anchor, "body": [block]}      # first reference
    {"t": "footnote", "ref": anchor}                       # a later one
    {"t": "image", "src": name, "alt": str | null, "inline": true, ...}
    {"t": "br"}

A *block* is one of::

    {"t": "par", "body": [inline]}
    {"t": "heading", "level": 1..6, "body": [inline]}
    {"t": "list", "items": [[block]]}
    {"t": "enum", "items": [[block]], "numbering": "1." | "a)" | "(i)" ..., "start": n}
    {"t": "terms", "items": [{"term": [inline], "body": [block]}], "kind": "fields"?}
    {"t": "table", "cols": [relative width | null (auto)], "align": ["left" | "right"],
     "head": [[cell]], "body": [[cell]], "caption": [inline]?}
        cell: {"body": [block], "colspan": n?, "rowspan": n?}
    {"t": "figure", "body": [block], "caption": [inline]?, "legend": [block]?}
    {"t": "image", "src": name, "alt": str | null, "width": L?, "height": L?,
     "align": "left" | "center" | "right"?}
        L: {"pt": x} | {"pct": x} | {"em": x}
    {"t": "quote", "body": [block], "attribution": [inline]?}
    {"t": "raw", "s": str}
    {"t": "lines", "lines": [{"body": [inline], "indent": n}]}
    {"t": "rule"}
    {"t": "admonition", "kind": "note" | "warning" | ... | "topic", "title": [inline]?,
     "body": [block]}
    {"t": "rubric", "body": [inline]}
    {"t": "citation", "label": str, "body": [block]}
    {"t": "group", "body": [block]}
    -- the memo's own parts (see the *_block helpers) --
    {"t": "fokus", "title": T?, "caption": T?, "new": str?, "foundation-label": T?,
     "pillars": [area], "foundation": [area]}
        area: {"name": T, "new": bool?, "body": [block]?}
    {"t": "signatures", "people": [{"name": T, "title": T?}]}
    {"t": "appendices", "items": [{"label": str, "title": T, "url": str?, "anchor": str?}]}
    {"t": "recipients", "items": [T]}

Any block may carry ``"lang"`` (its language differs from the enclosing one)
and ``"anchor"`` (a name that ``dest`` links and footnote ``ref`` point to).
Anchors and image names are made here (``a1``, ``fn1``, ``img-1.png``),
never taken from the writer.  An image whose ``alt`` is null is drawn as an
artifact, hidden from assistive technology.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes

from sphinx_kommun.i18n import _

FORMAT = 1

#: A block or an inline of the data format (see the module's docstring).
Item = dict[str, Any] | str

INLINE_TYPES = frozenset(
    {"emph", "strong", "sub", "super", "code", "span", "link", "footnote", "br"}
)
#: Image formats Typst reads, by the suffix the engine gives the copy.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
#: URL schemes a link in a PDF may have; anything else is shown as text.
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space is kept
_LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z]{2})?$")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|pc|cm|mm|in|em|ex|%|)\s*$")
_POINTS = {
    "px": 0.75,
    "": 0.75,
    "pt": 1.0,
    "pc": 12.0,
    "cm": 72 / 2.54,
    "mm": 72 / 25.4,
    "in": 72.0,
}
#: A table cell that is a number: "8,5", "1 200", "12 %", "−3", "+4.5", "2026".
_NUMBER = re.compile(r"^[−\-+±]?\s?\d{1,3}(?:[ \u00a0\u2009\u202f]?\d{3})*(?:[.,]\d+)?\s?[%‰]?$")
#: What stands in an empty numeric cell.
_NO_NUMBER = frozenset({"", "-", "–", "—", "−"})
_ENUM_SYMBOLS = {
    "arabic": "1",
    "loweralpha": "a",
    "upperalpha": "A",
    "lowerroman": "i",
    "upperroman": "I",
}
#: What an internal reference can point to: these are given an anchor.
ANCHORABLE = (
    nodes.section,
    nodes.figure,
    nodes.table,
    nodes.citation,
    nodes.Admonition,
    nodes.paragraph,
    nodes.rubric,
    nodes.topic,
)


def is_inline(item: Item) -> bool:
    """Whether ``item`` is an inline of the data format (else it is a block)."""
    if isinstance(item, str):
        return True
    return item["t"] in INLINE_TYPES or (item["t"] == "image" and bool(item.get("inline")))


def normalise_lang(tag: str | None) -> str | None:
    """``tag`` as the BCP 47 language tag the template takes, or None if it is none."""
    if not tag or not _LANG_TAG.match(tag):
        return None
    primary, _, region = tag.replace("_", "-").partition("-")
    return f"{primary.lower()}-{region.upper()}" if region else primary.lower()


def primary_lang(tag: str | None) -> str | None:
    """The language of ``tag`` without its region: ``sv-SE`` → ``sv``."""
    tag = normalise_lang(tag)
    return tag.partition("-")[0] if tag else None


def text_of(items: Iterable[Item]) -> str:
    """The plain text of inlines or blocks, as a screen reader would get it."""
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        for key in ("s", "alt"):
            if isinstance(item.get(key), str):
                out.append(item[key])
        for key in ("body", "term", "caption"):
            value = item.get(key)
            if isinstance(value, list):
                out.append(text_of(value))
    return "".join(out)


def merge_text(items: Iterable[Item]) -> list[Item]:
    """Inlines with adjacent strings joined, so the data stays small."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, str) and out and isinstance(out[-1], str):
            out[-1] += item
        elif item != "":
            out.append(item)
    return out


def _strip(inlines: list[Item]) -> list[Item]:
    """Inlines without the spaces that open or close a paragraph."""
    if inlines and isinstance(inlines[0], str):
        inlines[0] = inlines[0].lstrip(" ")
    if inlines and isinstance(inlines[-1], str):
        inlines[-1] = inlines[-1].rstrip(" ")
    return [i for i in inlines if i != ""]


class TypstConverter:
    """A resolved doctree as a list of blocks (see the module's docstring).

    ``doc_lang`` is the language the document is built in; ``source_lang`` the
    one it was written in.  When they differ, a paragraph, title or other text
    that Sphinx's i18n left untranslated (its node is not marked
    ``translated=True``) is marked as being in ``source_lang``: see
    :meth:`node_lang`.  ``labels`` are the titles of admonitions by node
    class name (``note``, ``warning``, ``seealso``), in the document's
    language; docutils' own titles are used for those not given.
    ``image_base`` is the folder an image's relative ``uri`` is relative to
    (Sphinx's source folder).

    After :meth:`convert`, :attr:`images` maps each image name in the data to
    the file it is a copy of, and :attr:`warnings` lists (node, message) for
    what the writer should know of (an image without alt text).
    """

    def __init__(
        self,
        *,
        doc_lang: str,
        source_lang: str | None = None,
        labels: Mapping[str, str] | None = None,
        image_base: str | Path | None = None,
    ) -> None:
        self.doc_lang = primary_lang(doc_lang) or "en"
        self.source_lang = primary_lang(source_lang) or self.doc_lang
        self.labels = {**_docutils_labels(self.doc_lang), **(labels or {})}
        self.image_base = Path(image_base) if image_base is not None else Path.cwd()
        self.images: dict[str, Path] = {}
        self.warnings: list[tuple[nodes.Node, str]] = []
        self._image_names: dict[Path, str] = {}
        self._anchors: dict[str, str] = {}
        self._footnotes: dict[str, nodes.footnote] = {}
        self._footnote_ids: dict[str, str] = {}
        self._lang: list[str] = [self.doc_lang]
        self._section_level = 0

    # -- the public entry points ----------------------------------------------

    def convert(self, document: nodes.document) -> list[Item]:
        """The body blocks of ``document``; fills :attr:`images` and :attr:`warnings`."""
        self._index(document)
        return self.blocks(document.children)

    def blocks(self, children: Iterable[nodes.Node]) -> list[Item]:
        """``children`` as blocks: runs of inlines among them become paragraphs."""
        out: list[Item] = []
        run: list[Item] = []
        for child in children:
            for item in self.convert_node(child):
                if is_inline(item):
                    run.append(item)
                    continue
                if run:
                    out.extend(self._paragraph(run))
                    run = []
                out.append(item)
        if run:
            out.extend(self._paragraph(run))
        return out

    def inlines(self, children: Iterable[nodes.Node]) -> list[Item]:
        """``children`` as inlines; a block among them gives its text, so none is lost."""
        out: list[Item] = []
        for child in children:
            for item in self.convert_node(child):
                if is_inline(item):
                    out.append(item)
                else:
                    if out:
                        out.append(" ")
                    out.append(text_of([item]))
        return merge_text(out)

    def convert_node(self, node: nodes.Node) -> list[Item]:
        """``node`` as items, by the method :meth:`kind_of` names, else by the
        ``convert_`` method of its class or of the nearest base class."""
        method = self._method(node)
        if not (isinstance(node, nodes.Inline) and isinstance(node, nodes.Element)):
            return method(node)
        with self._language(node) as lang:
            body = method(node)
        return [{"t": "span", "lang": lang, "body": body}] if lang and body else body

    def _method(self, node: nodes.Node) -> Callable[[Any], list[Item]]:
        kind = self.kind_of(node)
        names = [kind] if kind else []
        names += [cls.__name__ for cls in type(node).__mro__]
        for name in names:
            method = getattr(self, f"convert_{name}", None)
            if method is not None:
                return method  # type: ignore[no-any-return]
        return self.convert_Element

    # -- hooks the builder may override ---------------------------------------

    def kind_of(self, node: nodes.Node) -> str | None:
        """A name that ``node`` is converted by before its class's: for a node
        whose attribute says what it is, ``"fokus"`` → ``convert_fokus``."""
        return None

    def node_lang(self, node: nodes.Element) -> str | None:
        """The language ``node``'s own text is in, or None for the enclosing one.

        1. A class ``language-<tag>`` (docutils' own way to mark a language)
           says so.
        2. In a build whose language differs from the source language, a text
           element that is a translatable message by Sphinx's own test (read
           from the writer's source: ``node.source`` set; not marked
           ``translatable=False``; an inline only if marked ``translatable``)
           and that i18n did not mark ``translated=True`` is in the source
           language.  Text the extension writes from its own catalog has no
           source or is marked ``translatable=False``: it is in the
           document's language.
        """
        classes: list[str] = node.get("classes", [])
        for name in classes:
            tag = normalise_lang(name[9:]) if name.startswith("language-") else None
            if tag:
                return tag
        if isinstance(node, nodes.Inline) and "translatable" not in node:
            return None  # as Sphinx: an inline is a message only when marked one
        if (
            self.doc_lang != self.source_lang
            and isinstance(node, nodes.TextElement)
            and not isinstance(node, nodes.FixedTextElement)
            and node.source
            and node.get("translatable", True)
            and not node.get("translated")
            and node.astext().strip()
        ):
            return self.source_lang
        return None

    def external_url(self, url: str) -> str | None:
        """``url`` if a link to it works from a PDF anywhere, else None (text only)."""
        return url if url.lower().startswith(LINK_SCHEMES) else None

    def internal_url(self, node: nodes.Element) -> str | None:
        """The absolute URL for a reference into the project, or None for no link.

        Relative links break once the PDF leaves the build folder, so by
        default there are none; the builder may map them to published URLs.
        """
        return None

    def image_path(self, node: nodes.image) -> Path | None:
        """The file ``node`` shows, or None (a remote image: its alt text is shown)."""
        uri = node.get("uri", "")
        if not uri or "://" in uri or uri.startswith("data:"):
            return None
        return self.image_base / uri

    # -- helpers -----------------------------------------------------------------

    def _index(self, document: nodes.document) -> None:
        """Anchors for what a reference may point to, and the footnotes by id."""
        for node in document.findall(nodes.Element):
            ids: list[str] = node["ids"]
            if isinstance(node, nodes.footnote):
                self._footnotes.update(dict.fromkeys(ids, node))
            elif ids and isinstance(node, ANCHORABLE):
                self._anchors.update(dict.fromkeys(ids, f"a{len(set(self._anchors.values())) + 1}"))

    def _anchor(self, node: nodes.Element, block: dict[str, Any]) -> dict[str, Any]:
        ids: list[str] = node.get("ids", [])
        for ident in ids:
            if ident in self._anchors:
                block["anchor"] = self._anchors[ident]
                break
        return block

    def _paragraph(self, inlines: list[Item]) -> list[Item]:
        body = _strip(merge_text(inlines))
        return [{"t": "par", "body": body}] if body else []

    @contextmanager
    def _language(self, node: nodes.Element) -> Iterator[str | None]:
        """``node``'s language while its children are converted: None when it
        is the enclosing one, which nothing then needs to say."""
        lang = self.node_lang(node)
        if lang is None or lang == self._lang[-1]:
            yield None
            return
        self._lang.append(lang)
        try:
            yield lang
        finally:
            self._lang.pop()

    def _text_block(self, node: nodes.Element, kind: str, **fields: Any) -> list[Item]:
        """A block of ``kind`` whose body is ``node``'s inlines, in its language."""
        with self._language(node) as lang:
            block: dict[str, Any] = {
                "t": kind,
                **fields,
                "body": _strip(self.inlines(node.children)),
            }
        if lang:
            block["lang"] = lang
        return [self._anchor(node, block)]

    def _title_of(self, node: nodes.Element) -> list[Item] | None:
        for child in node.children:
            if isinstance(child, nodes.title):
                return self._inline_text(child)
        return None

    def _inline_text(self, node: nodes.Element) -> list[Item]:
        """``node``'s inlines, in a span if its language differs from the enclosing one."""
        with self._language(node) as lang:
            body = _strip(self.inlines(node.children))
        return [{"t": "span", "lang": lang, "body": body}] if lang else body

    def _body(self, node: nodes.Element, skip: tuple[type[nodes.Node], ...] = ()) -> list[Item]:
        return self.blocks(c for c in node.children if not isinstance(c, (nodes.title, *skip)))

    # -- structure -----------------------------------------------------------------

    def convert_Element(self, node: nodes.Element) -> list[Item]:
        """An element nothing else knows: its children, so no text is lost."""
        items: list[Item] = []
        for child in node.children:
            items.extend(self.convert_node(child))
        return items

    def convert_Text(self, node: nodes.Text) -> list[Item]:
        text = _SPACE.sub(" ", node.astext())
        return [text] if text else []

    def convert_Invisible(self, node: nodes.Element) -> list[Item]:
        return []

    convert_comment = convert_substitution_definition = convert_Invisible
    convert_raw = convert_system_message = convert_decoration = convert_Invisible
    convert_meta = convert_label = convert_colspec = convert_Invisible
    # Sphinx's: an index entry, a toctree, the builders' markers
    convert_index = convert_toctree = convert_start_of_file = convert_Invisible
    convert_tabular_col_spec = convert_Invisible

    def convert_target(self, node: nodes.target) -> list[Item]:
        """An inline target keeps its words; an explicit one has none."""
        return self.inlines(node.children)

    def convert_document(self, node: nodes.document) -> list[Item]:
        return self.blocks(node.children)

    def convert_section(self, node: nodes.section) -> list[Item]:
        self._section_level += 1
        try:
            return self._heading(node) + self._body(node)
        finally:
            self._section_level -= 1

    def _heading(self, section: nodes.Element) -> list[Item]:
        title = next((c for c in section.children if isinstance(c, nodes.title)), None)
        if title is None:
            return []
        level = min(self._section_level + self._title_offset(section), 6)
        [block] = self._text_block(title, "heading", level=level)
        return [self._anchor(section, block)]  # type: ignore[arg-type]

    def _title_offset(self, node: nodes.Element) -> int:
        """1 when docutils made the first section the document's title: the
        other sections are then one level below it."""
        document = node.document
        if document is not None and any(isinstance(c, nodes.title) for c in document.children):
            return 1
        return 0

    def convert_title(self, node: nodes.title) -> list[Item]:
        """A title its parent did not take: the document's (docutils' doctitle)."""
        if isinstance(node.parent, nodes.document):
            return self._text_block(node, "heading", level=1)
        return self._text_block(node, "rubric")

    def convert_subtitle(self, node: nodes.subtitle) -> list[Item]:
        if isinstance(node.parent, nodes.document):
            return self._text_block(node, "heading", level=2)
        return self._text_block(node, "rubric")

    def convert_paragraph(self, node: nodes.paragraph) -> list[Item]:
        return self._text_block(node, "par")

    def convert_rubric(self, node: nodes.Element) -> list[Item]:
        return self._text_block(node, "rubric")

    def convert_transition(self, node: nodes.transition) -> list[Item]:
        return [{"t": "rule"}]

    def convert_compound(self, node: nodes.Element) -> list[Item]:
        return self._group(node)

    convert_container = convert_compound

    def _group(self, node: nodes.Element) -> list[Item]:
        with self._language(node) as lang:
            body = self.blocks(node.children)
        if lang is None and not node.get("ids"):
            return body
        block: dict[str, Any] = {"t": "group", "body": body}
        if lang is not None:
            block["lang"] = lang
        return [self._anchor(node, block)]

    # -- lists ---------------------------------------------------------------------

    def convert_bullet_list(self, node: nodes.bullet_list) -> list[Item]:
        return [{"t": "list", "items": [self.blocks(item.children) for item in node.children]}]

    def convert_enumerated_list(self, node: nodes.enumerated_list) -> list[Item]:
        # Typst reads the numbering as a pattern: only docutils' own parts go in.
        symbol = _ENUM_SYMBOLS.get(node.get("enumtype", "arabic"), "1")
        prefix = "(" if node.get("prefix") == "(" else ""
        suffix = node.get("suffix") if node.get("suffix") in ("", ")") else "."
        block: dict[str, Any] = {
            "t": "enum",
            "numbering": f"{prefix}{symbol}{suffix}",
            "items": [self.blocks(item.children) for item in node.children],
        }
        start = node.get("start", 1)
        if isinstance(start, int) and start != 1:
            block["start"] = start
        return [block]

    def convert_definition_list(self, node: nodes.definition_list) -> list[Item]:
        items = []
        for item in node.children:
            term: list[Item] = []
            body: list[Item] = []
            for part in item.children:
                if isinstance(part, nodes.term):
                    term.extend(self._inline_text(part))
                elif isinstance(part, nodes.classifier):
                    term.extend([" : ", {"t": "emph", "body": self._inline_text(part)}])
                elif isinstance(part, nodes.definition):
                    body.extend(self.blocks(part.children))
            items.append({"term": merge_text(term), "body": body})
        return [{"t": "terms", "items": items}]

    def convert_field_list(self, node: nodes.Element) -> list[Item]:
        items = []
        for field in node.children:
            if not isinstance(field, nodes.field):
                continue
            name = next((c for c in field.children if isinstance(c, nodes.field_name)), None)
            body = next((c for c in field.children if isinstance(c, nodes.field_body)), None)
            items.append(
                {
                    "term": self._inline_text(name) if name is not None else [],
                    "body": self.blocks(body.children) if body is not None else [],
                }
            )
        return [{"t": "terms", "kind": "fields", "items": items}]

    convert_docinfo = convert_field_list

    def convert_option_list(self, node: nodes.option_list) -> list[Item]:
        items = []
        for item in node.findall(nodes.option_list_item):
            group = item.next_node(nodes.option_group)
            description = item.next_node(nodes.description)
            options = [o.astext() for o in group.findall(nodes.option)] if group else []
            items.append(
                {
                    "term": [{"t": "code", "s": ", ".join(options)}],
                    "body": self.blocks(description.children) if description else [],
                }
            )
        return [{"t": "terms", "items": items}]

    # -- inlines -----------------------------------------------------------------

    def _wrap(self, kind: str, node: nodes.Element) -> list[Item]:
        body = self.inlines(node.children)
        return [{"t": kind, "body": body}] if body else []

    def convert_emphasis(self, node: nodes.Element) -> list[Item]:
        return self._wrap("emph", node)

    convert_title_reference = convert_emphasis

    def convert_strong(self, node: nodes.Element) -> list[Item]:
        return self._wrap("strong", node)

    def convert_subscript(self, node: nodes.Element) -> list[Item]:
        return self._wrap("sub", node)

    def convert_superscript(self, node: nodes.Element) -> list[Item]:
        return self._wrap("super", node)

    def convert_literal(self, node: nodes.Element) -> list[Item]:
        text = node.astext().replace("\n", " ")
        return [{"t": "code", "s": text}] if text else []

    convert_math = convert_literal

    def convert_reference(self, node: nodes.reference) -> list[Item]:
        body = self.inlines(node.children)
        if not body:
            return []
        refid = node.get("refid")
        if refid in self._anchors:
            return [{"t": "link", "dest": self._anchors[refid], "body": body}]
        uri = node.get("refuri", "")
        url = None
        if uri and not node.get("internal") and _SCHEME.match(uri):
            url = self.external_url(uri)
        elif uri or refid or node.get("reftarget"):
            url = self.internal_url(node)
        return [{"t": "link", "url": url, "body": body}] if url else body

    convert_download_reference = convert_reference

    def convert_footnote_reference(self, node: nodes.footnote_reference) -> list[Item]:
        footnote = self._footnotes.get(node.get("refid", ""))
        if footnote is None:
            return [{"t": "super", "body": [node.astext()]}]
        key = footnote["ids"][0]
        if key in self._footnote_ids:
            return [{"t": "footnote", "ref": self._footnote_ids[key]}]
        anchor = f"fn{len(self._footnote_ids) + 1}"
        self._footnote_ids[key] = anchor
        return [{"t": "footnote", "id": anchor, "body": self._body(footnote)}]

    def convert_footnote(self, node: nodes.footnote) -> list[Item]:
        """A footnote is shown where it is first referred to; one never
        referred to is shown where it stands."""
        if node["ids"] and node["ids"][0] in self._footnote_ids:
            return []
        return self._citation_like(node)

    def convert_citation(self, node: nodes.citation) -> list[Item]:
        return self._citation_like(node)

    def _citation_like(self, node: nodes.Element) -> list[Item]:
        label = next((c for c in node.children if isinstance(c, nodes.label)), None)
        block = {
            "t": "citation",
            "label": label.astext() if label is not None else "",
            "body": self._body(node, skip=(nodes.label,)),
        }
        return [self._anchor(node, block)]

    def convert_citation_reference(self, node: nodes.Element) -> list[Item]:
        body: list[Item] = [f"[{node.astext()}]"]
        if node.get("refid") in self._anchors:
            return [{"t": "link", "dest": self._anchors[node["refid"]], "body": body}]
        return body

    # -- images and figures ---------------------------------------------------------

    def convert_image(self, node: nodes.image) -> list[Item]:
        alt = node.get("alt")
        path = self.image_path(node)
        suffix = path.suffix.lower() if path is not None else ""
        if path is None or suffix not in IMAGE_SUFFIXES:
            return [alt] if alt else []
        name = self._image_names.get(path)
        if name is None:
            name = f"img-{len(self._image_names) + 1}{suffix}"
            self._image_names[path] = name
            self.images[name] = path
        if not alt and isinstance(node.parent, nodes.figure):
            caption = node.parent.next_node(nodes.caption)
            alt = caption.astext() if caption is not None else None
        if not alt:
            self.warnings.append(
                (node, str(_("an image without alt text is hidden from screen readers")))
            )
        item: dict[str, Any] = {"t": "image", "src": name, "alt": alt or None}
        for key in ("width", "height"):
            length = _length(node.get(key))
            if length is not None:
                item[key] = length
        inline = isinstance(node.parent, (nodes.TextElement, nodes.reference))
        if inline:
            item["inline"] = True
        elif node.get("align") in ("left", "center", "right"):
            item["align"] = node["align"]
        return [item]

    def convert_figure(self, node: nodes.figure) -> list[Item]:
        caption = node.next_node(nodes.caption)
        legend = node.next_node(nodes.legend)
        block: dict[str, Any] = {
            "t": "figure",
            "body": self.blocks(
                c for c in node.children if not isinstance(c, (nodes.caption, nodes.legend))
            ),
        }
        if caption is not None:
            block["caption"] = self._inline_text(caption)
        if legend is not None:
            block["legend"] = self.blocks(legend.children)
        return [self._anchor(node, block)]

    # -- blocks ------------------------------------------------------------------------

    def convert_block_quote(self, node: nodes.block_quote) -> list[Item]:
        attribution = next((c for c in node.children if isinstance(c, nodes.attribution)), None)
        block: dict[str, Any] = {"t": "quote", "body": self._body(node, skip=(nodes.attribution,))}
        if attribution is not None:
            block["attribution"] = self._inline_text(attribution)
        return [block]

    def convert_literal_block(self, node: nodes.Element) -> list[Item]:
        return [{"t": "raw", "s": node.astext()}]

    convert_doctest_block = convert_math_block = convert_literal_block

    def convert_line_block(self, node: nodes.line_block) -> list[Item]:
        lines: list[dict[str, Any]] = []

        def walk(block: nodes.line_block, indent: int) -> None:
            for child in block.children:
                if isinstance(child, nodes.line_block):
                    walk(child, indent + 1)
                elif isinstance(child, nodes.line):
                    lines.append({"body": self._inline_text(child), "indent": indent})

        with self._language(node) as lang:
            walk(node, 0)
        block: dict[str, Any] = {"t": "lines", "lines": lines}
        if lang:
            block["lang"] = lang
        return [block]

    def convert_Admonition(self, node: nodes.Element) -> list[Item]:
        kind = type(node).__name__
        title = self._title_of(node)
        if title is None and kind in self.labels:
            title = [self.labels[kind]]
        block: dict[str, Any] = {"t": "admonition", "kind": kind, "body": self._body(node)}
        if title:
            block["title"] = title
        return [self._anchor(node, block)]

    def convert_topic(self, node: nodes.Element) -> list[Item]:
        block: dict[str, Any] = {
            "t": "admonition",
            "kind": type(node).__name__,
            "body": self._body(node, skip=(nodes.subtitle,)),
        }
        title = self._title_of(node)
        if title:
            block["title"] = title
        return [self._anchor(node, block)]

    convert_sidebar = convert_topic

    # -- tables ------------------------------------------------------------------------

    def convert_table(self, node: nodes.table) -> list[Item]:
        tgroup = node.next_node(nodes.tgroup)
        if tgroup is None:
            return self.blocks(node.children)
        colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
        # As on the web page: the writer's widths if given, else as the cells need.
        given = "colwidths-given" in node.get("classes", ())
        cols = [(c.get("colwidth") or 1) if given else None for c in colspecs]
        head: list[list[dict[str, Any]]] = []
        body: list[list[dict[str, Any]]] = []
        for part in tgroup.children:
            if isinstance(part, (nodes.thead, nodes.tbody)):
                rows = head if isinstance(part, nodes.thead) else body
                rows.extend(self._row(row) for row in part.children if isinstance(row, nodes.row))
        block: dict[str, Any] = {
            "t": "table",
            "cols": cols,
            "align": numeric_columns(len(cols), head, body),
            "head": head,
            "body": body,
        }
        title = self._title_of(node)
        if title:
            block["caption"] = title
        return [self._anchor(node, block)]

    def _row(self, row: nodes.row) -> list[dict[str, Any]]:
        cells = []
        for entry in row.children:
            if not isinstance(entry, nodes.entry):
                continue
            cell: dict[str, Any] = {"body": self.blocks(entry.children)}
            if entry.get("morecols"):
                cell["colspan"] = int(entry["morecols"]) + 1
            if entry.get("morerows"):
                cell["rowspan"] = int(entry["morerows"]) + 1
            cells.append(cell)
        return cells


def numeric_columns(
    ncols: int,
    head: Sequence[Sequence[Mapping[str, Any]]],
    body: Sequence[Sequence[Mapping[str, Any]]],
) -> list[str]:
    """ "right" for each column whose body cells are all numbers, else "left".

    Cells are placed as Typst places them: left to right, skipping the
    places taken by a cell spanning rows from above.  A cell that spans
    columns, or holds a dash for "none", does not decide.
    """
    numeric = [True] * ncols
    seen = [False] * ncols
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate([*head, *body]):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            for dr in range(down):
                for dc in range(span):
                    taken.add((r + dr, col + dc))
            if r >= len(head) and span == 1 and col < ncols:
                text = text_of(cell["body"]).strip()
                if text not in _NO_NUMBER:
                    seen[col] = True
                    numeric[col] = numeric[col] and bool(_NUMBER.match(text))
            col += span
    return ["right" if n and s else "left" for n, s in zip(numeric, seen, strict=True)]


def _length(value: object) -> dict[str, float] | None:
    """A docutils length ("50%", "200px", "5cm") as the template's length."""
    if not isinstance(value, str):
        return None
    match = _LENGTH.match(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "%":
        return {"pct": number}
    if unit in ("em", "ex"):
        return {"em": number / 2 if unit == "ex" else number}
    return {"pt": round(number * _POINTS[unit], 3)}


def _docutils_labels(lang: str) -> dict[str, str]:
    """docutils' own admonition titles in ``lang`` ("Notera", "Varning!")."""
    from docutils.languages import get_language

    try:
        module = get_language(lang, None)
    except ImportError:
        return {}
    return {key: value for key, value in module.labels.items() if isinstance(value, str)}


# -- the document and the memo's own parts ------------------------------------------


def document_data(
    body: list[Item],
    *,
    lang: str,
    title: str,
    page_label: str,
    author: Sequence[str] = (),
    description: str = "",
    keywords: Sequence[str] = (),
    header: Mapping[str, Any] | None = None,
    running: Mapping[str, Sequence[str]] | None = None,
    footer: Sequence[str] = (),
    primary: str | None = None,
    accent: str | None = None,
) -> dict[str, Any]:
    """The whole document the template reads (see the module's docstring).

    ``page_label`` holds ``{page}`` and ``{pages}``: "Sida {page} ({pages})".
    """
    style = {k: v for k, v in (("primary", primary), ("accent", accent)) if v}
    return {
        "format": FORMAT,
        "lang": normalise_lang(lang) or "en",
        "meta": {
            "title": title,
            "author": list(author),
            "description": description,
            "keywords": list(keywords),
        },
        "style": style,
        "labels": {"page": page_label},
        "header": dict(header) if header is not None else None,
        "running": {k: list(v) for k, v in (running or {}).items()},
        "footer": list(footer),
        "body": body,
    }


def header_data(
    *,
    kommun: str,
    doctype: str,
    forvaltning: str | None = None,
    facts: Sequence[tuple[str, str | list[Item]]] = (),
    recipient: str | None = None,
) -> dict[str, Any]:
    """The first page's header block: the municipality, the administration,
    the document type, its facts (label, value) and the addressee."""
    header: dict[str, Any] = {
        "kommun": kommun,
        "doctype": doctype,
        "facts": [list(f) for f in facts],
    }
    if forvaltning:
        header["forvaltning"] = forvaltning
    if recipient:
        header["recipient"] = recipient
    return header


def fokus_block(
    pillars: Sequence[Mapping[str, Any]],
    foundation: Sequence[Mapping[str, Any]] = (),
    *,
    title: str | None = None,
    caption: str | list[Item] | None = None,
    new_label: str | None = None,
    foundation_label: str | None = None,
) -> dict[str, Any]:
    """Focus areas as pillars standing on the cross-cutting ones.

    Each area is ``{"name": T, "new": bool, "body": [block]}``.  The pillars,
    and the foundation, are each one list to a screen reader; ``new_label``
    is the badge of a new area ("NY").
    """
    block: dict[str, Any] = {"t": "fokus", "pillars": list(pillars), "foundation": list(foundation)}
    for key, value in (
        ("title", title),
        ("caption", caption),
        ("new", new_label),
        ("foundation-label", foundation_label),
    ):
        if value:
            block[key] = value
    return block


def signatures_block(people: Sequence[tuple[str, str | list[Item] | None]]) -> dict[str, Any]:
    """Name and title of each signer, side by side."""
    return {
        "t": "signatures",
        "people": [{"name": name, **({"title": title} if title else {})} for name, title in people],
    }


def appendices_block(items: Sequence[tuple[str, str | list[Item], str | None]]) -> dict[str, Any]:
    """The numbered appendices: (label "Bilaga 1.", title, absolute URL or None)."""
    return {
        "t": "appendices",
        "items": [
            {"label": label, "title": title, **({"url": url} if url else {})}
            for label, title, url in items
        ],
    }


def recipients_block(items: Sequence[str | list[Item]]) -> dict[str, Any]:
    """Who the decision is sent to, one a line."""
    return {"t": "recipients", "items": list(items)}


def image_name_ok(name: str) -> bool:
    """Whether ``name`` is one the converter makes (the engine copies no other)."""
    path = PurePosixPath(name)
    return (
        re.fullmatch(r"img-[0-9]+", path.stem) is not None
        and path.suffix in IMAGE_SUFFIXES
        and path.name == name
    )
