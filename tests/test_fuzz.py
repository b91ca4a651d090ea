"""Random options, arguments and content for every memo directive never get an
exception out of a build: whatever a writer types is a warning at worst.

The examples are the same on every run, so that CI is repeatable;
``KOMMUN_FUZZ_EXAMPLES=500`` runs that many fresh ones.
"""

from __future__ import annotations

import os
import tempfile
from io import StringIO
from pathlib import Path

from docutils.parsers.rst import Directive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx
from sphinx.util.console import strip_escape_sequences
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_kommun import BUILTIN_PLUGINS
from sphinx_kommun.directives.sections import section_directive
from sphinx_kommun.registry import Registry


def builtin_directives() -> dict[str, type[Directive]]:
    registry = Registry()
    for name, register in BUILTIN_PLUGINS:
        registry.add_plugin(register, name, "built in")
    return {key: section_directive(key) for key in registry.sections} | registry.directives


DIRECTIVES = builtin_directives()
EXAMPLES = int(os.environ.get("KOMMUN_FUZZ_EXAMPLES", "0"))

#: Words that mean something to the directives, and text that means something
#: to reStructuredText, HTML and LaTeX.
MEANINGFUL = [
    "kommunstyrelsen",
    "kommunfullmaktige",
    "huddinge",
    "botkyrka:kommunstyrelsen",
    "huddinge:gatunamnden",
    "tjansteutlatande",
    "tjansteskrivelse",
    "ekonomiska, barn",
    "ekonomiska,, sociala",
    "2019-06-26",
    "2019-02-30",
    "0000-00-00",
    "KS-2019/1234",
    "811218-9876",
    "19811218-9876",
    "701063-2391",
    "bilaga.pdf",
    "../conf.py",
    "/etc/passwd",
    "sub/../bilaga.pdf",
    ".",
    "Maria Strandberg, Översiktsplanerare",
    ",",
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "\\input{/etc/passwd}",
    "\\write18{x}",
    "& $ % # _ { } ~ ^ \\",
    "`x <javascript:alert(1)>`_",
    ":bilaga:`prog`",
    ":dnr:`KS-2019/1234`",
    ":dnr:``",
    "*",
    "**",
    "`",
    "|x|",
    "[#]_",
    "_x",
    "::",
    "..",
    "{0} {name} %s",
]
LINE_STARTS = [
    "",
    "- ",
    "#. ",
    "1. ",
    ".. fokusomrade:: ",
    ".. fokusomraden:: ",
    ".. beslut::",
    ".. bilaga:: ",
    ".. arende::",
    ":typ: ",
    "=====",
    ".. ",
    ".. raw:: html",
    "   ",
]

text_piece = st.one_of(
    st.sampled_from(MEANINGFUL),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12),
)
#: One line of text: no line break, trailing blanks trimmed as an editor would.
line = st.lists(text_piece, max_size=4).map(lambda parts: " ".join(parts).rstrip())
content_line = st.tuples(st.sampled_from(LINE_STARTS), line).map(
    lambda t: f"{t[0]} {t[1]}".rstrip() if t[0].endswith("::") else (t[0] + t[1]).rstrip()
)


@st.composite
def invocation(draw: st.DrawFn, depth: int = 0) -> str:
    """One directive as a writer could write it, right or wrong; its content may
    hold more directives (a ``fokusomrade`` in a ``fokusomraden``)."""
    name = draw(st.sampled_from(sorted(DIRECTIVES)))
    directive = DIRECTIVES[name]
    head = f".. {name}::"
    if directive.required_arguments or directive.optional_arguments:
        argument = draw(line)
        if argument or draw(st.booleans()):
            head += f" {argument}"
    known = sorted(directive.option_spec or ())
    names = draw(st.lists(st.sampled_from([*known, "okand", "ny"]), max_size=4, unique=True))
    options = [f"   :{option}: {draw(line)}".rstrip() for option in names]
    body = ""
    if directive.has_content or draw(st.integers(0, 9)) == 0:
        items = content_line
        if depth < 2:
            items = st.one_of(content_line, invocation(depth + 1).map(lambda d: f"\n{d}"))
        lines = "\n".join(draw(st.lists(items, max_size=5))).splitlines()
        body = "\n" + "\n".join(f"   {text}".rstrip() for text in lines)
    return "\n".join([head, *options]) + "\n" + body + "\n"


@st.composite
def memo(draw: st.DrawFn) -> str:
    parts = draw(st.lists(invocation(), min_size=1, max_size=6))
    title = draw(line) or "Titel"
    parts.insert(draw(st.integers(0, len(parts))), f"{title}\n{'=' * max(len(title), 4)}\n")
    return "\n".join(parts)


CONF = """extensions = ["sphinx_kommun"]
language = {language!r}
kommun_profile = {profile!r}
kommun_pii = {pii!r}
"""


def build(text: str, conf: dict[str, str]) -> tuple[Sphinx, str]:
    with tempfile.TemporaryDirectory(prefix="kommun-fuzz-") as tmp:
        srcdir = Path(tmp, "src")
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF.format(**conf), encoding="utf-8")
        (srcdir / "index.rst").write_text(text, encoding="utf-8")
        (srcdir / "bilaga.pdf").write_bytes(b"%PDF-1.4\n")
        warnings = StringIO()
        with patch_docutils(srcdir), docutils_namespace():
            app = Sphinx(
                srcdir,
                srcdir,
                Path(tmp, "out"),
                Path(tmp, "doctrees"),
                "html",
                status=None,
                warning=warnings,
                freshenv=True,
            )
            app.build()
            # Written, unless the edition does not publish it: a personnummer
            # withholds it, and a secret memo has no page in the public edition.
            unpublished = app.env.domains["kommun"].unpublished(app.config)
            assert (Path(tmp, "out") / "index.html").is_file() or "index" in unpublished
    return app, strip_escape_sequences(warnings.getvalue())


@settings(
    max_examples=EXAMPLES or 40,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    text=memo(),
    profile=st.sampled_from(["huddinge", "botkyrka", ""]),
    language=st.sampled_from(["sv", "en"]),
    pii=st.sampled_from(["warn", "error", "off"]),
)
def test_no_exception_from_any_memo(text: str, profile: str, language: str, pii: str) -> None:
    app, warnings = build(text, {"profile": profile, "language": language, "pii": pii})
    assert "Traceback" not in warnings
    assert "Exception occurred" not in warnings
    assert app.statuscode == 0 or pii == "error"


def test_every_directive_is_fuzzed() -> None:
    assert {"arende", "beslut", "konsekvenser", "bilaga", "delges", "fokusomrade"} <= set(
        DIRECTIVES
    )
