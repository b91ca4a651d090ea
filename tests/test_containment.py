"""Nothing from outside the project reaches a published page (issue 17).

One test root per finding, ``tests/roots/test-leak-<name>``, built in a copy
beside a folder ``utanfor/`` that stands for everything outside the project
(its files carry markers).  Links, named pipes, ``.git/`` and build files are
made in the copy when the test runs: git would not keep them in a root.  Each
test asserts the located warning (file, line, type and subtype) and that what
a reader gets (every file of the output folder: pages, ``_downloads/``,
``_images/``, the search index, the copied sources) holds neither a marker
nor any line of ``/etc/passwd``; and that the rest of the page is there.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_kommun.commands import translate
from sphinx_kommun.paths import FILE, IMAGE, TEXT, Fence, Refused, contained, is_address
from tests.conftest import ROOTS

BIN = Path(sys.executable).parent
MARK = "HEMLIGT-UTANFOR-4711"
IMAGE_MARK = b"HEMLIG-BILD-4711"
PROFILE_MARK = "HEMLIG-PROFIL-4711"
#: Every line of /etc/passwd long enough to be recognised.
PASSWD = [
    line
    for line in (
        Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
        if Path("/etc/passwd").is_file()
        else []
    )
    if len(line) >= 12
]
#: An mtime long past: a file replaced by a link to it is not newer than the build.
LONG_AGO = 1_000_000_000
WARNING = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>kommun\.[\w-]+)\]$"
)


def png(text: bytes = b"") -> bytes:
    """A 1×1 PNG, with ``text`` in a tEXt chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0"))
    extra = chunk(b"tEXt", b"Comment\0" + text) if text else b""
    return b"\x89PNG\r\n\x1a\n" + body + extra + chunk(b"IEND", b"")


def make_outside(folder: Path) -> Path:
    """What lies outside the project: files a page must never publish."""
    folder.mkdir(exist_ok=True)
    (folder / "hemligt.txt").write_text(f"{MARK}\n", encoding="utf-8")
    (folder / "hemligt.rst").write_text(f"Hemligt\n\n{MARK}\n", encoding="utf-8")
    (folder / "hemlig.png").write_bytes(png(IMAGE_MARK))
    (folder / "hemlig.yaml").write_text(f"namn: {PROFILE_MARK}\n", encoding="utf-8")
    for path in folder.iterdir():
        os.utime(path, (LONG_AGO, LONG_AGO))
    return folder


@contextmanager
def bounded_writes(limit: int = 64 * 1024 * 1024) -> Iterator[None]:
    """No file written while a test builds grows past ``limit``: should the rule
    ever let ``/dev/zero`` through, copying it fails instead of filling the
    disk the machine's other developers share."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not a killed test
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def bounded_child() -> None:
    """:func:`bounded_writes` for a command the test runs (``preexec_fn``)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024, hard))


def fifo(path: Path, after: float = 30) -> None:
    """A named pipe at ``path``; should the rule ever let a build open it, a
    writer comes after ``after`` seconds and closes it, so the test fails
    instead of hanging."""
    os.mkfifo(path)

    def unblock() -> None:
        deadline = time.monotonic() + after + 600
        time.sleep(after)
        while time.monotonic() < deadline:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader, or the pipe is gone: nothing hangs
                time.sleep(1)
                if not path.exists():
                    return

    threading.Thread(target=unblock, daemon=True).start()


def copy_root(name: str, tmp_path: Path) -> tuple[Path, Path]:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / f"test-leak-{name}", srcdir)
    return srcdir, make_outside(tmp_path / "utanfor")


@pytest.fixture
def leak(make_app, tmp_path):
    """Build a copy of ``test-leak-<name>``; ``prepare(srcdir, outside)`` first
    makes what git cannot keep (links, pipes, ``.git/``)."""

    def _leak(name: str, buildername: str = "html", prepare=None, **overrides):
        srcdir, outside = copy_root(name, tmp_path)
        if prepare is not None:
            prepare(srcdir, outside)
        app = make_app(buildername, srcdir=srcdir, confoverrides=overrides)
        with bounded_writes():
            app.build()
        return app

    return _leak


