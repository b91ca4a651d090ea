"""Secrecy (offentlighets- och sekretesslagen, OSL): what each edition publishes.

Three things are secret, each by a provision of OSL: a whole memo
(``arende :sekretess:``), an appendix (``bilaga :sekretess:``) and a passage
(the role ``:maskera:`text <OSL 26 kap. 1 §>```).

**The public edition** (``kommun_publicering = "offentlig"``, the default)
holds no secret.  A secret memo is not published: once it is read and
translated, its doctree becomes a stub that keeps only what the registers
may show of it (its dnr, and the keys they sort and filter by), so no page,
PDF, search entry, label, index entry or record holds its text, and the
memo index, the register and the JSON name it "Sekretessbelagt ärende"
beside its dnr.  A secret appendix is listed with its number and provision
and no file.  Masked text is replaced by a mark that says under which
provision it is masked, and the role's words are scrubbed from every node's
``rawsource`` too, since doctrees are pickled.  A sentence of a secret memo
that stands unmasked in a public page is reported.

**The internal edition** (``kommun_publicering = "intern"``, ``sphinx-kommun
build --intern``) holds everything, with a sekretessmarkering (provision,
date, authority) on each secret part.
"""

from __future__ import annotations

import re
import zlib
from array import array
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.model.sekretess import parse_provision
from sphinx_kommun.nodes import mark, memo_header, parts
from sphinx_kommun.pii import STUBBED
from sphinx_kommun.present import masked

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain

#: ``:maskera:`text <provision>```: the text and the provision.
ROLE_TEXT = re.compile(r"^(?P<text>.*?)\s*<(?P<provision>[^<>]*)>\s*$", re.S)
#: The role as written in a node's rawsource.
ROLE_SOURCE = re.compile(r":maskera:`(?:[^`\\]|\\.)*`")
#: The header keys a secret memo's stub keeps: what registers sort and filter by.
STUB_KEYS = ("kommun", "instans", "forvaltning", "typ", "datum", "dnr", "sekretess", "line")
#: Runs of this many words are compared with the secret memos' (shorter ones,
#: "Ärendet avslutas.", stand in many memos).
RUN_WORDS = 8


def public(config: Config) -> bool:
    return config.kommun_publicering != "intern"


# -- :maskera: -----------------------------------------------------------------------


def maskera_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The masked text: in the public edition a mark naming the provision, in
    the internal one the text with its sekretessmarkering."""
    env = inliner.document.settings.env
    match = ROLE_TEXT.match(text)
    words, written = (match["text"], match["provision"]) if match else (text, "")
    provision = _provision(written, env, inliner, lineno)
    if public(env.config):
        mask = masked(provision) if provision else str(_("[masked]"))
        node = nodes.inline(mask, mask, classes=["kommun-maskerat"])
        return [node], []
    node = nodes.inline(words, words, classes=["kommun-maskerat-intern"])
    marking = " [" + str(_("secret under {provision}")).format(provision=provision) + "]"
    node += nodes.inline(marking, marking, classes=["kommun-sekretessmarkering"])
    return [node], []


def _provision(written: str, env: BuildEnvironment, inliner: Inliner, lineno: int) -> str:
    """The role's provision in its one form; the memo's own when none is written."""
    source, line = inliner.reporter.get_source_and_line(lineno)
    location = f"{source}:{line}"
    if written.strip():
        found = parse_provision(written)
        if found is not None:
            return found.text
        warn(
            f":maskera: {written!r} is no provision of offentlighets- och sekretesslagen "
            "as written (for example 'OSL 26 kap. 1 §'); the text is masked all the same",
            "sekretess",
            location,
        )
        return " ".join(written.split())
    arende = env.temp_data.get("kommun_arende") or {}
    if arende.get("sekretess"):
        return str(arende["sekretess"])
    warn(
        ":maskera: names no provision and the memo has none (write "
        "`text <OSL 26 kap. 1 §>`); the text is masked all the same",
        "sekretess",
        location,
    )
    return ""


# -- reading: what the public edition keeps ---------------------------------------------


def word_runs(text: str) -> array[int]:
    """Digests of every run of :data:`RUN_WORDS` words of ``text`` (a quotation
    may be part of a sentence): never the words themselves, which the
    environment would keep, and four bytes a run."""
    words = re.findall(r"\w+", text.lower())
    return array(
        "I",
        sorted(
            {
                zlib.crc32(" ".join(words[i : i + RUN_WORDS]).encode())
                for i in range(len(words) - RUN_WORDS + 1)
            }
        ),
    )


class ApplySecrecy(SphinxTransform):
    """After translation, before the domains read the document (850): a secret
    memo becomes its stub, masked text leaves every ``rawsource``, and the
    sentences are noted for the check that none of a secret memo's is public."""

    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        domain: KommunDomain = self.env.domains["kommun"]  # type: ignore[assignment]
        docname = self.env.docname
        header = next(self.document.findall(memo_header), None)
        secret = header is not None and bool(header.get("sekretess"))
        if not public(self.config):
            return
        text = self.document.astext()
        if secret:
            assert header is not None
            domain.note_sentences(docname, word_runs(text), secret=True)
            stub(self.document, header)
            self.env.temp_data[STUBBED] = True
            return
        domain.note_sentences(docname, word_runs(text), secret=False)
        for node in self.document.findall(nodes.Element):
            if node.rawsource and ":maskera:" in node.rawsource:
                node.rawsource = ROLE_SOURCE.sub(_mask_source, node.rawsource)


