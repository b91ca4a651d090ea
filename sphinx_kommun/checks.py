"""Checks over a whole memo, run once it has been read.

A check is a callable ``check(memo, context)`` registered with
``registry.add_check`` (:data:`sphinx_kommun.registry.Check`); it reads the
memo's record and reports through ``context.warn``, so every problem is a
located ``kommun`` warning and the build goes on.  A check changes nothing.
The built-in checks, each with its warning subtype:

* ``arende``: a memo has an ``arende``;
* ``section``: it has the sections its document type requires;
* ``titel``: it has a title of the writer's (without one, its page and its
  entry in the memo index would be titled "Förslag till beslut");
* ``platshallare``: no placeholder text of ``sphinx-kommun new`` is left in it.
* ``klarsprak``, when ``kommun_klarsprak = True``: plain Swedish.  A section
  (of at least :data:`~sphinx_kommun.model.klarsprak.SECTION_MIN_WORDS`
  words) whose LIX is above the profile's limit, at the section; the memo,
  at its header, when it is above the limit and no section was warned of; every
  sentence of more than 35 words and every piece of officialese, where it was
  written.  A memo in a build in another language than Swedish is not judged.
  A profile's own officialese entry that cannot be used is a warning at its
  line in the profile, in every build.

The directives check what they are given themselves (options, keys, dates,
files, empty or unindented content); :mod:`sphinx_kommun.transforms` takes
unsafe links and raw markup out of every page, and :mod:`sphinx_kommun.pii`
looks for personal identity numbers in every page, memo or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_kommun.domain import plain
from sphinx_kommun.i18n import _, lower_first
from sphinx_kommun.log import warn
from sphinx_kommun.messages import directive
from sphinx_kommun.model.klarsprak import LONG_SENTENCE, profile_wordlist
from sphinx_kommun.model.placeholders import may_hold_placeholders, placeholders_in
from sphinx_kommun.present import Presenter
from sphinx_kommun.profiles import line_in
from sphinx_kommun.registry import CheckContext, registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.klarsprak import OfficialeseAt, Report, SentenceAt
    from sphinx_kommun.model.memo import MemoRecord
    from sphinx_kommun.registry import Registry


def check_arende(memo: MemoRecord, context: CheckContext) -> None:
    if memo.header is None:
        context.warn(
            str(
                _("{directive} is missing: a memo begins with its header (date, dnr, body)")
            ).format(directive=directive("arende")),
            "arende",
            1,
        )


def check_required_sections(memo: MemoRecord, context: CheckContext) -> None:
    header = memo.header
    if header is None:
        return
    present = {key for key, _line in memo.sections}
    doctype = context.registry.document_heading(
        context.profile, header.typ, context.config.language
    )
    for key in context.registry.required_sections(context.profile, header.typ):
        if key not in present:
            context.warn(
                str(
                    _("the section {directive} is missing: a memo of the type {type} needs it")
                ).format(directive=directive(key), type=lower_first(doctype)),
                "section",
                header.line,
            )


def check_title(memo: MemoRecord, context: CheckContext) -> None:
    """A memo has a title of its own, written before its first section (one
    without an ``arende`` is warned of for that)."""
    if memo.title or memo.header is None:
        return
    shown = Presenter.of(context.config).title(memo)
    context.warn(
        str(
            _(
                "the memo has no title: write it under {directive}, underlined with ===; "
                "until then its page is titled {title}"
            )
        ).format(directive=directive("arende"), title=repr(shown)),
        "titel",
        memo.header.line,
    )


def check_placeholders(memo: MemoRecord, context: CheckContext) -> None:
    """No text that ``sphinx-kommun new`` wrote for the writer to replace is left."""
    if not may_hold_placeholders(plain(context.doctree)):
        return  # no element's text can hold one that the whole text does not
    said: set[tuple[str, int]] = set()
    for element in context.doctree.findall(nodes.TextElement):
        if isinstance(element.parent, nodes.TextElement) or isinstance(element, nodes.Invisible):
            continue  # judged with the heading or paragraph it is part of; or never shown
        for placeholder in placeholders_in(plain(element)):
            line = _line_of(element) or (memo.header.line if memo.header else 1)
            if (placeholder.text, line) in said:
                continue
            said.add((placeholder.text, line))
            context.warn(
                str(
                    _(
                        "the placeholder {text} that sphinx-kommun new wrote is still here: "
                        "write the memo's own text in its place"
                    )
                ).format(text=repr(placeholder.text)),
                "platshallare",
                line,
            )


def _line_of(node: nodes.Node) -> int | None:
    """The line a node was written on, or its nearest ancestor's."""
    current: nodes.Node | None = node
    while current is not None:
        line = current.line or (current.get("line") if isinstance(current, nodes.Element) else None)
        if line:
            return int(line)
        current = current.parent
    return None


