"""Build generated memos with sphinx-kommun and as plain Sphinx, in the same run,
and print how they compare.  The last line is one JSON object:

html_ratio         full HTML build, extension / plain (N memos)
scaling_2n         full HTML build of 2N memos / N memos, extension
plain_scaling_2n   the same for plain Sphinx, for comparison
incremental_ratio  rebuild after editing one memo / full build, extension
plain_incremental_ratio  the same for plain Sphinx, for comparison
pdf_s_per_memo     kommunpdf seconds per memo, one process
pdf_parallel_speedup  kommunpdf with -j 2 / serial (time serial / time parallel)
rss_ratio          peak memory of the full HTML build, extension / plain

Each figure is the best of --repeat runs, the builds alternating so that both
sides see the same machine.  Every build runs in its own process.  The memos
are of the seed memo's shape (``--shape seed``, about twelve directives each);
``--also short`` prints the HTML figures of the earlier, shorter shape beside
them (its figures under the key "short").

    python benchmarks/run.py --memos 300 --also short
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import SHAPES, write

# One build in a fresh interpreter: wall time and peak RSS (the process and its
# parallel workers) on stdout.
PROBE = """
import resource, sys, time
from sphinx.cmd.build import build_main
start = time.perf_counter()
status = build_main(sys.argv[1:])
elapsed = time.perf_counter() - start
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"{status} {elapsed:.4f} {rss}")
"""


def sphinx(srcdir: Path, outdir: Path, builder: str = "html", *extra: str) -> tuple[float, int]:
    args = [sys.executable, "-c", PROBE, "-q", "-b", builder, *extra, str(srcdir), str(outdir)]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    status, elapsed, rss = result.stdout.split()[-3:] if result.stdout else ("1", "0", "0")
    if status != "0":
        raise SystemExit(f"build of {srcdir} with {builder} failed:\n{result.stderr[-2000:]}")
    return float(elapsed), int(rss)


def byte_compile_extension() -> None:
    """Byte-compile sphinx-kommun as ``pip install`` does: an editable install
    under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile its modules
    from source in every build, while Sphinx's own were compiled when installed."""
    import compileall

    import sphinx_kommun

    compileall.compile_dir(Path(sphinx_kommun.__file__).parent, quiet=1)


def full(srcdir: Path, work: Path, builder: str = "html", *extra: str) -> tuple[float, int]:
    outdir = work / f"out-{srcdir.name}-{builder}"
    shutil.rmtree(outdir, ignore_errors=True)
    return sphinx(srcdir, outdir, builder, "-E", *extra)


def best(runs: list[tuple[float, int]]) -> tuple[float, int]:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def memory_figures(shape: str, n: int, work: Path) -> dict[str, float]:
    """One full HTML build of N memos each side: time and peak memory (for
    the largest projects, where 2N memos would take too long)."""
    kommun, plain = write("kommun", n, work, shape), write("plain", n, work, shape)
    (k_time, k_rss), (p_time, p_rss) = full(kommun, work), full(plain, work)
    print(f"[{shape}] HTML, {n} memos: extension {k_time:.2f} s, plain {p_time:.2f} s")
    print(f"[{shape}] peak RSS: extension {k_rss / 1024:.0f} MiB, plain {p_rss / 1024:.0f} MiB")
    return {"html_ratio": round(k_time / p_time, 3), "rss_ratio": round(k_rss / p_rss, 3)}


