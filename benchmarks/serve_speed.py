"""From saving one memo to its new page being served: ``sphinx-kommun serve``
beside ``sphinx-autobuild``, on the same generated memos, in the same run.

For each size (100 and 1,000 memos by default) each server gets its own copy
of the same generated project, builds it once, and is then sent --edits
saves of one memo, a couple of seconds apart, as a writer saves.  Each save
puts a new word into the memo and the time runs until a request for the
memo's page returns the word (the page is asked for every 10 ms, the same
way for both servers).  ``sphinx-autobuild`` starts a new Sphinx build for
each change (``sphinx-build``, which loads the saved environment); ``serve``
keeps its application between edits.  The last line is JSON: per size the
median and best seconds of each, and ``ratio``, serve's median over
autobuild's (target: serve's median at most 0.5 s at 1,000 memos).

    python benchmarks/serve_speed.py --memos 100,1000 --edits 5

``sphinx-autobuild`` is not a dependency of the project: ``pip install
sphinx-autobuild`` into the environment that runs this.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write

BIN = Path(sys.executable).parent
MEMO = "memon/memo-00007"
#: Seconds between two saves: a writer reads what was saved before saving again.
PAUSE = 2.5
#: Seconds a first build may take (1,000 memos on a busy 2-core machine).
FIRST_BUILD = 900.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return body.decode("utf-8", "replace") if response.status == 200 else ""
    except (OSError, http.client.HTTPException):  # not up yet, or a page half-written
        return ""
    finally:
        connection.close()


def wait_for(port: int, path: str, word: str, timeout: float) -> float:
    """Asks for the page every 10 ms until it holds ``word``; when it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if word in fetch(port, path):
            return time.perf_counter()
        time.sleep(0.01)
    raise SystemExit(f"the page {path} on port {port} never showed {word!r}")


class Running:
    """A server as a subprocess, its output drained so that it never blocks."""

    def __init__(self, command: list[str], page: str, port: int, ready: str) -> None:
        self.page, self.port, self.ready = page, port, ready
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.output: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def wait_until_built(self) -> None:
        """Until the first build has finished: its last page is written well
        after the memo's."""
        deadline = time.perf_counter() + FIRST_BUILD
        while not any(self.ready in line for line in self.output):
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise SystemExit("".join(self.output[-30:]) or "the server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(project: Path) -> Running:
    port = free_port()
    command = [str(BIN / "sphinx-kommun"), "serve", str(project), "--port", str(port)]
    return Running(command, f"/sv/html/{MEMO}.html", port, ready="[sv] read ")


def autobuild(project: Path) -> Running:
    port = free_port()
    out = project.parent / f"{project.name}-autobuild"
    command = [str(BIN / "sphinx-autobuild"), "-q", str(project), str(out), "--port", str(port)]
    return Running(command, f"/{MEMO}.html", port, ready="Serving on")


def edit(memo: Path, number: int) -> str:
    """A new word in the memo's summary, saved; the word."""
    word = f"Sparning{number}x"
    text = memo.read_text(encoding="utf-8")
    text = re.sub(r"Sparning\d+x ", "", text)
    marker = ".. sammanfattning::\n\n   "
    memo.write_text(text.replace(marker, f"{marker}{word} ", 1), encoding="utf-8")
    return word


def measure(server: Running, project: Path, edits: int, first: int) -> list[float]:
    memo = project / f"{MEMO}.rst"
    server.wait_until_built()
    wait_for(server.port, server.page, "Sparning0x", 60)
    times = []
    for number in range(first, first + edits):
        time.sleep(PAUSE)
        saved = time.perf_counter()
        word = edit(memo, number)
        times.append(wait_for(server.port, server.page, word, 120) - saved)
    return times


def one_size(count: int, edits: int, root: Path) -> dict[str, float]:
    made = write("kommun", count, root / "generated")
    results: dict[str, list[float]] = {}
    for name, start in (("serve", serve), ("autobuild", autobuild)):
        project = root / f"{name}-{count}"
        shutil.copytree(made, project)
        edit(project / f"{MEMO}.rst", 0)  # the word the first build shows
        print(f"{count} memos, {name}: first build …", flush=True)
        server = start(project)
        try:
            results[name] = measure(server, project, edits, first=1)
        finally:
            server.stop()
        shown = ", ".join(f"{t:.2f}" for t in results[name])
        print(f"{count} memos, {name}: {shown} s", flush=True)
    figures = {
        "serve_median_s": statistics.median(results["serve"]),
        "serve_best_s": min(results["serve"]),
        "autobuild_median_s": statistics.median(results["autobuild"]),
        "autobuild_best_s": min(results["autobuild"]),
    }
    figures["ratio"] = figures["serve_median_s"] / figures["autobuild_median_s"]
    return {k: round(v, 3) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", default="100,1000", help="comma-separated sizes")
    parser.add_argument("--edits", type=int, default=5, help="saves per server and size")
    args = parser.parse_args()
    if shutil.which("sphinx-autobuild", path=str(BIN)) is None:
        raise SystemExit("pip install sphinx-autobuild into this environment first")
    report: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="serve-speed-") as folder:
        for count in (int(n) for n in args.memos.split(",")):
            report[str(count)] = figures = one_size(count, args.edits, Path(folder))
            print(
                f"{count} memos, save to served page (median of {args.edits}): "
                f"serve {figures['serve_median_s']:.2f} s, "
                f"sphinx-autobuild {figures['autobuild_median_s']:.2f} s, "
                f"ratio {figures['ratio']:.2f}",
                flush=True,
            )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
