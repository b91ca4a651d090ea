"""Where a rebuild after one edit spends its time, with sphinx-kommun and plain Sphinx.

Builds N generated memos both ways (as ``run.py`` does), then edits one memo
and rebuilds, --repeat times on each side, each build in its own process.  The
rebuild is cut into phases by Sphinx's own events, and the garbage collector's
share of each phase is measured with ``gc.callbacks``.  For the run with the
shortest total on each side it prints, per phase, seconds for the extension
and for plain Sphinx; the last line is one JSON object with the same figures.

    python benchmarks/rebuild_profile.py --memos 1000

This is the profile behind the README's account of ``incremental_ratio``: what
a rebuild costs is mostly what Sphinx does on every build whatever changed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write
from run import byte_compile_extension, full

#: (name, event that ends it); each phase starts where the one before ended.
PHASES = [
    ("start-up: Sphinx and the extensions load", "config-inited"),
    ("the environment is loaded", "builder-inited"),
    ("the builder starts, finds what changed", "env-before-read-docs"),
    ("the edited memo is read", "env-updated"),
    ("the environment is saved, checked", "write-started"),
    ("pages are written (the index's toctree: below)", "html-collect-pages"),
    ("extra pages, search index, inventory", "build-finished"),
]

# One rebuild in a fresh interpreter: when each event was first emitted, the
# collector's time up to then, and when the index page's toctree was resolved.
PROBE = """
import gc, json, sys, time
from sphinx.events import EventManager

marks, index, collected, started = {}, {}, [0.0], [0.0]

def on_gc(phase, info):
    if phase == "start":
        started[0] = time.perf_counter()
    else:
        collected[0] += time.perf_counter() - started[0]

gc.callbacks.append(on_gc)
emit = EventManager.emit

def timed_emit(self, name, *args, **kwargs):
    now = time.perf_counter() - start
    marks.setdefault(name, (now, collected[0]))
    if name == "doctree-resolved" and args[-1] == "index":
        index["resolved"] = (now, collected[0])
    if name == "html-page-context" and args[0] == "index":
        index["page"] = (now, collected[0])
    return emit(self, name, *args, **kwargs)

EventManager.emit = timed_emit
from sphinx.cmd.build import build_main
start = time.perf_counter()
status = build_main(sys.argv[1:])
marks["end"] = (time.perf_counter() - start, collected[0])
print(json.dumps({"status": status, "marks": marks, "index": index}))
"""


def rebuild(srcdir: Path, outdir: Path) -> dict:
    args = [sys.executable, "-c", PROBE, "-q", "-b", "html", str(srcdir), str(outdir)]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    lines = result.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines else {"status": 1}
    if report["status"] != 0:
        raise SystemExit(f"rebuild of {srcdir} failed:\n{result.stderr[-2000:]}")
    return report


def phases(report: dict) -> dict[str, tuple[float, float]]:
    """Seconds and collector seconds of each phase."""
    marks = report["marks"]
    out, before = {}, (0.0, 0.0)
    for name, event in [*PHASES, ("after the build", "end")]:
        at = tuple(marks[event])
        out[name] = (at[0] - before[0], at[1] - before[1])
        before = at
    index = report["index"]
    (page, page_gc), (resolved, resolved_gc) = index["page"], index["resolved"]
    out["  of which the index page's toctree"] = (page - resolved, page_gc - resolved_gc)
    out["total"] = tuple(marks["end"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=200, help="N (default 200)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    byte_compile_extension()

    with tempfile.TemporaryDirectory(prefix="kommun-rebuild-") as tmp:
        work = Path(tmp)
        sides = {
            "extension": write("kommun", args.memos, work),
            "plain": write("plain", args.memos, work),
        }
        best: dict[str, dict[str, tuple[float, float]]] = {}
        for srcdir in sides.values():
            full(srcdir, work)
        for round_ in range(args.repeat):
            for side, srcdir in sides.items():
                memo = srcdir / "memon" / "memo-00000.rst"
                text = memo.read_text(encoding="utf-8")
                memo.write_text(text + f"\n.. edit {round_}\n", encoding="utf-8")
                report = phases(rebuild(srcdir, work / f"out-{srcdir.name}-html"))
                if side not in best or report["total"][0] < best[side]["total"][0]:
                    best[side] = report

    width = max(len(name) for name in best["extension"])
    print(f"rebuild after editing one of {args.memos} memos, best of {args.repeat}, seconds")
    print(f"{'':{width}}  extension (collector)   plain (collector)")
    for name in best["extension"]:
        (k, k_gc), (p, p_gc) = best["extension"][name], best["plain"][name]
        print(f"{name:{width}}  {k:6.3f} ({k_gc:5.3f})        {p:6.3f} ({p_gc:5.3f})")
    figures = {
        side: {name.strip(): round(seconds, 3) for name, (seconds, _gc) in report.items()}
        for side, report in best.items()
    }
    print(json.dumps({"memos": args.memos, **figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
