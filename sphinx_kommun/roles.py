"""``:dnr:`` and ``:bilaga:``, resolved late so they may point across memos."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from sphinx_kommun.directives import warn
from sphinx_kommun.i18n import _
from sphinx_kommun.nodes import bilaga_ref, dnr_ref

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from sphinx_kommun.domain import KommunDomain


def memo_link(
    builder: Builder, fromdocname: str, docname: str, content: nodes.Element
) -> nodes.Element:
    """``content`` linked to the memo ``docname``; left unlinked by a builder
    that has no page for it (LaTeX, for a memo outside the document)."""
    try:
        return make_refnode(builder, fromdocname, docname, "", content)
    except NoUri:
        return content


def dnr_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    dnr = text.strip()
    env = inliner.document.settings.env
    env.domains["kommun"].memo(env.docname).dnr_refs.add(dnr)
    return [dnr_ref(rawtext, dnr, classes=["kommun-dnr"])], []


def bilaga_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    node = bilaga_ref(rawtext, text.strip(), target=text.strip(), classes=["kommun-bilaga-ref"])
    node.source, node.line = inliner.reporter.get_source_and_line(lineno)
    return [node], []


class ResolveReferences(SphinxPostTransform):
    """A dnr links to the memo that has it (plain text when none does, or two
    do: the domain warns of that once); a bilaga reference becomes "bilaga 2"
    linked to that appendix."""

    default_priority = 5  # before Sphinx's own reference resolver

    def run(self, **kwargs: Any) -> None:
        domain: KommunDomain = self.env.domains["kommun"]  # type: ignore[assignment]
        docname = self.env.docname
        # As Sphinx's own ReferencesResolver does: a post-transform's builder.
        builder = self.env._app.builder
        dnr_refs = list(self.document.findall(dnr_ref))
        # Only a page that names a dnr pays for the index of every memo's dnr,
        # so writing N memos stays O(N).
        by_dnr = domain.docs_by_dnr() if dnr_refs else {}
        for node in dnr_refs:
            text = node.astext()
            targets = by_dnr.get(text, [])
            content = nodes.inline(text, text, classes=node["classes"])
            if len(targets) == 1 and targets[0] != docname and builder.name != "gettext":
                content = memo_link(builder, docname, targets[0], content)
            node.replace_self(content)
        for node in list(self.document.findall(bilaga_ref)):
            bilaga = domain.bilaga(docname, node["target"])
            if bilaga is None:
                warn(f"no bilaga with :name: {node['target']!r} in this memo", "ref", node)
                node.replace_self(nodes.inline(node.astext(), node.astext()))
                continue
            text = str(_("appendix {number}")).format(number=bilaga.nummer)
            content = nodes.inline(text, text, classes=node["classes"])
            node.replace_self(make_refnode(builder, docname, docname, bilaga.anchor, content))


def setup_roles(app: Sphinx) -> None:
    app.add_role("dnr", dnr_role)
    app.add_role("bilaga", bilaga_role)
    app.add_post_transform(ResolveReferences)
