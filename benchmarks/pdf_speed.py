"""Seconds per memo for ``kommunpdf``, and for ``latexpdf`` where TeX is installed,
measured in the same run on the same generated memos, each build on one core.

    python benchmarks/pdf_speed.py --memos 20 --repeat 3

Each build is a full one (``-E``, an empty output folder) in a fresh
interpreter, pinned to one CPU core; a memo's time is the build's wall time
divided by the memos, so start-up and reading count too.  ``latexpdf`` makes
one PDF per memo as well (a ``latex_documents`` entry each) with Sphinx's
default engine, pdflatex, through latexmk.  The figure kept is the best of
``--repeat`` runs, the two builders alternating so both see the same machine.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write

TARGET_S_PER_MEMO = 0.25
TARGET_SPEEDUP = 5.0


def one_core() -> None:
    """Run the build on a single core, whatever the machine has."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build, its child processes (pdflatex) included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, preexec_fn=one_core
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:6])} … failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def kommunpdf(srcdir: Path, outdir: Path) -> tuple[float, float]:
    shutil.rmtree(outdir, ignore_errors=True)
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-E", "-j", "1"]
    return timed([*sphinx, "-b", "kommunpdf", str(srcdir), str(outdir)], srcdir)


def latexpdf(srcdir: Path, builddir: Path) -> tuple[float, float]:
    shutil.rmtree(builddir, ignore_errors=True)
    sphinx = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(builddir)]
    return timed([*sphinx, "-q", "-E", "-j", "1"], srcdir)


def tex_missing() -> str:
    """Why latexpdf cannot run here, or "" when it can."""
    missing = [tool for tool in ("latexmk", "pdflatex", "make") if shutil.which(tool) is None]
    return f"{', '.join(missing)} not installed" if missing else ""


def with_one_latex_document_per_memo(srcdir: Path) -> None:
    memos = sorted(p.stem for p in (srcdir / "memon").glob("*.rst"))
    entries = ",\n    ".join(f'("memon/{m}", "{m}.tex", "{m}", "Kommunen", "howto")' for m in memos)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nlatex_documents = [\n    {entries},\n]\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=20, help="generated memos to print")
    parser.add_argument("--repeat", type=int, default=3, help="runs per builder; the best counts")
    args = parser.parse_args()

    why_not_tex = tex_missing()
    with tempfile.TemporaryDirectory(prefix="pdf-speed-") as tmp:
        work = Path(tmp)
        srcdir = write("kommun", args.memos, work)
        with_one_latex_document_per_memo(srcdir)
        pdf_runs, tex_runs = [], []
        for _ in range(args.repeat):
            pdf_runs.append(kommunpdf(srcdir, work / "kommunpdf"))
            if not why_not_tex:
                tex_runs.append(latexpdf(srcdir, work / "latex"))
        produced = len(list((work / "kommunpdf").rglob("*.pdf")))
        if produced != args.memos:
            raise SystemExit(f"kommunpdf made {produced} PDFs for {args.memos} memos")
        if tex_runs:
            produced = len(list((work / "latex" / "latex").glob("*.pdf")))
            if produced != args.memos:
                raise SystemExit(f"latexpdf made {produced} PDFs for {args.memos} memos")

    n = args.memos
    pdf_wall, pdf_cpu = min(pdf_runs)
    report = {
        "memos": n,
        "kommunpdf_s_per_memo": round(pdf_wall / n, 3),
        "kommunpdf_cpu_s_per_memo": round(pdf_cpu / n, 3),
    }
    print(f"{n} generated memos, full builds on one core, best of {args.repeat}")
    print(
        f"kommunpdf: {pdf_wall / n:.3f} s per memo ({pdf_wall:.2f} s in all, "
        f"CPU {pdf_cpu / n:.3f} s per memo); target at most {TARGET_S_PER_MEMO} s"
    )
    if tex_runs:
        tex_wall, tex_cpu = min(tex_runs)
        speedup = tex_wall / pdf_wall
        report |= {
            "latexpdf_s_per_memo": round(tex_wall / n, 3),
            "latexpdf_cpu_s_per_memo": round(tex_cpu / n, 3),
            "speedup": round(speedup, 1),
        }
        print(
            f"latexpdf:  {tex_wall / n:.3f} s per memo ({tex_wall:.2f} s in all, "
            f"CPU {tex_cpu / n:.3f} s per memo)"
        )
        print(f"kommunpdf is {speedup:.1f}x as fast as latexpdf; target {TARGET_SPEEDUP}x or more")
    else:
        report["latexpdf_s_per_memo"] = None
        print(f"latexpdf:  not measured: {why_not_tex}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
