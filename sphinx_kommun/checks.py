"""Checks over a whole memo, run once it has been read.

A check is a callable ``check(memo, context)`` registered with
``registry.add_check`` (:data:`sphinx_kommun.registry.Check`); it reads the
memo's record and reports through ``context.warn``, so every problem is a
located ``kommun`` warning and the build goes on.  A check changes nothing.
The built-in checks, each with its warning subtype:

* ``arende``: a memo has an ``arende``;
* ``section``: it has the sections its document type requires.

The directives check what they are given themselves (options, keys, dates,
files); :mod:`sphinx_kommun.transforms` takes unsafe links and raw markup out
of every page, and :mod:`sphinx_kommun.pii` looks for personal identity
numbers in every page, memo or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun.registry import CheckContext, registry_for

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.memo import MemoRecord
    from sphinx_kommun.registry import Registry


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


def run_checks(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain: KommunDomain = env.domains["kommun"]  # type: ignore[assignment]
    memo = domain.memos.get(env.docname)
    if memo is None or not memo.is_memo:
        return
    if memo.secret and app.config.kommun_publicering != "intern":
        return  # a stub: the memo is checked in the internal edition (sphinx-kommun check)
    registry = registry_for(app.config)
    key = memo.header.kommun if memo.header else app.config.kommun_profile
    context = CheckContext(env.docname, registry, app.config, registry.profile(key), doctree)
    for check in registry.checks:
        check(memo, context)


def setup_checks(app: Sphinx) -> None:
    app.connect("doctree-read", run_checks)


def register(registry: Registry) -> None:
    registry.add_check(check_arende)
    registry.add_check(check_required_sections)
