"""The layers of the package, computed from its source: every import points
down (or within a layer) and no import, however made, closes a cycle.

Every import counts: at the top of a module, inside a function, under
``TYPE_CHECKING``, and a module named in a string (``importlib``,
``setup_extension``, an entry point).  Sphinx's private names are touched in
``compat.py`` alone.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "sphinx_kommun"

#: Lowest first.  A module belongs to the first layer naming its top-level
#: name under the package ("directives" for sphinx_kommun.directives.beslut).
LAYERS: list[tuple[str, set[str]]] = [
    ("leaves", {"version", "languages", "log", "compat", "memory", "i18n", "paths"}),
    ("model", {"model"}),
    ("profiles and messages", {"profiles", "messages"}),
    ("registry", {"registry"}),
    ("config and presentation", {"config", "present"}),
    ("nodes", {"nodes"}),
    ("domain", {"domain", "klarsprak"}),
    ("read side", {"directives", "roles", "transforms", "checks", "pii", "secrecy", "sources"}),
    ("write side", {"builders", "theme", "output", "archive"}),
    ("assembly", {"", "api"}),
    ("command line", {"cli", "commands"}),
]
MODULE_NAME = re.compile(r"^sphinx_kommun(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def module_name(path: Path) -> str:
    relative = path.relative_to(REPO).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for index, (_name, members) in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def resolve(module: str, current: str, level: int = 0) -> list[str]:
    """The package modules an import of ``module`` runs (a package's
    ``__init__`` and, for ``from a import b``, the submodule ``a.b``)."""
    if level:
        base = current.split(".")
        if MODULES[current].name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - level + 1]
        module = ".".join([*base, module] if module else base)
    return [module] if module in MODULES else []


#: Calls that load a module named in a string.
LOADERS = {"import_module", "__import__", "setup_extension", "load_extension", "load_plugin"}


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.update(resolve(alias.name, module))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            targets = resolve(base, module, node.level)
            for alias in node.names:
                sub = f"{targets[0] if targets else base}.{alias.name}"
                targets += [sub] if sub in MODULES else []
            found.update(targets)
        elif isinstance(node, ast.Call) and _callee(node) in LOADERS:
            for argument in node.args:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    name = argument.value.partition(":")[0]
                    if MODULE_NAME.match(name) and name in MODULES:
                        found.add(name)  # loaded by name
    found.discard(module)
    return {m for m in found if m.startswith("sphinx_kommun")}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_import_points_down_or_within_its_layer() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in GRAPH.items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_closes_a_cycle() -> None:
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_model_imports_neither_docutils_nor_sphinx() -> None:
    def third_party(module: str) -> set[str]:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        return names

    reached, todo = set(), [m for m in MODULES if m.startswith("sphinx_kommun.model")]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo.extend(GRAPH[module])
    offending = sorted(m for m in reached if third_party(m) & {"docutils", "sphinx"})
    assert offending == []


def test_the_write_side_never_imports_the_read_side() -> None:
    read = {name for name, index in ((m, layer_of(m)) for m in MODULES) if index == 7}
    write = [m for m in MODULES if layer_of(m) == 8]
    assert not {(m, t) for m in write for t in GRAPH[m] if t in read}


def test_entry_points_load_the_assembly() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    points = project["project"]["entry-points"]
    targets = [t.split(":")[0] for group in points.values() for t in group.values()]
    assert targets and all(layer_of(t) >= layer_of("sphinx_kommun") for t in targets), targets


PRIVATE_SPHINX = re.compile(r"\bsphinx(?:\.\w+)*\._\w+|\._app\b|\._raw_config\b|\._registry\b")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_sphinx_private_api_only_in_compat(module) -> None:
    if module == "sphinx_kommun.compat":
        return
    text = MODULES[module].read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not PRIVATE_SPHINX.findall(code), f"{module} uses Sphinx's private API"