def _mask_source(match: re.Match[str]) -> str:
    found = ROLE_TEXT.match(match.group()[len(":maskera:`") : -1])
    provision = parse_provision(found["provision"]) if found else None
    return masked(provision.text) if provision else str(_("[masked]"))


def stub(document: nodes.document, header: nodes.Element) -> None:
    """The document as the public edition keeps a secret memo: its header's
    keys and the bodies its decisions go to, no text, kept out of search."""
    decisions = [
        mark(nodes.container(), "beslut", instans=n["instans"], till=n["till"], line=n["line"])
        for n in parts(document, "beslut")
    ]
    kept = memo_header(**{key: header.get(key, "") for key in STUB_KEYS})
    kept["handlaggare"] = ""
    document.clear()
    # What docutils noted of the document's names and targets goes with it.
    for table in (
        "nameids",
        "nametypes",
        "ids",
        "refnames",
        "refids",
        "substitution_defs",
        "substitution_names",
    ):
        getattr(document, table).clear()
    for listed in (
        "footnotes",
        "citations",
        "autofootnotes",
        "symbol_footnotes",
        "footnote_refs",
        "citation_refs",
        "autofootnote_refs",
        "symbol_footnote_refs",
        "indirect_targets",
    ):
        value = getattr(document, listed, None)
        if isinstance(value, list | dict):
            value.clear()
    document.attributes.pop("title", None)
    nosearch = nodes.field("", nodes.field_name("", "nosearch"), nodes.field_body(""))
    document += nodes.docinfo("", nosearch)
    document += kept
    document.extend(decisions)


class DropSecretEntries(SphinxPostTransform):
    """A toctree of the public edition does not link to a secret memo, which
    has no page (before Sphinx resolves toctrees, after cross-references)."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if not public(self.config):
            return
        domain: KommunDomain = self.env.domains["kommun"]  # type: ignore[assignment]
        unpublished = domain.unpublished(self.config)
        if not unpublished:
            return
        for toctree in self.document.findall(addnodes.toctree):
            toctree["entries"] = [e for e in toctree["entries"] if e[1] not in unpublished]
            toctree["includefiles"] = [d for d in toctree["includefiles"] if d not in unpublished]


def check_leaks(app: Sphinx, env: BuildEnvironment) -> None:
    """A sentence of a secret memo that stands in a public page is reported there."""
    if not public(app.config):
        return
    domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
    secrets = domain.data.get("secret_sentences", {})
    if not secrets:
        return
    secret_runs = {doc: set(runs) for doc, runs in secrets.items()}
    for docname, runs in sorted(domain.data.get("sentences", {}).items()):
        for secret_doc, secret_set in sorted(secret_runs.items()):
            if any(run in secret_set for run in runs):
                warn(
                    f"text of the secret memo {secret_doc!r} stands unmasked in this page",
                    "sekretess",
                    (docname, 1),
                )


def setup_secrecy(app: Sphinx) -> None:
    app.add_role("maskera", maskera_role)
    app.add_transform(ApplySecrecy)
    app.add_post_transform(DropSecretEntries)
    app.connect("env-check-consistency", check_leaks)
