"""Municipality profiles: safe YAML, validated against a schema, with located errors.

A profile is one YAML file; its file name (without ``.yaml``) is its key, and
it becomes a :class:`~sphinx_kommun.model.profile.Profile`.  The
eight Södertörn municipalities ship beside this module.  Profiles hold facts
only; nothing in a profile file is ever executed (``yaml.SafeLoader``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sphinx_kommun.model.profile import Organ, Profile

#: libyaml's safe loader where PyYAML has it (several times faster), else PyYAML's own.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BUILTIN_DIR = Path(__file__).parent
SCHEMA_PATH = BUILTIN_DIR / "profile.schema.json"


class ProfileError(Exception):
    """A profile that cannot be used, located at its file, line and field."""

    def __init__(self, path: Path, line: int | None, field: str, message: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.location + ": " + message)

    @property
    def location(self) -> str:
        # Always with a line: Sphinx takes a location without one for a document name.
        return f"{self.path}:{self.line or 1}"


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _line_of(root: yaml.Node | None, path: list[str | int]) -> int | None:
    """The 1-based line of the YAML node at ``path``, or of its nearest parent."""
    node = root
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    child = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None else None


def _safe_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of a YAML text, parsed once,
    with a safe loader only: no tag can construct a Python object."""
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def line_in(path: Path, where: list[str | int]) -> int:
    """The line of the field at ``where`` in a profile file (1 when it cannot be found)."""
    try:
        root, _data = _safe_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1
    return _line_of(root, where) or 1


def load_profile(path: Path, text: str | None = None) -> Profile:
    """Read, validate and build one profile; :class:`ProfileError` on any fault."""
    import jsonschema  # only when a profile is read, not on a build that has it cached

    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(path, None, "", f"cannot read profile: {exc}") from None
    try:
        root, data = _safe_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ProfileError(path, line, "", f"not a safe YAML profile: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ProfileError(path, None, "", f"not a safe YAML profile: {exc}") from None

    validator = jsonschema.Draft202012Validator(_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = [p for p in error.absolute_path]
        name = ".".join(str(p) for p in where) or "(profile)"
        raise ProfileError(path, _line_of(root, where), name, f"{name}: {error.message}")

    def organs(section: str) -> dict[str, Organ]:
        return {k: Organ(k, **v) for k, v in data[section].items()}

    forvaltningar = organs("forvaltningar")
    if data["forvaltning"] not in forvaltningar:
        raise ProfileError(
            path,
            _line_of(root, ["forvaltning"]),
            "forvaltning",
            f"forvaltning: {data['forvaltning']!r} is not one of the forvaltningar "
            f"({', '.join(sorted(forvaltningar))})",
        )
    if pattern := data.get("dnr_monster"):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(
                path, _line_of(root, ["dnr_monster"]), "dnr_monster", f"dnr_monster: {exc}"
            ) from None
    return Profile(
        key=path.stem,
        path=path,
        namn=data["namn"],
        kommunkod=data["kommunkod"],
        organisationsnummer=data.get("organisationsnummer") or "",
        postadress=data["postadress"],
        besoksadress=data["besoksadress"],
        webbplats=data["webbplats"],
        forvaltning=data["forvaltning"],
        instanser=organs("instanser"),
        forvaltningar=forvaltningar,
        telefon=data.get("telefon", ""),
        epost=data.get("epost", ""),
        dnr_monster=data.get("dnr_monster", ""),
        dnr_exempel=data.get("dnr_exempel", ""),
        farger=data.get("farger", {}),
        dokumenttyper=data.get("dokumenttyper", {}),
    )


def profile_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


class ProfileCache:
    """Profiles already read and validated, by their file's content, kept beside
    Sphinx's own environment: a rebuild reads neither YAML nor the schema again.

    The cache is Sphinx's doctree folder's, which Sphinx itself trusts with
    pickles; a profile whose bytes changed is read and validated anew.
    """

    VERSION = 2  # 2: Profile lives in the model and has dnr_exempel

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[str, Profile]] = {}
        self.changed = False
        self.schema_digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
        if path is not None and path.is_file():
            try:
                with path.open("rb") as f:
                    version, schema_digest, entries = pickle.load(f)
            except Exception:  # an unreadable or foreign cache is an empty one
                return
            if (version, schema_digest) == (self.VERSION, self.schema_digest):
                self.entries = entries

    def load(self, path: Path) -> Profile:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ProfileError(path, None, "", f"cannot read profile: {exc}") from None
        digest = hashlib.sha256(data).hexdigest()
        cached = self.entries.get(str(path))
        if cached is not None and cached[0] == digest:
            return cached[1]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProfileError(path, None, "", f"cannot read profile: {exc}") from None
        profile = load_profile(path, text)
        self.entries[str(path)] = (digest, profile)
        self.changed = True
        return profile

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".part")
        with partial.open("wb") as f:
            pickle.dump((self.VERSION, self.schema_digest, self.entries), f)
        partial.replace(self.path)
