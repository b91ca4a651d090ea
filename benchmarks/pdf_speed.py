"""kommunpdf's cost per memo, Typst against the WeasyPrint engine it replaced,
measured in the same run.

The WeasyPrint engine is the package as it was before Typst came in: the
newest revision whose ``builders/pdf.py`` still printed with WeasyPrint,
checked out into a temporary git worktree and run from there (``python -S``
with this virtual environment's site-packages, so the editable install of
the working tree does not take its place).  Both build the same generated
memos from scratch: the HTML build, then the PDF build; a memo's PDF cost is
(PDF build - HTML build) / memos, the work the PDF adds to what every build
does anyway.  Best of --repeat, the engines alternating.  The last line is
JSON: ``typst_s_per_memo`` (target at most 0.05), ``speedup`` (WeasyPrint /
Typst, target at least 4).

    python benchmarks/pdf_speed.py --memos 100
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write
from run import byte_compile_extension

REPO = Path(__file__).parent.parent


def weasyprint_revision() -> str:
    """The newest commit whose PDF builder printed with WeasyPrint."""
    removed = subprocess.run(
        [
            "git",
            "log",
            "-1",
            "--format=%H",
            "-G",
            "weasyprint",
            "--",
            "sphinx_kommun/builders/pdf.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"{removed}^"


def timed(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def engine_cost(python: list[str], project: Path, work: Path, env: dict[str, str] | None) -> float:
    """Seconds the PDF build takes beyond the HTML build of the same memos."""
    costs = {}
    for builder in ("html", "kommunpdf"):
        out = work / builder
        shutil.rmtree(out, ignore_errors=True)
        costs[builder] = timed(
            [*python, "-m", "sphinx", "-q", "-E", "-b", builder, str(project), str(out)],
            env=env,
            cwd=work,
        )
    return costs["kommunpdf"] - costs["html"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weasyprint-rev", help="the revision to measure WeasyPrint at")
    args = parser.parse_args()
    byte_compile_extension()
    rev = args.weasyprint_rev or weasyprint_revision()
    site = sysconfig.get_paths()["purelib"]
    with tempfile.TemporaryDirectory(prefix="kommun-pdf-speed-") as tmp:
        work = Path(tmp)
        old = work / "weasyprint-tree"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(old), rev], cwd=REPO, check=True
        )
        try:
            project = write("kommun", args.memos, work)
            old_env = {"PYTHONPATH": f"{old}:{site}", "PATH": "/usr/bin:/bin"}
            typst, weasy = [], []
            for _ in range(args.repeat):
                weasy.append(engine_cost([sys.executable, "-S"], project, work, old_env))
                typst.append(engine_cost([sys.executable], project, work, None))
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(old)], cwd=REPO, check=False
            )
    per_memo = {"typst": min(typst) / args.memos, "weasyprint": min(weasy) / args.memos}
    speedup = per_memo["weasyprint"] / per_memo["typst"]
    print(f"{args.memos} memos, the PDF build beyond the HTML build, best of {args.repeat}:")
    print(f"  Typst:      {per_memo['typst']:.4f} s per memo (target at most 0.05)")
    print(f"  WeasyPrint: {per_memo['weasyprint']:.4f} s per memo (at {rev})")
    print(f"  Typst is {speedup:.1f}x as fast (target at least 4x)")
    print(
        json.dumps(
            {
                "memos": args.memos,
                "typst_s_per_memo": round(per_memo["typst"], 4),
                "weasyprint_s_per_memo": round(per_memo["weasyprint"], 4),
                "speedup": round(speedup, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
