"""Where a full HTML build of N seed-shaped memos spends its time, with
sphinx-kommun and as plain Sphinx: the profile behind ``html_ratio``.

Builds the two projects of ``run.py`` (N memos each; ``--shape`` as there),
each in its own process, --repeat times alternating, with timers around the
parts of a build: the parse (and, inside it, the memo directives and their
content), every transform, every event handler, the pickling of doctrees,
the pages written, and the garbage collector.  For the run with the shortest
total on each side it prints seconds for the extension, for plain Sphinx and
the difference, the largest differences (either way) first; the last line is one JSON object
of the same figures.  A timer inside another is counted in both (the
directives are part of the parse), so the rows do not add up to the total.

    python benchmarks/where_time_goes.py --memos 300
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import SHAPES, write
from run import byte_compile_extension

# One build in a fresh interpreter, timed part by part; the figures on stdout.
PROBE = r"""
import collections, gc, json, sys, time

seconds = collections.Counter()
running = set()


def timed(owner, attr, key):
    function = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        if key in running:  # a call inside itself is counted once
            return function(*args, **kwargs)
        running.add(key)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[key] += time.perf_counter() - start
            running.discard(key)

    setattr(owner, attr, wrapper)


import docutils.transforms
import sphinx.builders
import sphinx.builders.html
import sphinx.events
import sphinx.parsers

timed(sphinx.parsers.RSTParser, "parse", "read: parse (directives included)")
timed(sphinx.builders.Builder, "write_doctree", "read: doctrees pickled")
timed(sphinx.builders.html.StandaloneHTMLBuilder, "write_doc", "write: pages' bodies")
timed(sphinx.builders.html.StandaloneHTMLBuilder, "handle_page", "write: pages' templates")
timed(sphinx.builders.html.StandaloneHTMLBuilder, "index_page", "write: search index fed")
try:
    import sphinx_kommun.directives

    timed(sphinx_kommun.directives.KommunDirective, "run", "read: memo directives")
except ImportError:
    pass


def apply_transforms(self):
    self.document.reporter.attach_observer(self.document.note_transform_message)
    while self.transforms:
        if not self.sorted:
            self.transforms.sort(reverse=True)
            self.sorted = 1
        priority, transform_class, pending, kwargs = self.transforms.pop()
        transform = transform_class(self.document, startnode=pending)
        start = time.perf_counter()
        transform.apply(**kwargs)
        package = transform_class.__module__.split(".")[0]
        seconds[f"transform {package}.{transform_class.__name__}"] += time.perf_counter() - start
        self.applied.append((priority, transform_class, pending, kwargs))
    self.document.reporter.detach_observer(self.document.note_transform_message)


docutils.transforms.Transformer.apply_transforms = apply_transforms
emit = sphinx.events.EventManager.emit


def timed_emit(self, name, *args, **kwargs):
    listeners = self.listeners[name]
    for index, listener in enumerate(listeners):
        handler = listener.handler
        if getattr(handler, "timed", False):
            continue
        module = getattr(handler, "__module__", "?").split(".")[0]
        key = f"event {name}: {module}.{getattr(handler, '__qualname__', repr(handler))}"

        def wrapper(*a, handler=handler, key=key, **k):
            start = time.perf_counter()
            try:
                return handler(*a, **k)
            finally:
                seconds[key] += time.perf_counter() - start

        wrapper.timed = True
        listeners[index] = listener._replace(handler=wrapper)
    return emit(self, name, *args, **kwargs)


sphinx.events.EventManager.emit = timed_emit
collecting = [0.0]


def on_gc(phase, info):
    if phase == "start":
        collecting[0] = time.perf_counter()
    else:
        seconds["garbage collector"] += time.perf_counter() - collecting[0]


gc.callbacks.append(on_gc)
from sphinx.cmd.build import build_main

start = time.perf_counter()
status = build_main(sys.argv[1:])
seconds["TOTAL"] = time.perf_counter() - start
print(json.dumps({"status": status, "seconds": seconds}))
"""


def probe(srcdir: Path, outdir: Path) -> dict[str, float]:
    args = [sys.executable, "-c", PROBE, "-q", "-E", "-b", "html", str(srcdir), str(outdir)]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    lines = result.stdout.strip().splitlines()
    found = json.loads(lines[-1]) if lines else {"status": 1}
    if found["status"] != 0:
        raise SystemExit(f"build of {srcdir} failed:\n{result.stderr[-2000:]}")
    return {key: float(value) for key, value in found["seconds"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--shape", choices=SHAPES, default="seed")
    parser.add_argument("--rows", type=int, default=30)
    args = parser.parse_args()
    byte_compile_extension()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sides = {kind: write(kind, args.memos, work, args.shape) for kind in ("kommun", "plain")}
        best: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):
            for kind, srcdir in sides.items():
                figures = probe(srcdir, work / f"out-{kind}")
                if kind not in best or figures["TOTAL"] < best[kind]["TOTAL"]:
                    best[kind] = figures
    ours, plain = best["kommun"], best["plain"]
    keys = sorted(set(ours) | set(plain), key=lambda k: -abs(ours.get(k, 0) - plain.get(k, 0)))
    keys.remove("TOTAL")
    print(f"{args.memos} memos ({args.shape}): seconds, extension / plain / difference")
    for key in ["TOTAL", *keys[: args.rows]]:
        a, b = ours.get(key, 0.0), plain.get(key, 0.0)
        print(f"{a:8.2f} {b:8.2f} {a - b:+8.2f}  {key}")
    print(json.dumps({"memos": args.memos, "shape": args.shape, "extension": ours, "plain": plain}))


if __name__ == "__main__":
    main()
