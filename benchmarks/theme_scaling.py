"""How HTML write time grows with the number of memos, with the ``kommun`` theme.

Generates projects of N memos (each an ``arende`` with a decision, summary,
description and consequences, in a hidden root toctree), builds each as HTML
and times the write phase, from the end of reading to the end of the build, in
processor time, so that other work on the machine does not count.  A theme
that puts the whole toctree on every page writes in O(N²); the ``kommun`` theme
links one memo index instead, so doubling N should about double the time.
``--theme alabaster`` shows the difference (measured: 250 → 500 memos took
14 s → 72 s with alabaster, 1.4 s → 2.8 s with kommun).

    .venv/bin/python benchmarks/theme_scaling.py            # 250 and 500 memos
    .venv/bin/python benchmarks/theme_scaling.py 100 200 --theme alabaster

Prints the write time per size and the ratio of the last to the first; exits 1
when the ratio exceeds ``--max-ratio`` (2.2: linear, with room for noise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

from sphinx.application import Sphinx

CONF = """\
extensions = ["sphinx_kommun"]
project = "Benchmark"
language = "sv"
kommun_profile = "huddinge"
html_theme = {theme!r}
suppress_warnings = ["kommun"]
"""

INDEX = """\
Tjänsteutlåtanden
=================

.. toctree::
   :glob:
   :hidden:

   memon/*
"""

MEMO = """\
.. arende::
   :instans: kommunstyrelsen
   :datum: {datum}
   :dnr: KS-{year}/{number}
   :handlaggare: Maria Strandberg, Översiktsplanerare

Ärende {number} om utvecklingsprogrammet
========================================

.. beslut::

   Förslaget nummer {number} godkänns.

   Förvaltningen får i uppdrag att följa upp beslutet.

.. sammanfattning::

   Kommunstyrelsens förvaltning föreslår att förslag {number} godkänns.

.. arendebeskrivning::

   Förslaget har tagits fram tillsammans med de andra Södertörnskommunerna.

.. konsekvenser::
   :typ: ekonomiska, juridiska

   Förslaget har inga direkta ekonomiska eller juridiska konsekvenser.
"""


def generate(srcdir: Path, count: int, theme: str) -> None:
    (srcdir / "memon").mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF.format(theme=theme), encoding="utf-8")
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    start = dt.date(2020, 1, 1)
    for number in range(1, count + 1):
        datum = start + dt.timedelta(days=number)
        (srcdir / "memon" / f"memo-{number:04d}.rst").write_text(
            MEMO.format(datum=datum.isoformat(), year=datum.year, number=number),
            encoding="utf-8",
        )


def write_seconds(count: int, theme: str) -> float:
    """Build a fresh project of ``count`` memos; the seconds its write phase took."""
    with tempfile.TemporaryDirectory(prefix="kommun-bench-") as tmp:
        srcdir = Path(tmp, "src")
        generate(srcdir, count, theme)
        marks: dict[str, float] = {}
        app = Sphinx(
            srcdir,
            srcdir,
            Path(tmp, "html"),
            Path(tmp, "doctrees"),
            "html",
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        app.connect(
            "env-check-consistency", lambda *_: marks.setdefault("read", time.process_time())
        )
        app.connect("build-finished", lambda *_: marks.setdefault("done", time.process_time()))
        app.build()
        return marks["done"] - marks["read"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 500])
    parser.add_argument("--theme", default="kommun")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size; the fastest counts")
    parser.add_argument("--max-ratio", type=float, default=2.2)
    args = parser.parse_args(argv)
    times = {}
    for count in args.sizes:
        times[count] = min(write_seconds(count, args.theme) for _ in range(args.repeat))
        print(f"{args.theme}: {count} memos written in {times[count]:.2f} s", flush=True)
    first, last = args.sizes[0], args.sizes[-1]
    ratio = times[last] / times[first]
    print(f"ratio {last}/{first}: {ratio:.2f} (memo ratio {last / first:.2f})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
