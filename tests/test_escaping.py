"""Text from a memo never runs: a memo full of HTML and LaTeX payloads, in every
option, argument and content, is published as text in HTML and in LaTeX, and
the LaTeX still compiles."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOTS, compile_latex

#: A file inside the project whose name is a payload too; made by the test, as
#: such a name is no file name on every system.
ODD_FILE = 'bilaga "onmouseover=alert(1) &.txt'
#: Payloads as the memo writes them; each must reach the reader as this text.
SHOWN = [
    "<script>alert(’instans’)</script>",
    "” onmouseover=”alert(’forvaltning’)",
    "KS-2019/1 <img src=x onerror=alert(’dnr’)>",
    "<b onclick=”alert(’namn’)”>Maria</b>",
    "Rubrik <script>alert(’rubrik’)</script>",
    "<iframe src=”javascript:alert(’beslutsinstans’)”>",
    "Punkt <script>alert(’punkt’)</script>",
    "<script>alert('literal')</script>",
    "Titel <svg onload=alert(’titel’)>",
    "Område <img src=x onerror=alert(’område’)>",
    "Figur <script>alert(’figur’)</script>",
    "Konsekvenser ”><script>alert(’konsekvenser’)</script>",
    "<script>alert(’underskrift’)</script>",
    "Bilaga <script>alert(’bilaga’)</script>",
    "<script>alert(’delges’)</script>",
    "<script>alert(’dnr-roll’)</script>",
]
DANGEROUS_TAGS = {"script", "iframe", "svg", "img", "object", "embed", "math", "form", "b"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}
UNSAFE_URL = re.compile(r"^(javascript|vbscript|data):")


class Page(HTMLParser):
    """The elements and the text of a page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "escaping"
    shutil.copytree(ROOTS / "test-escaping", srcdir)
    (srcdir / ODD_FILE).write_text("en bilaga\n", encoding="utf-8")
    return srcdir


def build(make_app, tmp_path: Path, buildername: str, **overrides):
    app = make_app(buildername, srcdir=copy_root(tmp_path), confoverrides=overrides)
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    return app


def test_html_has_no_live_payload(make_app, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "html")
    source = (app.outdir / "index.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(source)

    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES and value:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not UNSAFE_URL.match(squeezed), (tag, name, value)
        if tag in DANGEROUS_TAGS - {"script"}:
            pytest.fail(f"a live <{tag}> on the page: {attrs}")
        if tag == "script":  # Sphinx's own: files from _static and the search box
            src = dict(attrs).get("src") or ""
            assert not src or src.startswith("_static/"), src
    assert not any("alert" in script for script in page.scripts)

    text = html.unescape("".join(page.text))
    for payload in SHOWN:
        assert payload in text, payload
    # a link that leads nowhere harmful stays a link, its address escaped
    assert 'href="https://www.huddinge.se/?a=1&amp;b=&quot;2&quot;"' in source
    # the odd file name is a link address, quoted
    assert "bilaga%20%22onmouseover%3Dalert%281%29%20%26.txt" in source


def test_refused_markup_is_reported(make_app, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "html")
    warnings = app.warning.getvalue()
    for scheme in ("javascript", "data", "vbscript"):
        assert f"en {scheme}:-länk publiceras inte" in warnings
    assert "rå html-kod publiceras inte" in warnings
    assert "rå latex-kod publiceras inte" in warnings


LATEX_LIVE = [
    r"\input{/etc/passwd",
    r"\write18",
    r"\def\x",
    "href{javascript",
    "href{vbscript",
    "href{data",
]
LATEX_ESCAPED = [
    r"\& \$ \% \# \_ \{ \} \textasciitilde{} \textasciicircum{}",
    r"\textbackslash{}write18\{touch /tmp/pwned\sphinxhyphen{}datum\}",
    r"\textbackslash{}INPUT\{/ETC/PASSWD\}",  # the unknown :typ:, as the heading
    r"write18\{touch /tmp/pwned\} och input\{/etc/passwd\} och defx\{y\}",
]


def latex_build(make_app, tmp_path: Path, engine: str):
    app = build(make_app, tmp_path, "latex", latex_engine=engine)
    tex = next(app.outdir.glob("*.tex"))
    return app, tex


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_latex_has_no_live_payload(make_app, tmp_path: Path, engine: str) -> None:
    _app, tex = latex_build(make_app, tmp_path, engine)
    text = tex.read_text(encoding="utf-8")
    for live in LATEX_LIVE:
        assert live not in text, live
    for escaped in LATEX_ESCAPED:
        assert escaped in text, escaped


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_latex_compiles(make_app, tmp_path: Path, engine: str) -> None:
    app, tex = latex_build(make_app, tmp_path, engine)
    compile_latex(tex, engine)
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", tex.with_suffix(".pdf").name, "-"],
            cwd=app.outdir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Punkt <script>alert(’punkt’)</script>" in pdf_text
        assert "root:" not in pdf_text  # /etc/passwd was never read
