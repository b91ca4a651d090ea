"""The model package stays pure: no module of ``sphinx_kommun/model/`` imports
docutils or Sphinx, directly or through the package's own modules (in the model
or outside it), not even inside a function, under ``TYPE_CHECKING`` or by
``importlib``, so that every layer can build on it and it can be tested alone.

The source is read as text (an AST walk), not imported: an import that runs
only on some path would slip past an import-time check.  The package root's
``__init__.py`` (the Sphinx ``setup()``) runs whenever any submodule is
imported, so it is not counted; everything that a model module names is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "sphinx_kommun"
MODEL = f"{PACKAGE}.model"
FORBIDDEN = ("docutils", "sphinx", "sphinxcontrib")


def _forbidden(name: str) -> bool:
    top = name.split(".")[0]
    return top in FORBIDDEN or top.startswith("sphinxcontrib")


def module_file(root: Path, name: str) -> Path | None:
    """The source file of the module ``name`` under ``root``, if it has one."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _resolve(module: str | None, level: int, package: str) -> str:
    """The absolute name of ``from <level dots><module> import …`` in ``package``."""
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_of(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """Every module ``path`` (the module ``name``) may import, with its line:
    import statements anywhere in the file, the names imported from a module
    (they may be submodules), and ``importlib.import_module("…")`` or
    ``__import__("…")`` with a literal name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, package)
            yield base, node.lineno
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                called in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield first.value, node.lineno


def _with_parents(name: str, package: str) -> list[str]:
    """``name`` and the packages whose ``__init__`` importing it runs, less
    the root's."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(2, len(parts) + 1)] if name != package else []


def violations(root: Path, package: str, start: str) -> list[str]:
    """Each forbidden import reached from the module ``start`` through the
    package's own modules, as the chain of imports that reaches it."""
    found = []
    seen: set[str] = set()
    stack = [(start, [start])]
    while stack:
        name, chain = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(root, name)
        if path is None:
            continue  # a name imported from a module, not a module
        imports = list(imports_of(path, name))
        for imported, line in imports:
            if _forbidden(imported):
                # "from sphinx.util import logging" is one import, of sphinx.util
                if (imported.rpartition(".")[0], line) not in imports:
                    found.append(" → ".join([*chain, f"{imported} (line {line})"]))
            elif imported == package or imported.startswith(package + "."):
                for module in _with_parents(imported, package):
                    if module not in seen:
                        stack.append((module, [*chain, module]))
    return sorted(set(found))


def model_modules(root: Path = ROOT, model: str = MODEL) -> list[str]:
    folder = root.joinpath(*model.split("."))
    return sorted(
        model if path.stem == "__init__" else f"{model}.{path.stem}" for path in folder.glob("*.py")
    )


def test_there_are_model_modules() -> None:
    modules = model_modules()
    assert MODEL in modules
    assert f"{MODEL}.personnummer" in modules


@pytest.mark.parametrize("module", model_modules())
def test_no_docutils_or_sphinx(module: str) -> None:
    assert violations(ROOT, PACKAGE, module) == []


# -- the walk itself finds what it must ---------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import docutils.nodes\n", "docutils.nodes (line 1)"),
        ("from sphinx.util import logging\n", "sphinx.util (line 1)"),
        ("def f():\n    from docutils import nodes\n", "docutils (line 2)"),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sphinx.application\n",
            "sphinx.application (line 3)",
        ),
        ("import importlib\nm = importlib.import_module('sphinx.util')\n", "sphinx.util (line 2)"),
        ("m = __import__('docutils')\n", "docutils (line 1)"),
        ("import sphinxcontrib.bibtex\n", "sphinxcontrib.bibtex (line 1)"),
    ],
)
def test_the_walk_finds_direct_imports(tmp_path: Path, source: str, expected: str) -> None:
    root = _package(
        tmp_path, {"pkg/__init__.py": "", "pkg/model/__init__.py": "", "pkg/model/a.py": source}
    )
    assert violations(root, "pkg", "pkg.model.a") == [f"pkg.model.a → {expected}"]


def test_the_walk_follows_the_package_s_own_imports(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "import sphinx\n",  # the root's setup(): not counted
            "pkg/model/__init__.py": "",
            "pkg/model/a.py": "from . import b\n",
            "pkg/model/b.py": "def f():\n    from ..helpers import tool\n",
            "pkg/helpers/__init__.py": "",
            "pkg/helpers/tool.py": "from docutils import nodes\n",
            "pkg/model/c.py": "import sphinx_kommun_like\nfrom pkg.model import d\n",
            "pkg/model/d.py": "import re\n",
        },
    )
    assert violations(root, "pkg", "pkg.model.a") == [
        "pkg.model.a → pkg.model.b → pkg.helpers.tool → docutils (line 1)"
    ]
    assert violations(root, "pkg", "pkg.model.c") == []


def test_the_walk_runs_an_intermediate_package_s_init(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model/__init__.py": "",
            "pkg/model/a.py": "import pkg.output.html\n",
            "pkg/output/__init__.py": "from sphinx.util import logging\n",
            "pkg/output/html.py": "",
        },
    )
    assert violations(root, "pkg", "pkg.model.a") == [
        "pkg.model.a → pkg.output → sphinx.util (line 1)"
    ]
