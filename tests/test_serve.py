"""``sphinx-kommun serve``, as a writer runs it: the installed command against a
copy of the example project, its pages fetched over HTTP, its memos edited.

One server serves the tests of this module that leave the project as they
found it (each puts back what it changed and waits for the rebuild); the
tests that end a server start their own.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import EXAMPLE, REPO

COMMAND = Path(sys.executable).parent / "sphinx-kommun"
MEMO = "memon/huddinge-utvecklingsprogram-2035"
#: Seconds to wait for a build: the machine is shared, a fresh process imports Sphinx.
PATIENCE = 90.0
EVENTS = re.compile(r'new EventSource\("([^"]+)"\)')


class Served:
    """A running ``sphinx-kommun serve`` and what it printed."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [str(COMMAND), "serve", str(project), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        line = self.wait_for_line(r"^Serving .* at (http://\S+)")
        self.url = re.search(r"(http://\S+)", line).group(1)  # type: ignore[union-attr]
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname or "", parts.port or 0
        self.wait_for_line(r"^\[sv\] read ")

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, since: int = 0) -> str:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            for line in self.out[since:]:
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line {pattern!r} in:\n" + "\n".join(self.out + self.err))

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body of ``path`` (or of an absolute URL)."""
        target = urlsplit(urljoin(self.url, path))
        connection = http.client.HTTPConnection(self.host, self.port, timeout=PATIENCE)
        try:
            connection.request("GET", target.path + (f"?{target.query}" if target.query else ""))
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()

    def page(self, path: str) -> str:
        status, _kind, body = self.get(path)
        assert status == 200, (status, body[:500])
        return body.decode("utf-8")

    def reloaded(self, page_html: str) -> None:
        """Return once the server tells the page's script to reload, as a
        browser showing ``page_html`` would be told."""
        match = EVENTS.search(page_html)
        assert match, "the page has no reload script"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=PATIENCE)
        try:
            connection.request("GET", match.group(1))
            response = connection.getresponse()
            assert response.getheader("Content-Type") == "text/event-stream"
            while line := response.fp.readline():
                if line.strip() == b"event: reload":
                    return
            raise AssertionError("the event stream ended without a reload")
        finally:
            connection.close()

    def edited(self, relative: str, change, page: str) -> str:
        """Apply ``change`` to a project file and return the page once its
        browser was told to reload."""
        before = self.page(page)
        path = self.project / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.reloaded(before)
        return self.page(page)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(PATIENCE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise
        return self.process.returncode


def example_copy(folder: Path) -> Path:
    """The example project beside its translations, as the ``build`` fixture lays it."""
    project = folder / "example"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "locales", folder / "locales", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    server = Served(example_copy(tmp_path_factory.mktemp("serve")))
    yield server
    assert server.stop() == 0
    assert not any("Traceback" in line for line in server.err), "\n".join(server.err)


def memo_page(lang: str = "sv") -> str:
    return f"/{lang}/html/{MEMO}.html"


def test_a_saved_memo_is_read_alone_and_its_page_reloads_with_the_new_text(served) -> None:
    mark = len(served.out)
    old, new = "De åtta Södertörnskommunerna", "De åtta kommunerna på Södertörn"
    page = served.edited(f"{MEMO}.rst", lambda t: t.replace(old, new, 1), memo_page())
    assert new in page
    line = served.wait_for_line(r"^\[sv\] read ", since=mark)
    assert line.startswith(f"[sv] read 1 ({MEMO}),"), line
    page = served.edited(f"{MEMO}.rst", lambda t: t.replace(new, old, 1), memo_page())
    assert old in page and new not in page


def test_a_memo_with_an_error_shows_the_located_message_in_swedish(served) -> None:
    mistake = "\n.. okand-direktiv::\n\n   Text.\n"
    page = served.edited(f"{MEMO}.rst", lambda t: t + mistake, memo_page())
    source = (served.project / f"{MEMO}.rst").read_text(encoding="utf-8")
    line = source.splitlines().index(".. okand-direktiv::") + 1
    banner = re.search(r'<div class="kommun-serve-fel" role="alert" lang="sv".*?</div>', page, re.S)
    assert banner, page[:3000]
    assert "Fel på den här sidan" in banner.group(0)
    assert f"<code>{MEMO}.rst, rad {line}</code>" in banner.group(0)
    assert "okand-direktiv" in banner.group(0)
    assert "kommun-serve-fel" not in served.page("/sv/html/index.html")  # only its own page
    page = served.edited(f"{MEMO}.rst", lambda t: t.replace(mistake, ""), memo_page())
    assert "kommun-serve-fel" not in page


def test_a_broken_conf_py_keeps_the_server_alive_and_every_page_shows_it(served) -> None:
    good = (served.project / "conf.py").read_text(encoding="utf-8")
    page = served.edited("conf.py", lambda t: t + "\nhtml_title = (\n", "/sv/html/index.html")
    assert served.process.poll() is None
    assert "Webbsidorna kunde inte byggas om" in page
    assert "conf.py" in page and "line" in page  # Sphinx's located message
    assert "Webbsidorna kunde inte byggas om" in served.page(memo_page())
    page = served.edited("conf.py", lambda t: good, "/sv/html/index.html")
    assert "kommun-serve-fel" not in page


def test_a_broken_profile_is_shown_on_every_page_and_the_pages_still_build(served) -> None:
    good = (served.project / "conf.py").read_text(encoding="utf-8")
    folder = served.project / "profiler"
    folder.mkdir()
    (folder / "trasig.yaml").write_text("namn: [Trasig\n", encoding="utf-8")
    page = served.edited(
        "conf.py", lambda t: t + '\nkommun_profile_dirs = ["profiler"]\n', memo_page()
    )
    assert "Fel i projektet" in page
    assert "<code>profiler/trasig.yaml, rad " in page
    assert "Tjänsteutlåtandet som PDF" in page  # built all the same
    page = served.edited("conf.py", lambda t: good, memo_page())
    shutil.rmtree(folder)
    assert "Fel i projektet" not in page


def test_the_pdf_link_prints_a_valid_pdf(served, tmp_path) -> None:
    page = served.page(memo_page())
    href = re.search(r'<a href="([^"]+)">Tjänsteutlåtandet som PDF</a>', page)
    assert href and href.group(1) == f"/sv/pdf/{MEMO}.pdf"
    status, kind, body = served.get(href.group(1))
    assert (status, kind) == (200, "application/pdf")
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(body)  # judged by the autouse fixture too
    from tests.pdfcheck import assert_valid_pdf

    assert_valid_pdf(pdf)
    assert served.get(href.group(1))[2] == body  # kept until the memo changes
    assert "Tjänsteutlåtandet som PDF" not in served.page("/sv/html/index.html")
    assert served.get("/sv/pdf/index.pdf")[0] == 404


def test_the_header_link_to_english_serves_the_english_edition(served) -> None:
    page = served.page(memo_page())
    href = re.search(r'<a href="([^"]+)" hreflang="en"', page)
    assert href, page[:2000]
    address = urljoin(served.url + f"{MEMO}.html", href.group(1))
    assert urlsplit(address).path == memo_page("en")
    assert '<html lang="en"' in built(served, address)


def built(served: Served, address: str) -> str:
    """The page once its edition is built (the first request starts it)."""
    deadline = time.monotonic() + PATIENCE
    page = served.page(address)
    while "Sidorna byggs" in page and time.monotonic() < deadline:
        served.reloaded(page)
        page = served.page(address)
    return page


def test_a_saved_translation_shows_on_the_english_page(served) -> None:
    """A fresh process for the language reads the memo again with the new
    catalog (Sphinx and gettext keep a catalog they have read for good)."""
    built(served, memo_page("en"))
    mark = len(served.out)
    po = f"../locales/en/LC_MESSAGES/{MEMO}.po"
    old, new = '"Comprehensive Planner"', '"Comprehensive Town Planner"'
    page = served.edited(po, lambda t: t.replace(old, new), memo_page("en"))
    assert "Comprehensive Town Planner" in page
    line = served.wait_for_line(r"^\[en\] read ", since=mark)
    assert line.startswith(f"[en] read 1 ({MEMO}),"), line
    page = served.edited(po, lambda t: t.replace(new, old), memo_page("en"))
    assert "Comprehensive Town Planner" not in page


def test_it_listens_on_127_0_0_1_only(served) -> None:
    assert served.host == "127.0.0.1"
    with socket.create_connection(("127.0.0.1", served.port), timeout=5):
        pass
    with pytest.raises(OSError):  # another loopback address: not listened on
        socket.create_connection(("127.0.0.2", served.port), timeout=5).close()


def test_ctrl_c_ends_it_cleanly_and_saves_the_environment(tmp_path) -> None:
    server = Served(example_copy(tmp_path))
    assert server.stop() == 0
    assert server.out[-1] == "Stopped."
    assert not any("Traceback" in line for line in server.err), "\n".join(server.err)
    saved = server.project / "_build" / ".serve" / "offentlig" / "sv" / "doctrees"
    saved = saved / "environment.pickle"
    assert saved.stat().st_size > 10_000  # the environment, not the marker of an unsaved one


def test_a_folder_without_conf_py_is_a_readable_error(tmp_path) -> None:
    result = subprocess.run(
        [str(COMMAND), "serve", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "conf.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_or_a_wrong_language_is_one_line_and_exit_2(tmp_path) -> None:
    project = example_copy(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        for args in (["--port", port], ["--lang", "../x"]):
            result = subprocess.run(
                [str(COMMAND), "serve", str(project), *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=PATIENCE,
            )
            assert result.returncode == 2, args
            assert len(result.stderr.splitlines()) == 1, result.stderr
            assert "Traceback" not in result.stderr
            if args[0] == "--port":
                assert "--port 0 for any free one" in result.stderr


def test_intern_shows_a_secret_memo_with_its_marking(tmp_path) -> None:
    """The public edition has no page for a secret memo; ``--intern`` shows it marked."""
    project = example_copy(tmp_path)
    memo = project / "memon" / "botkyrka-utvecklingsprogram-2035.rst"
    text = memo.read_text(encoding="utf-8")
    memo.write_text(
        text.replace(".. arende::\n", ".. arende::\n   :sekretess: OSL 26 kap. 1 §\n", 1),
        encoding="utf-8",
    )
    server = Served(project, "--intern")
    try:
        assert "(the internal edition)" in server.out[0]
        page = server.page("/sv/html/memon/botkyrka-utvecklingsprogram-2035.html")
        assert "SEKRETESS ENLIGT OSL 26 KAP. 1 §" in page
    finally:
        assert server.stop() == 0
