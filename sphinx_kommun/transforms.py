"""What is taken out of every page while it is read: markup that would run in
a reader's browser or in TeX; and what a translator is never given: a text
that is a number only.

A link whose scheme is not one of :data:`SAFE_SCHEMES` (``javascript:``,
``data:``, ``file:`` …) keeps its text and loses its address; a ``raw``
block (HTML or LaTeX passed on as written) is left out.  Each is a located
warning (``kommun.link``, ``kommun.raw``).  Every other text of a page is
escaped by the writers, the extension's own visitors included.  This runs on
every page of the project, memo or not, after translation (a translator's
``.po`` could bring either) and before the domain reads the memo.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.nodes import PART

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The link schemes a page may use; a link without one stays inside the site.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def unsafe_scheme(uri: str) -> str | None:
    """The scheme of ``uri`` when it is not a safe one, read as a browser reads
    it: blanks and control characters left out, letters in any case."""
    match = SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", uri).lower())
    return match[1] if match and match[1] not in SAFE_SCHEMES else None


class Neutralise(SphinxTransform):
    # After Sphinx's translation (20) and substitutions, before the domains
    # read the document (850).
    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        for reference in list(self.document.findall(nodes.reference)):
            scheme = unsafe_scheme(reference.get("refuri", ""))
            if scheme is None:
                continue
            warn(
                str(
                    _("a {scheme}: link is not published; its text stays, without the link")
                ).format(scheme=scheme),
                "link",
                reference,
            )
            reference.replace_self(nodes.inline(reference.rawsource, "", *reference.children))
        for raw in list(self.document.findall(nodes.raw)):
            warn(
                str(_("raw {format} markup is not published; left out")).format(
                    format=raw.get("format", "")
                ),
                "raw",
                raw,
            )
            raw.parent.remove(raw)


#: A text that is a number and nothing else: "2026", "8,5", "1 200", "−3,2 %", "12–14".
NUMBER = re.compile(r"^[\s(+\-−–]*\d[\d\s.,:/\-−–]*(?:\s?%)?\)?$")


class NumbersStay(SphinxTransform):
    """A heading, paragraph or table cell whose whole text is a number is no
    message: the gettext builder would make one of every figure of a table,
    and ``status`` would count each as untranslated.  Marked before Sphinx
    translates (20) and before the gettext builder collects."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.TextElement):
            if "translatable" not in node and NUMBER.match(node.astext()):
                node["translatable"] = False


#: The parts that close a memo: signatures, the appendix list, the recipients.
CLOSING_PARTS = frozenset({"underskrifter", "bilagor", "delges"})


class FootnotesBeforeTheClose(SphinxTransform):
    """A memo's footnotes belong to its text: written at the end of the file,
    they are moved to just before its closing parts (signatures, appendices,
    "Beslutet delges"), where a reader of the page and of the PDF finds them
    after the text they annotate.  After docutils has numbered them (620)."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        document = self.document
        if not (document.footnotes or document.autofootnotes or document.symbol_footnotes):
            return  # docutils notes every footnote it reads: none here
        closing = next(
            (n for n in self.document.findall(nodes.Element) if n.get(PART) in CLOSING_PARTS),
            None,
        )
        if closing is None or closing.parent is None:
            return
        parent = closing.parent
        following = set(closing.findall(nodes.footnote, siblings=True, ascend=True))
        for note in [n for n in self.document.findall(nodes.footnote) if n in following]:
            note.parent.remove(note)
            parent.insert(parent.index(closing), note)


def setup_transforms(app: Sphinx) -> None:
    app.add_transform(Neutralise)
    app.add_transform(NumbersStay)
    app.add_transform(FootnotesBeforeTheClose)