def warnings_of(text: str, srcdir: Path) -> list[tuple[str, int, str, str]]:
    """Each located kommun warning as (file relative to srcdir, line, type, message)."""
    found = []
    for line in strip_escape_sequences(text).splitlines():
        match = WARNING.match(line)
        if match:
            file = match["file"].replace(f"{srcdir}/", "")
            found.append((file, int(match["line"]), match["type"], match["message"]))
    return found


def warned(app) -> tuple[Path, list[tuple[str, int, str, str]]]:
    """The project a test app built, and its located kommun warnings."""
    return Path(app.srcdir), warnings_of(app.warning.getvalue(), Path(app.srcdir))


def line_of(srcdir: Path, file: str, text: str) -> int:
    """The line of ``file`` where ``text`` is written (the first)."""
    lines = (srcdir / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def assert_warned(
    warnings: list[tuple[str, int, str, str]],
    srcdir: Path,
    file: str,
    where: str,
    kind: str,
    message: str,
) -> None:
    """A warning of ``kind`` at the line of ``file`` holding ``where``, saying ``message``."""
    line = line_of(srcdir, file, where)
    hits = [w for w in warnings if w[:3] == (file, line, kind) and message in w[3]]
    assert hits, f"no {kind} at {file}:{line} saying {message!r}; got {warnings}"


def assert_nothing_leaked(outdir: Path, *markers: bytes) -> None:
    """No file a reader gets holds a marker or a line of /etc/passwd."""
    files = [p for p in outdir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for marker in (MARK.encode(), IMAGE_MARK, *markers):
            assert marker not in data, f"{marker!r} published in {path}"
        text = data.decode("utf-8", errors="replace")
        leaked = [line for line in PASSWD if line in text]
        assert not leaked, f"/etc/passwd published in {path}: {leaked[:1]}"


def published(outdir: Path, folder: str) -> list[str]:
    """The names of the files in ``_downloads/`` or ``_images/``."""
    root = outdir / folder
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def page(app, name: str = "index") -> str:
    return (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")


def assert_the_rest_goes_on(html: str) -> None:
    assert "Före." in html and "Efter" in html


# -- the rule itself ----------------------------------------------------------------


def test_the_rule(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    (root / "memon").mkdir(parents=True)
    (root / "bilagor").mkdir()
    (root / "bilagor" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("token\n", encoding="utf-8")
    (root / "conf.py").write_text("", encoding="utf-8")
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_build" / "x.txt").write_text("x\n", encoding="utf-8")
    (root / "stor.txt").write_bytes(b"x" * (TEXT.cap + 1))  # type: ignore[operator]
    os.mkfifo(root / "ror.txt")
    fence = Fence.of_project(root, root, root / "_build" / "html")
    memon = root / "memon"

    def why(written: str, base: Path = root, use=FILE) -> str | None:
        result = fence.contained(written, base=base, use=use)
        return result.code if isinstance(result, Refused) else None

    assert why("/bilagor/a.pdf", memon) is None
    assert why("../bilagor/a.pdf", memon) is None
    assert why("bilagor/a.pdf") is None
    assert why("../../bilagor/a.pdf", memon) == "outside"
    assert why("/etc/passwd") == "missing"
    assert why("//etc/passwd") == "url"
    assert why("file:///etc/passwd") == "url"
    assert why(" http://10.255.255.1/") == "url"
    assert why(".git/config") == "hidden"
    assert why("conf.py") == "conf"
    assert why("_build/x.txt") == "build"
    assert why("ror.txt", use=TEXT) == "kind"
    assert why("stor.txt", use=TEXT) == "size"
    assert why("bilagor", use=TEXT) == "kind"
    assert why("bilagor/a\0.pdf") == "invalid"
    for name in ("x.html", "x.HTM", "x.svg", "karta.svg.gz", "x.js", "x.mjs", "x.xml", "x.xslt"):
        (root / name).write_text("<x/>\n", encoding="utf-8")
        assert why(name) == "active", name
        assert why(name, use=IMAGE) == "active", name
        assert why(name, use=TEXT) is None, name  # read into a page, escaped: not published
    (root / "lank.pdf").symlink_to(root / "x.html")
    assert why("lank.pdf") == "active"  # the file a link leads to is judged too
    (root / "loop").symlink_to(root / "loop")
    assert why("loop") == "invalid"
    assert is_address("data:image/svg+xml;base64,PHN2Zz4=")
    assert not is_address("bilagor/a.pdf")
    missing = contained("saknas.pdf", base=memon, root=root)
    assert isinstance(missing, Refused)
    assert missing.reason == f"does not exist (looked for {memon.resolve() / 'saknas.pdf'})"


# -- read while the page is parsed --------------------------------------------------


#: Per root: the warnings (where in index.rst, type, words; ``{srcdir}`` is the
#: project), and what the project's own file still shows on the page.
READ_INTO_THE_PAGE: dict[str, tuple[list[tuple[str, str, str]], str]] = {
    "literalinclude": (
        [
            ("etc/passwd", "kommun.file", "ligger utanför projektet"),
            (":: ../utanfor", "kommun.file", "ligger utanför projektet"),
            ("texter/egen.txt", "kommun.file", "'../utanfor/hemligt.txt' ligger utanför"),  # :diff:
            ("ror.txt", "kommun.file", "är ingen vanlig fil (ett namngivet rör)"),
        ],
        '<span class="n">egen</span>',
    ),
    "include": (
        [
            ("etc/passwd", "kommun.file", "ligger utanför projektet"),
            ("utanfor/hemligt.txt", "kommun.file", "ligger utanför projektet"),
            ("utanfor/hemligt.rst", "kommun.file", "ligger utanför projektet"),
        ],
        "En egen del.",  # and docutils' own <isonum.txt> gives the ©
    ),
    "csv": (
        [
            # Sphinx read an absolute path that exists as it was: /etc/passwd.
            ("Absolut", "kommun.file", "finns inte (sökte efter {srcdir}/etc/passwd)"),
            ("Ut ur projektet", "kommun.file", "ligger utanför projektet"),
            ("Utanför", "kommun.file", "ligger utanför projektet"),
        ],
        "Storgatan",
    ),
    "raw": (
        [
            ("raw:: html", "kommun.file", "ligger utanför projektet"),
            ("raw:: latex", "kommun.file", "ligger utanför projektet"),
        ],
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(READ_INTO_THE_PAGE))
def test_a_file_read_into_the_page(leak, name: str) -> None:
    expected, shown = READ_INTO_THE_PAGE[name]
    prepare = (lambda src, _out: fifo(src / "ror.txt")) if name == "literalinclude" else None
    app = leak(name, prepare=prepare)
    src, found = warned(app)
    for where, kind, message in expected:
        assert_warned(found, src, "index.rst", where, kind, message.format(srcdir=src.resolve()))
    assert len(found) == len(expected)
    html = page(app)
    assert shown in html
    assert name != "include" or "©" in html
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(Path(app.outdir))


def test_url_options_are_refused_at_once_by_the_installed_sphinx_build(tmp_path: Path) -> None:
    """``:url:`` on a host that never answers hung the build: now it is refused
    before any connection, by the command a publisher runs."""
    srcdir, _outside = copy_root("url", tmp_path)
    outdir = tmp_path / "ut"
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / "sphinx-build"), "-q", "-b", "html", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=bounded_child,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 30, f"the build took {elapsed:.0f} s: something was fetched"
    found = warnings_of(result.stderr, srcdir)
    for where in ("intern värd", "raw:: html", "fil-adress"):
        assert_warned(found, srcdir, "index.rst", where, "kommun.url", "inget hämtas")
    line = line_of(srcdir, "index.rst", "file:///etc/passwd") - 1  # the second raw
    assert [w for w in found if w[1] == line and w[2] == "kommun.url"]
    assert len(found) == 4
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir)


# -- images and downloads -------------------------------------------------------------


def test_downloads_outside_secret_conf_and_build(leak) -> None:
    def prepare(srcdir: Path, _outside: Path) -> None:
        (srcdir / ".git").mkdir()
        (srcdir / ".git" / "config").write_text(f"[http]\n  token = {MARK}\n", encoding="utf-8")
        (srcdir / "_build" / "intern").mkdir(parents=True)
        (srcdir / "_build" / "intern" / "hemligt.txt").write_text(MARK, encoding="utf-8")

    app = leak("download", prepare=prepare)
    src, found = warned(app)
    for where, why in (
        ("Lösenorden", "ligger utanför projektet"),
        ("Utanför", "ligger utanför projektet"),
        ("Nyckeln", "dold mapp eller är en dold fil (.git)"),
        ("Inställningarna", "är projektets conf.py"),
        ("Bygget", "ligger i byggmappen"),
    ):
        assert_warned(found, src, "index.rst", where, "kommun.file", why)
    assert_warned(found, src, "index.rst", "En adress", "kommun.url", "inget hämtas")
    assert len(found) == 6
    outdir = Path(app.outdir)
    assert published(outdir, "_downloads") == ["egen.txt"]
    html = page(app)
    assert html.count("_downloads/") == 1
    assert "token" in html and "internt" in html  # a refused download keeps its text
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir, b"extensions = ")


def test_a_download_in_a_translators_po(leak) -> None:
    """A ``:download:`` in a msgstr would publish the file in the English site."""

    def prepare(srcdir: Path, _outside: Path) -> None:
        (srcdir / ".git").mkdir()
        (srcdir / ".git" / "config").write_text(f"token = {MARK}\n", encoding="utf-8")

    app = leak("po", prepare=prepare, language="en")
    src, found = warned(app)
    # Located as Sphinx locates translated text: the source line, then the message's.
    at = f"index.rst:{line_of(src, 'index.rst', 'Bilagan finns')}:<translated>"
    for message in (  # in English: the build's language
        "'../../../../../../../../../../etc/passwd' lies outside the project",
        "'.git/config' is in a hidden folder",
        "'conf.py' is the project's conf.py",
        "'../utanfor/hemligt.txt' lies outside the project",
    ):
        assert [w for w in found if w[:3] == (at, 1, "kommun.file") and message in w[3]], found
    assert len(found) == 4
    html = page(app)
    assert "The appendix:" in html  # the translation is used, without the links
    assert "_downloads" not in html
    outdir = Path(app.outdir)
    assert published(outdir, "_downloads") == []
    assert_nothing_leaked(outdir, b"extensions = ")


def test_images_outside_and_by_address(leak) -> None:
    app = leak("image")
    src, found = warned(app)
    assert_warned(found, src, "index.rst", "image:: ../utanfor", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", "figure:: ../utanfor", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", "file:///dev/zero", "kommun.url", "inget hämtas")
    assert_warned(found, src, "index.rst", "figure:: ../../", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", "data:image/svg", "kommun.url", "en adress")
    assert_warned(found, src, "index.rst", "etc/passwd", "kommun.file", "ligger utanför")
    assert len(found) == 6
    outdir = Path(app.outdir)
    assert published(outdir, "_images") == ["egen.png"]
    html = page(app)
    assert "data:image/svg" not in html and "file:///dev/zero" not in html
    assert "Egen bild" in html
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir)


def test_a_web_image_is_not_fetched_by_a_builder_that_would_download_it(leak) -> None:
    started = time.monotonic()
    app = leak("remote", "latex")
    assert time.monotonic() - started < 30
    src, found = warned(app)
    assert_warned(found, src, "index.rst", "10.255.255.1", "kommun.url", "inget hämtas")
    assert len(found) == 1
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "Före." in tex and "Efter." in tex
    assert "karta" not in tex
    assert not list(Path(app.doctreedir).rglob("karta.png"))


def test_a_web_image_stays_in_html_for_the_readers_browser(leak) -> None:
    app = leak("remote", "html")
    assert warnings_of(app.warning.getvalue(), Path(app.srcdir)) == []
    assert 'src="http://10.255.255.1/karta.png"' in page(app)


def commit_links(srcdir: Path, outside: Path) -> None:
    """The links a writer could commit, made here (git keeps no empty folder)."""
    for folder in ("texter", "bilder", "bilagor"):
        (srcdir / folder).mkdir(exist_ok=True)
    (srcdir / "texter" / "lank.txt").symlink_to("/etc/passwd")
    (srcdir / "bilder" / "lank.png").symlink_to(outside / "hemlig.png")
    (srcdir / "bilagor" / "lank.pdf").symlink_to(outside / "hemligt.txt")


def test_links_committed_in_the_project(leak) -> None:
    app = leak("symlink", prepare=commit_links)
    src, found = warned(app)
    assert_warned(found, src, "index.rst", "texter/lank.txt", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", "bilder/lank.png", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", "Nedladdning", "kommun.file", "ligger utanför")
    assert_warned(found, src, "index.rst", ":fil: bilagor/lank.pdf", "kommun.bilaga", "utanför")
    assert len([w for w in found if w[2] in {"kommun.file", "kommun.bilaga"}]) == 4
    outdir = Path(app.outdir)
    assert published(outdir, "_images") == ["egen.png"]
    assert published(outdir, "_downloads") == []
    html = page(app)
    assert "Hemlig bilaga" in html
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir)


def test_links_committed_in_the_project_with_sphinx_kommun_build(tmp_path: Path) -> None:
    """The installed command, and the folder it publishes."""
    srcdir, outside = copy_root("symlink", tmp_path)
    commit_links(srcdir, outside)
    result = subprocess.run(
        [str(BIN / "sphinx-kommun"), "build", str(srcdir), "--lang", "sv", "--format", "html"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=bounded_child,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "[kommun.file]" in output and "[kommun.bilaga]" in output
    site = srcdir / "_build" / "sv" / "html"
    assert (site / "index.html").is_file()
    assert published(site, "_downloads") == []
    assert published(site, "_images") == ["egen.png"]
    assert_nothing_leaked(site)


def test_active_files_are_not_published(leak) -> None:
    app = leak("active")
    src, found = warned(app)
    assert_warned(found, src, "index.rst", "image:: bilder/skript.svg", "kommun.file", ".svg-fil")
    assert_warned(found, src, "index.rst", "figure:: bilder/skript.svg", "kommun.file", ".svg")
    assert_warned(found, src, "index.rst", "Sidan:", "kommun.file", "är en .html-fil")
    assert_warned(found, src, "index.rst", "Sidan:", "kommun.file", "är en .js-fil")
    assert_warned(found, src, "index.rst", ":fil: bilagor/sida.html", "kommun.bilaga", ".html")
    assert_warned(found, src, "index.rst", ":fil: bilagor/karta.svg", "kommun.bilaga", ".svg")
    assert len([w for w in found if w[2] in {"kommun.file", "kommun.bilaga"}]) == 6
    outdir = Path(app.outdir)
    assert published(outdir, "_images") == []
    assert published(outdir, "_downloads") == []
    html = page(app)
    assert "alert(" not in html and "skript.svg" not in html
    assert "En webbsida" in html and "En karta" in html  # listed, without a file
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir, b"alert(")


def test_a_bilaga_replaced_by_a_link_between_two_builds(tmp_path: Path) -> None:
    """The incremental build does not read the memo again (the link's target is
    old), yet it would copy the file: the copy is checked again."""
    srcdir, outside = copy_root("incremental", tmp_path)
    first = SphinxTestApp("html", srcdir=srcdir)
    try:
        with bounded_writes():
            first.build()
    finally:
        first.cleanup()
    outdir = Path(first.outdir)
    assert published(outdir, "_downloads") == ["plan.txt"]
    assert published(outdir, "_images") == ["karta.png"]

    (srcdir / "bilagor" / "plan.txt").unlink()
    (srcdir / "bilagor" / "plan.txt").symlink_to(outside / "hemligt.txt")
    (srcdir / "bilder" / "karta.png").unlink()
    (srcdir / "bilder" / "karta.png").symlink_to(outside / "hemlig.png")
    second = SphinxTestApp("html", srcdir=srcdir)
    try:
        with bounded_writes():
            second.build()
    finally:
        second.cleanup()
    status = strip_escape_sequences(second.status.getvalue())
    assert "0 added, 0 changed, 0 removed" in status  # not read again
    found = warnings_of(second.warning.getvalue(), srcdir)
    assert_warned(found, srcdir, "index.rst", ":fil: bilagor/plan.txt", "kommun.file", "utanför")
    assert_warned(found, srcdir, "index.rst", "image:: bilder/karta.png", "kommun.file", "utanför")
    assert published(outdir, "_downloads") == []
    assert published(outdir, "_images") == []
    html = page(second)
    assert "_downloads/" not in html and "_images/" not in html  # no link to a missing file
    assert "Lekplatsplan" in html
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir)


def test_bilaga_paths_from_the_root_and_from_the_memos_folder(leak) -> None:
    app = leak("bilaga")
    src, found = warned(app)
    memo = "memon/ks-2019-126.rst"
    missing = src.resolve() / "bilagor" / "saknas.pdf"
    assert_warned(found, src, memo, "saknas.pdf", "kommun.bilaga", f"sökte efter {missing}")
    assert_warned(found, src, memo, "c.html", "kommun.bilaga", "är en .html-fil")
    assert_warned(found, src, memo, "utanfor/hemligt.txt", "kommun.bilaga", "ligger utanför")
    assert len([w for w in found if w[2] == "kommun.bilaga"]) == 3
    outdir = Path(app.outdir)
    assert published(outdir, "_downloads") == ["a.txt", "b.txt"]
    html = page(app, "memon/ks-2019-126")
    assert html.count("_downloads/") == 2
    assert_the_rest_goes_on(html)
    assert_nothing_leaked(outdir, b"alert(")


# -- profiles and translations ----------------------------------------------------------


def test_a_profile_that_is_a_link_is_named_and_never_read(leak) -> None:
    def prepare(srcdir: Path, outside: Path) -> None:
        (srcdir / "profiler" / "stulen.yaml").symlink_to(outside / "hemlig.yaml")
        (srcdir / "profiler" / "losen.yaml").symlink_to("/etc/passwd")
        fifo(srcdir / "profiler" / "ror.yaml")

    app = leak("profile", prepare=prepare)
    text = strip_escape_sequences(app.warning.getvalue())
    profiles = Path(app.srcdir) / "profiler"
    for name, why in (
        ("stulen", "är en symbolisk länk"),
        ("losen", "är en symbolisk länk"),
        ("ror", "är ingen vanlig fil (ett namngivet rör)"),
    ):
        assert f"{profiles}/{name}.yaml:1: WARNING: profilen {name!r} utelämnas: " in text, text
        assert why in text
    assert text.count("[kommun.profile]") == 3
    assert PROFILE_MARK not in text
    assert not [line for line in PASSWD if line in text]
    assert_nothing_leaked(Path(app.outdir), PROFILE_MARK.encode())


@pytest.mark.parametrize("linked", ["po", "LC_MESSAGES", "language", "locales"])
def test_translate_writes_through_no_link(tmp_path: Path, capsys, linked: str) -> None:
    srcdir, outside = copy_root("translate", tmp_path)
    victim = outside / "offer"
    victim.mkdir()
    (victim / "index.po").write_text("orörd\n", encoding="utf-8")
    locale = srcdir / "locales" / "en"
    if linked == "locales":  # the locale folder itself, committed as a link
        (srcdir / "locales").symlink_to(victim)
        where = srcdir / "locales"
    elif linked == "language":
        (srcdir / "locales").mkdir()
        locale.symlink_to(victim)
        where = locale
    else:
        (locale / "LC_MESSAGES").parent.mkdir(parents=True)
        if linked == "LC_MESSAGES":
            (locale / "LC_MESSAGES").symlink_to(victim)
            where = locale / "LC_MESSAGES"
        else:
            (locale / "LC_MESSAGES").mkdir()
            (locale / "LC_MESSAGES" / "index.po").symlink_to(victim / "index.po")
            where = locale / "LC_MESSAGES" / "index.po"

    code = translate.run(argparse.Namespace(project=srcdir, lang=None))
    err = capsys.readouterr().err
    assert code == 1
    assert f"{where} är en symbolisk länk; inget skrevs" in err
    assert [p.name for p in victim.iterdir()] == ["index.po"]
    assert (victim / "index.po").read_text(encoding="utf-8") == "orörd\n"


def test_a_build_reads_no_catalog_through_a_link_and_writes_none(tmp_path: Path) -> None:
    """A committed ``LC_MESSAGES`` link: the build warns at it, translates
    nothing from it and writes no compiled catalog where it leads."""
    srcdir, outside = copy_root("translate", tmp_path)
    victim = outside / "katalog"
    victim.mkdir()
    (victim / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "En mening att översätta."\nmsgstr "UTIFRÅN"\n',
        encoding="utf-8",
    )
    (srcdir / "locales" / "en").mkdir(parents=True)
    (srcdir / "locales" / "en" / "LC_MESSAGES").symlink_to(victim)
    out = tmp_path / "html"
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    result = subprocess.run(
        [str(sphinx_build), "-b", "html", "-D", "language=en", str(srcdir), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    link = srcdir / "locales" / "en" / "LC_MESSAGES"
    [warning] = [w for w in result.stderr.splitlines() if "[kommun.catalog]" in w]
    assert warning.startswith(f"{link}:0: WARNING: {link} is a symbolic link")
    assert "UTIFRÅN" not in (out / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in victim.iterdir()] == ["index.po"]  # no .mo written there


def test_translate_writes_the_example_s_locale_folder_beside_the_project(tmp_path: Path) -> None:
    """The example project keeps its catalogs in ``../locales`` (conf.py's
    ``locale_dirs``): the installed command updates them there."""
    from tests.test_build_command import example_copy, run

    project = example_copy(tmp_path)
    seed = (
        tmp_path
        / "locales"
        / "en"
        / "LC_MESSAGES"
        / "memon"
        / "huddinge-utvecklingsprogram-2035.po"
    )
    before = translations(seed)
    assert len(before) > 10
    result = run("translate", project.name, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "inget skrevs" not in result.stderr
    assert translations(seed) == before  # updated in place, no translation lost


def translations(po: Path) -> dict[str, str]:
    with po.open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id and m.string}


def test_translate_still_writes_a_project_without_links(tmp_path: Path, capsys) -> None:
    srcdir, _outside = copy_root("translate", tmp_path)
    assert translate.run(argparse.Namespace(project=srcdir, lang=None)) == 0
    po = srcdir / "locales" / "en" / "LC_MESSAGES" / "index.po"
    assert "En mening att översätta." in po.read_text(encoding="utf-8")


def test_a_document_that_is_a_link_or_a_pipe_is_not_read(leak) -> None:
    """Sphinx finds documents through links and reads a pipe until it closes."""

    def prepare(srcdir: Path, outside: Path) -> None:
        (srcdir / "memon" / "lank.rst").symlink_to(outside / "hemligt.rst")
        (srcdir / "memon" / "losen.rst").symlink_to("/etc/passwd")
        fifo(srcdir / "memon" / "ror.rst")

    app = leak("document", prepare=prepare)
    _src, found = warned(app)
    for name, why in (
        ("lank", "ligger utanför projektet"),
        ("losen", "ligger utanför projektet"),
        ("ror", "är ingen vanlig fil (ett namngivet rör)"),
    ):
        assert (
            f"memon/{name}.rst",
            1,
            "kommun.file",
            f"dokument: 'memon/{name}' {why}; utelämnas",
        ) in (found), found
    assert len(found) == 3
    outdir = Path(app.outdir)
    assert sorted(p.name for p in (outdir / "memon").glob("*.html")) == ["egen.html"]
    assert "En egen sida." in page(app, "memon/egen")
    assert_the_rest_goes_on(page(app))
    assert_nothing_leaked(outdir)
