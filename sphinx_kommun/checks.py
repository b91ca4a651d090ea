"""Checks over a whole memo, run once it has been read.

A check is a callable ``check(memo, context)`` registered with
``registry.add_check``; it reports through ``context.warn`` so every problem is
a located ``kommun`` warning and the build goes on.  The built-in checks, each
with its warning subtype:

* ``arende``: a memo has an ``arende``;
* ``section``: it has the sections its document type requires;
* ``pii``: it holds no personal identity number (:mod:`sphinx_kommun.pii`);
* ``link`` and ``raw``: nothing in it runs in a reader's browser or in TeX.  A
  link whose scheme is not one of :data:`SAFE_SCHEMES` (``javascript:``,
  ``data:``, ``file:``) keeps its text and loses its address; a ``raw`` block
  (HTML or LaTeX passed on as written) is left out.  Every other text of a
  memo is escaped by the writers, the extension's own visitors included.

The directives check what they are given themselves (options, keys, dates,
files); these checks see the whole memo once it has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import warn
from sphinx_kommun.pii import check_pii, setup_pii
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_kommun.domain import KommunDomain, MemoRecord
    from sphinx_kommun.profiles import Profile
    from sphinx_kommun.registry import Registry


@dataclass
class CheckContext:
    docname: str
    registry: Registry
    config: Config
    profile: Profile | None
    doctree: nodes.document

    def warn(self, message: str, subtype: str, at: int | nodes.Node | None = None) -> None:
        """A located warning: at line ``at`` of the memo, or where node ``at`` was written."""
        warn(message, subtype, at if isinstance(at, nodes.Node) else (self.docname, at))


Check = Callable[["MemoRecord", CheckContext], None]


def check_arende(memo: MemoRecord, context: CheckContext) -> None:
    if memo.header is None:
        context.warn("the memo has no arende (its header: date, dnr, body)", "arende", 1)


def check_required_sections(memo: MemoRecord, context: CheckContext) -> None:
    header = memo.header
    if header is None:
        return
    present = {key for key, _line in memo.sections}
    for key in context.registry.required_sections(context.profile, header.typ):
        if key not in present:
            context.warn(
                f"a {header.typ} needs the section {key}, and this memo has none",
                "section",
                header.line,
            )


#: The link schemes a memo may use; a link without one stays inside the site.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def unsafe_scheme(uri: str) -> str | None:
    """The scheme of ``uri`` when it is not a safe one, read as a browser reads
    it: blanks and control characters left out, letters in any case."""
    match = SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", uri).lower())
    return match[1] if match and match[1] not in SAFE_SCHEMES else None


def check_markup(memo: MemoRecord, context: CheckContext) -> None:
    for reference in list(context.doctree.findall(nodes.reference)):
        scheme = unsafe_scheme(reference.get("refuri", ""))
        if scheme is None:
            continue
        context.warn(
            f"a {scheme}: link is not published in a memo; its text stays, without the link",
            "link",
            reference,
        )
        reference.replace_self(nodes.inline(reference.rawsource, "", *reference.children))
    for raw in list(context.doctree.findall(nodes.raw)):
        context.warn(
            f"raw {raw.get('format', '')} markup is not published in a memo; left out",
            "raw",
            raw,
        )
        raw.parent.remove(raw)


def run_checks(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
    memo = domain.memos.get(env.docname)
    if memo is None:
        return
    if env.docname in env.titles:
        memo.title = env.titles[env.docname].astext()
    if not memo.is_memo:
        return
    registry = registry_for(app.config)
    key = memo.header.kommun if memo.header else app.config.kommun_profile
    context = CheckContext(env.docname, registry, app.config, registry.profile(key), doctree)
    for check in registry.checks:
        check(memo, context)


def setup_checks(app: Sphinx) -> None:
    app.connect("doctree-read", run_checks)
    setup_pii(app)


def register(registry: Registry) -> None:
    registry.add_check(check_arende)
    registry.add_check(check_required_sections)
    registry.add_check(check_pii)
    registry.add_check(check_markup)