def html_figures(shape: str, n: int, repeat: int, work: Path) -> dict[str, float]:
    """Full HTML of N and 2N memos of one shape, extension and plain, and the
    rebuild after editing one memo; the builds alternate so that both sides
    see the same machine."""
    kommun, plain = write("kommun", n, work, shape), write("plain", n, work, shape)
    kommun_2n, plain_2n = write("kommun", 2 * n, work, shape), write("plain", 2 * n, work, shape)
    k_runs, p_runs, k2_runs, p2_runs = [], [], [], []
    for _ in range(repeat):
        k_runs.append(full(kommun, work))
        p_runs.append(full(plain, work))
        k2_runs.append(full(kommun_2n, work))
        p2_runs.append(full(plain_2n, work))
    (k_time, k_rss), (p_time, p_rss) = best(k_runs), best(p_runs)
    k2_time, p2_time = best(k2_runs)[0], best(p2_runs)[0]
    print(f"[{shape}] HTML, {n} memos: extension {k_time:.2f} s, plain {p_time:.2f} s")
    print(f"[{shape}] HTML, {2 * n} memos: extension {k2_time:.2f} s, plain {p2_time:.2f} s")
    print(f"[{shape}] peak RSS: extension {k_rss / 1024:.0f} MiB, plain {p_rss / 1024:.0f} MiB")

    # Incremental: the last full builds left their environments; edit one
    # memo on both sides (plain Sphinx's own figure bounds what can be had).
    incremental = {}
    for side in (kommun, plain):
        outdir = work / f"out-{side.name}-html"
        memo = side / "memon" / "memo-00000.rst"
        times = []
        for round_ in range(repeat):
            memo.write_text(
                memo.read_text(encoding="utf-8") + f"\n.. edit {round_}\n", encoding="utf-8"
            )
            times.append(sphinx(side, outdir)[0])
        incremental[side] = min(times)
    inc_time, plain_inc_time = incremental[kommun], incremental[plain]
    print(
        f"[{shape}] rebuild after editing one memo: extension {inc_time:.2f} s, "
        f"plain {plain_inc_time:.2f} s"
    )
    return {
        "html_ratio": round(k_time / p_time, 3),
        "scaling_2n": round(k2_time / k_time, 3),
        "plain_scaling_2n": round(p2_time / p_time, 3),
        "incremental_ratio": round(inc_time / k_time, 3),
        "plain_incremental_ratio": round(plain_inc_time / p_time, 3),
        "rss_ratio": round(k_rss / p_rss, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=200, help="N (default 200)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-memos", type=int, default=200, help="memos in the PDF runs")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="seed",
        help="the memos measured: seed (as the seed memo, about twelve directives; "
        "the default) or short (the earlier shape, fewer directives)",
    )
    parser.add_argument(
        "--also",
        choices=SHAPES,
        action="append",
        default=[],
        help="a further shape whose HTML figures are printed beside (--also short)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="HTML figures only")
    parser.add_argument(
        "--memory",
        action="store_true",
        help="one full HTML build of N memos each side, its time and peak memory "
        "(for N = 5000: a municipality's years in one project)",
    )
    args = parser.parse_args()
    n = args.memos
    byte_compile_extension()

    with tempfile.TemporaryDirectory(prefix="kommun-bench-") as tmp:
        work = Path(tmp)
        figures: dict[str, object] = {"memos": n, "shape": args.shape}
        if args.memory:
            figures.update(memory_figures(args.shape, n, work))
            print(json.dumps(figures))
            return
        figures.update(html_figures(args.shape, n, args.repeat, work))
        for other in dict.fromkeys(s for s in args.also if s != args.shape):
            figures[other] = html_figures(other, n, args.repeat, work)
        if not args.no_pdf:
            pdf_src = write("kommun", args.pdf_memos, work / "pdf", args.shape)
            serial, parallel = [], []
            for _ in range(args.repeat):
                serial.append(full(pdf_src, work, "kommunpdf")[0])
                parallel.append(full(pdf_src, work, "kommunpdf", "-j", "2")[0])
            pdf_serial, pdf_parallel = min(serial), min(parallel)
            print(
                f"kommunpdf, {args.pdf_memos} memos: {pdf_serial:.2f} s serial, "
                f"{pdf_parallel:.2f} s with -j 2"
            )
            figures["pdf_s_per_memo"] = round(pdf_serial / args.pdf_memos, 3)
            figures["pdf_parallel_speedup"] = round(pdf_serial / pdf_parallel, 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
