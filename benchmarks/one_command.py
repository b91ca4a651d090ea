"""The one command against the builds it replaces, in the same run.

``sphinx-kommun build PROJECT`` (both languages, HTML and PDF, languages in
parallel, one reading per language) against the same four builds run one
after another with ``sphinx-build`` (sv html, sv kommunpdf, en html, en
kommunpdf, each reading the sources into its own doctree folder), as a
project without the command would build.  Both start from an empty
``_build``; each figure is the best of --repeat runs, the two alternating.
The last line is JSON: ``ratio`` is command / sequential (target ≤ 0.6).

    python benchmarks/one_command.py --memos 200
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write
from run import byte_compile_extension

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed:\n{result.stdout[-1500:]}{result.stderr[-1500:]}"
        )
    return elapsed


def one_command(project: Path) -> float:
    shutil.rmtree(project / "_build", ignore_errors=True)
    return timed([str(BIN / "sphinx-kommun"), "build", str(project)])


def sequential(project: Path) -> float:
    shutil.rmtree(project / "_build", ignore_errors=True)
    total = 0.0
    for lang in ("sv", "en"):
        for builder, fmt in (("html", "html"), ("kommunpdf", "pdf")):
            outdir = project / "_build" / lang / fmt
            argv = [str(BIN / "sphinx-build"), "-q", "-b", builder, "-D", f"language={lang}"]
            total += timed([*argv, str(project), str(outdir)])
    return total


def measure(name: str, project: Path, repeat: int) -> dict[str, float]:
    ours, theirs = [], []
    for _ in range(repeat):
        theirs.append(sequential(project))
        ours.append(one_command(project))
    result = {"command_s": min(ours), "sequential_s": min(theirs)}
    result["ratio"] = round(result["command_s"] / result["sequential_s"], 3)
    print(
        f"{name}: sphinx-kommun build {result['command_s']:.2f} s, four sphinx-build runs "
        f"{result['sequential_s']:.2f} s, ratio {result['ratio']:.3f} (target ≤ 0.6)"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    byte_compile_extension()
    with tempfile.TemporaryDirectory(prefix="kommun-one-") as tmp:
        work = Path(tmp)
        example = work / "example_project"
        shutil.copytree(REPO / "example_project", example, ignore=shutil.ignore_patterns("_build"))
        shutil.copytree(REPO / "locales", work / "locales")
        generated = write("kommun", args.memos, work)
        figures = {
            "example": measure("example project", example, args.repeat),
            f"memos_{args.memos}": measure(f"{args.memos} memos", generated, args.repeat),
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
