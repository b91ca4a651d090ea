"""Checks over a whole memo, run once it has been read.

A check is a callable ``check(memo, context)`` registered with
``registry.add_check``; it reports through ``context.warn`` so every problem is
a located ``kommun`` warning and the build goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.directives import warn
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

    def warn(self, message: str, subtype: str, line: int | None = None) -> None:
        warn(message, subtype, (self.docname, line))


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
                f"a {header.typ} needs a {key} section, and this memo has none",
                "section",
                header.line,
            )


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


def register(registry: Registry) -> None:
    registry.add_check(check_arende)
    registry.add_check(check_required_sections)
