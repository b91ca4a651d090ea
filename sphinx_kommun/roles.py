"""``:dnr:`` and ``:bilaga:``: cross-references that the domain resolves when a
page is written, so they may point across memos (see
:meth:`sphinx_kommun.domain.KommunDomain.resolve_xref`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx


def _reference(
    reftype: str, text: str, rawtext: str, inliner: Inliner, lineno: int, css: str
) -> addnodes.pending_xref:
    env = inliner.document.settings.env
    target = text.strip()
    node = addnodes.pending_xref(
        rawtext,
        nodes.inline(target, target, classes=[css]),
        refdomain="kommun",
        reftype=reftype,
        reftarget=target,
        refdoc=env.docname,
        refwarn=True,
    )
    source, node.line = inliner.reporter.get_source_and_line(lineno)
    node.source = str(source) if source else None
    return node


def dnr_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """A diarienummer; linked to the latest memo of that case when the project has one."""
    return [_reference("dnr", text, rawtext, inliner, lineno, "kommun-dnr")], []


def bilaga_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """ "bilaga 2" / "appendix 2", linked to the memo's ``bilaga`` of that ``:name:``."""
    return [_reference("bilaga", text, rawtext, inliner, lineno, "kommun-bilaga-ref")], []


def setup_roles(app: Sphinx) -> None:
    app.add_role("dnr", dnr_role)
    app.add_role("bilaga", bilaga_role)