def klarsprak_findings(memo: MemoRecord) -> list[tuple[str, int, str]]:
    """What the plain-language check says of a memo, as ``(file, line,
    message)`` in the order written; the file is "" for the memo's own.  The
    build warns of these (``kommun_klarsprak = True``) and ``sphinx-kommun
    check`` lists them: one list, so both say the same, in the build's language."""
    report = memo.klarsprak
    if report is None:
        return []
    hard = report.hard_sections()
    found: list[tuple[str, int, str]] = [
        (
            s.source,
            s.line,
            lix_message(
                report,
                s.lix,
                str(_("the section {heading}")).format(heading=repr(s.heading or s.key)),
            ),
        )
        for s in hard
    ]
    if not hard and report.lix > report.limit:
        line = memo.header.line if memo.header else 1
        found.append(("", line, lix_message(report, report.lix, str(_("the memo")))))
    found += [(f.source, f.line, sentence_message(f)) for f in report.long_sentences]
    found += [(f.source, f.line, officialese_message(f)) for f in report.officialese]
    return sorted(found, key=lambda f: (f[0], f[1]))  # stable: a line's LIX first


def lix_message(report: Report, lix: float, what: str) -> str:
    """The warning for ``what`` ("the memo", "the section 'Sammanfattning'") at ``lix``."""
    return "klarspråk: " + str(
        _(
            "{what} has a LIX of {lix}, above {limit} (over 50 is hard to read, over 60 "
            "officialese): write shorter sentences and shorter words"
        )
    ).format(what=what, lix=f"{lix:.1f}", limit=f"{report.limit:g}")


def sentence_message(sentence: SentenceAt) -> str:
    return "klarspråk: " + str(
        _("a sentence of {words} words (more than {limit}): “{opening} …”; split it")
    ).format(words=sentence.words, limit=LONG_SENTENCE, opening=sentence.opening)


def officialese_message(found: OfficialeseAt) -> str:
    written = " ".join(found.written.split())
    what = repr(written)
    if written.lower() != found.word.lower():
        what += " " + str(_("(a form of {word})")).format(word=repr(found.word))
    note = f" ({found.note})" if found.note else ""
    return "klarspråk: " + str(_("{what} is officialese: write {suggestion} instead{note}")).format(
        what=what, suggestion=repr(found.suggestion), note=note
    )


def check_klarsprak(memo: MemoRecord, context: CheckContext) -> None:
    if not context.config.kommun_klarsprak:
        return
    for source, line, message in klarsprak_findings(memo):
        context.warn(message, "klarsprak", f"{source}:{line}" if source else line)


def check_profile_words(app: Sphinx, config: Config) -> None:
    """Each officialese entry of a profile that cannot be used is left out of its
    list, with a warning at its line in the profile file."""
    for profile in registry_for(config).profiles.values():
        _list, problems = profile_wordlist(profile.klarsprak_ord)
        for problem in problems:
            where: list[str | int] = ["klarsprak", "ord", *([problem.key] if problem.key else [])]
            warn(
                str(_("profile {key}: klarsprak.ord: {entry}: {problem}; left out")).format(
                    key=repr(profile.key),
                    entry=problem.key or _("(the list)"),
                    problem=problem.message,
                ),
                "klarsprak",
                f"{profile.path}:{line_in(profile.path, where)}",
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
    # Once the registry has read the profiles (priority 400).
    app.connect("config-inited", check_profile_words, priority=450)


def register(registry: Registry) -> None:
    registry.add_check(check_arende)
    registry.add_check(check_required_sections)
    registry.add_check(check_title)
    registry.add_check(check_placeholders)
    registry.add_check(check_klarsprak)
