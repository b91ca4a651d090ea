"""Municipality profiles: safe YAML, validated against a schema, with located errors.

A profile is one YAML file; its file name (without ``.yaml``) is its key, and
it becomes a :class:`~sphinx_kommun.model.profile.Profile`.  The
eight Södertörn municipalities ship beside this module.  Profiles hold facts
only; nothing in a profile file is ever executed (``yaml.SafeLoader``).

A profile comes from whoever wrote it, so reading one is bounded: a file over
:data:`MAX_PROFILE_BYTES`, or with a YAML anchor or alias (the "billion laughs"
that grows 1 KB into gigabytes), is refused before it is built; a schema error
names the field and the rule, never the value; and the ``dnr_monster``
pattern is checked for size before it is compiled and matched with a length
cap and a time bound (:func:`dnr_fullmatch`).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex  # type: ignore[import-untyped]
import yaml

from sphinx_kommun.i18n import _, ngettext
from sphinx_kommun.messages import hint
from sphinx_kommun.model.klarsprak import LIX_LIMIT
from sphinx_kommun.model.profile import Organ, Profile
from sphinx_kommun.paths import Refused, Use, check_file

#: libyaml's safe loader where PyYAML has it (several times faster), else PyYAML's own.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BUILTIN_DIR = Path(__file__).parent
SCHEMA_PATH = BUILTIN_DIR / "profile.schema.json"

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

#: The shipped profiles are 2–3 KB; a file this big is not a profile.
MAX_PROFILE_BYTES = 256 * 1024
#: How a profile file is judged before it is opened (:mod:`sphinx_kommun.paths`).
PROFILE_FILE = Use("profile", MAX_PROFILE_BYTES, published=False)
#: A diarienummer is short ("KS-2019/1097"): a longer ``:dnr:`` is not matched.
MAX_DNR_LENGTH = 64
#: A ``dnr_monster`` longer than this is not a diarienummer pattern.
MAX_PATTERN_LENGTH = 256
#: Seconds one ``dnr_monster`` match may take; a sane pattern takes microseconds.
DNR_MATCH_TIMEOUT = 0.5
#: The regex module unrolls a counted repeat (``a{n}``) when it compiles, so
#: nested counts multiply into memory: their product is held to this.
MAX_UNROLLED_REPEAT = MAX_DNR_LENGTH * MAX_DNR_LENGTH


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
    """The 1-based line of the field at ``path`` (where its key is written), or
    of its nearest parent."""
    node, line = root, root.start_mark.line + 1 if root is not None else None
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    child, line = v, k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
            line = child.start_mark.line + 1 if child is not None else line
        if child is None:
            break
        node = child
    return line


class AnchorFound(Exception):
    """A YAML anchor or alias, at ``line``: refused before anything is built."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line}")


def _refuse_anchors(text: str) -> None:
    """Raise :class:`AnchorFound` at the first anchor (``&name``) or alias (``*name``).

    An alias makes the composer share a node, and whatever walks the data
    afterwards (the schema, a message quoting a value) walks it once per
    reference: nested aliases turn a kilobyte into gigabytes.  A profile lists
    facts and needs none, so the event stream is read first, where nothing is
    expanded yet.
    """
    loader = SafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise AnchorFound(event.start_mark.line + 1)
    finally:
        loader.dispose()


def _safe_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of a YAML text, parsed once,
    with a safe loader only: no tag can construct a Python object.  Raises
    :class:`AnchorFound` for an anchor or alias."""
    _refuse_anchors(text)
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def _kinds() -> dict[str, str]:
    """What a schema ``type`` is called in a message, in the build's language."""
    return {
        "string": _("a text"),
        "object": _("a mapping of fields"),
        "array": _("a list"),
        "null": _("empty"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
    }


def _short(name: object, limit: int = 40) -> str:
    """A field name from the file, quoted and cut short: a key can be any length."""
    text = str(name)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _schema_problem(error: ValidationError) -> tuple[list[str | int], str]:
    """Where a schema error is and what is wrong, said with the field and the
    rule only.  jsonschema's own message quotes the value, which can be
    anything the file holds (a page of text, a structure); this never does."""
    where: list[str | int] = list(error.absolute_path)
    rule: Any = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if "propertyNames" in error.relative_schema_path:  # ``instance`` is the key itself
        return [*where, instance], str(_("a key must be lower-case letters, digits, '-' and '_'"))
    if rule == "type":
        types = expected if isinstance(expected, list) else [expected]
        kinds, word = _kinds(), str(_("or"))
        return where, str(_("must be {kinds}")).format(
            kinds=f" {word} ".join(str(kinds.get(t, t)) for t in types)
        )
    if rule == "required" and isinstance(instance, dict):
        missing = [name for name in expected if name not in instance]
        return where, str(_("the required field {names} is missing")).format(
            names=", ".join(missing)
        )
    if rule == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {})
        unknown = [k for k in instance if k not in known]
        fields = ", ".join(_short(k) for k in unknown[:5])
        return [*where, unknown[0]] if unknown else where, (
            str(_("unknown field {fields} (known: {known})")).format(
                fields=fields, known=", ".join(known)
            )
            if known
            else str(_("unknown field {fields}")).format(fields=fields)
        )
    if rule == "pattern":
        return where, str(_("must have the form {pattern}")).format(pattern=expected)
    if rule == "minLength":
        if expected == 1:
            return where, str(_("must not be empty"))
        return where, str(_("needs {count} characters")).format(count=expected)
    if rule == "minProperties":
        return where, ngettext(
            "must have at least {count} entry", "must have at least {count} entries", expected
        ).format(count=expected)
    if rule == "enum":
        return where, str(_("must be one of {values}")).format(
            values=", ".join(str(v) for v in expected)
        )
    return where, str(_("breaks the schema's {rule} rule")).format(rule=rule)


def _unreadable(exc: Exception) -> str:
    return str(_("cannot read profile: {problem}")).format(problem=exc)


def _not_yaml(problem: object) -> str:
    return str(_("not a safe YAML profile: {problem}")).format(problem=problem)


def line_in(path: Path, where: list[str | int]) -> int:
    """The line of the field at ``where`` in a profile file (1 when it cannot be found)."""
    try:
        root, _data = _safe_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AnchorFound):
        return 1
    return _line_of(root, where) or 1


def load_profile(path: Path, text: str | None = None) -> Profile:
    """Read, validate and build one profile; :class:`ProfileError` on any fault."""
    import jsonschema  # only when a profile is read, not on a build that has it cached

    if text is None:
        try:
            text = read_profile_file(path).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProfileError(path, None, "", _unreadable(exc)) from None
    if len(text) > MAX_PROFILE_BYTES or len(text.encode("utf-8")) > MAX_PROFILE_BYTES:
        raise ProfileError(
            path,
            None,
            "",
            str(_("the file is over {size} KB: not a profile")).format(
                size=MAX_PROFILE_BYTES // 1024
            ),
        )
    try:
        root, data = _safe_yaml(text)
    except AnchorFound as exc:
        raise ProfileError(
            path,
            exc.line,
            "",
            str(
                _(
                    "YAML anchors and aliases (&name, *name) are not allowed in a profile: "
                    "write each value out"
                )
            ),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ProfileError(path, line, "", _not_yaml(exc.problem)) from None
    except yaml.YAMLError as exc:
        raise ProfileError(path, None, "", _not_yaml(exc)) from None

    validator = jsonschema.Draft202012Validator(_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where, problem = _schema_problem(error)
        name = ".".join(str(p) for p in error.absolute_path)
        message = f"{name}: {problem}" if name else problem
        raise ProfileError(path, _line_of(root, where), name or "(profile)", message)

    def organs(section: str) -> dict[str, Organ]:
        return {k: Organ(k, **v) for k, v in data[section].items()}

    forvaltningar = organs("forvaltningar")
    if data["forvaltning"] not in forvaltningar:
        raise ProfileError(
            path,
            _line_of(root, ["forvaltning"]),
            "forvaltning",
            str(_("forvaltning: {value} is not one of the forvaltningar ({hint})")).format(
                value=_short(data["forvaltning"]), hint=hint(data["forvaltning"], forvaltningar)
            ),
        )
    if pattern := data.get("dnr_monster"):
        problem = dnr_pattern_problem(pattern)
        if problem:
            raise ProfileError(
                path, _line_of(root, ["dnr_monster"]), "dnr_monster", f"dnr_monster: {problem}"
            )
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
        konsekvenstyper=data.get("konsekvenstyper", {}),
        rubriker=data.get("rubriker", {}),
        lix_grans=float(data.get("klarsprak", {}).get("lix_grans", LIX_LIMIT)),
        klarsprak_ord=data.get("klarsprak", {}).get("ord", {}),
    )


class DnrUnchecked(Exception):
    """A ``:dnr:`` that could not be checked against ``dnr_monster`` within
    bounds; ``profile_at_fault`` when the pattern, not the dnr, is to blame."""

    def __init__(self, message: str, *, profile_at_fault: bool) -> None:
        self.message = message
        self.profile_at_fault = profile_at_fault
        super().__init__(message)


#: A counted repeat: ``{m}``, ``{m,}``, ``{m,n}``, ``{,n}``.
_COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class ``[...]`` opened at ``start``."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):  # a first "]" is a literal
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return len(pattern)


def _repeat_problem(pattern: str) -> str:
    """Why ``pattern``'s counted repeats are too big to compile safely, or "".

    The regex module unrolls ``x{m}`` into m copies when it compiles, and
    nested counts multiply (``((a{64}){64}){64}`` takes 90 MB, one more level
    gigabytes) before any timeout applies.  This reads the pattern's groups
    and counts, without compiling it, and holds each count to the longest
    diarienummer and their nested product to :data:`MAX_UNROLLED_REPEAT`.
    """
    stack = [1]  # per open group: the largest unrolled size found inside it
    last = 0  # the unrolled size of the atom just read; 0: no atom to repeat
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            if pattern[i - 1 : i] in ("p", "P", "N", "x") and pattern.startswith("{", i):
                end = pattern.find("}", i)  # \p{L}: braces that are not a count
                i = len(pattern) if end < 0 else end + 1
            last = 1
        elif c == "[":
            i, last = _class_end(pattern, i), 1
        elif pattern.startswith("(?#", i):
            end = pattern.find(")", i)
            i, last = (len(pattern) if end < 0 else end + 1), 0
        elif c == "(":
            stack.append(1)
            i, last = i + 1, 0
        elif c == ")":
            last = stack.pop() if len(stack) > 1 else 1
            stack[-1] = max(stack[-1], last)
            i += 1
        elif c == "{" and last and (m := _COUNT.match(pattern, i)) and (m[1] or m[2]):
            counts = [int(x) for x in m.groups() if x]
            if max(counts) > MAX_DNR_LENGTH:
                return str(_("a repeat count above {count}: no diarienummer is that long")).format(
                    count=MAX_DNR_LENGTH
                )
            unrolled = last * max(int(m[1] or 0), 1)
            if unrolled > MAX_UNROLLED_REPEAT:
                return str(
                    _("nested repeat counts multiply past {count}: no diarienummer is that long")
                ).format(count=MAX_UNROLLED_REPEAT)
            stack[-1] = max(stack[-1], unrolled)
            i, last = m.end(), 0
        else:
            i, last = i + 1, 1
    return ""


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern)


def dnr_pattern_problem(pattern: str) -> str:
    """Why ``pattern`` cannot serve as a ``dnr_monster``, or "" when it can.

    Every way a pattern can fail to compile is caught and said: the regex
    module's own errors, a count too big for it (OverflowError in ``re``),
    nesting too deep (RecursionError), and whatever else compiling raises.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return str(_("longer than {count} characters: not a diarienummer pattern")).format(
            count=MAX_PATTERN_LENGTH
        )
    problem = _repeat_problem(pattern)
    if problem:
        return problem
    try:
        _compiled(pattern)
    except regex.error as exc:
        return str(_("not a regular expression: {problem}")).format(problem=exc)
    except Exception as exc:  # OverflowError, RecursionError, MemoryError, ValueError, …
        return str(_("not a regular expression: {problem}")).format(
            problem=f"{type(exc).__name__}: {exc}"
        )
    return ""


def dnr_fullmatch(pattern: str, dnr: str) -> bool:
    """Whether all of ``dnr`` has ``pattern``'s form, told within bounds.

    A pattern with nested quantifiers can backtrack for longer than the age of
    the universe on a mistyped dnr; the match runs under the regex module's
    ``timeout`` on a dnr of at most :data:`MAX_DNR_LENGTH` characters.
    :class:`DnrUnchecked` says when it cannot be told: a dnr too long, a
    match that timed out, a pattern that is no pattern.
    """
    if len(dnr) > MAX_DNR_LENGTH:
        raise DnrUnchecked(
            str(_("longer than {count} characters: a diarienummer is short")).format(
                count=MAX_DNR_LENGTH
            ),
            profile_at_fault=False,
        )
    problem = dnr_pattern_problem(pattern)
    if problem:
        raise DnrUnchecked(problem, profile_at_fault=True)
    try:
        return _compiled(pattern).fullmatch(dnr, timeout=DNR_MATCH_TIMEOUT) is not None
    except TimeoutError:
        raise DnrUnchecked(
            str(
                _(
                    "matching took over {seconds} s and was stopped: the pattern "
                    "backtracks (nested quantifiers such as (\\d+)+); write it without them"
                )
            ).format(seconds=DNR_MATCH_TIMEOUT),
            profile_at_fault=True,
        ) from None


def profile_files(directory: Path) -> list[Path]:
    """The profile files of ``directory``: each ``*.yaml`` in it, judged when it
    is read (:func:`read_profile_file`), so that a refused one is a warning
    that names it instead of a file silently missing."""
    return sorted(directory.glob("*.yaml"))


def read_profile_file(path: Path) -> bytes:
    """The bytes of the profile file ``path``, which must be a regular file of
    its own folder, not a symbolic link, and no larger than a profile.

    A link could lead anywhere (``/etc/passwd``, a secret beside the project),
    and whatever a message says of a file that is not a profile would show
    what it holds: a refused file is never opened."""
    checked = check_file(path, root=path.parent, use=PROFILE_FILE, links=False)
    if isinstance(checked, Refused):
        raise ProfileError(
            path, None, "", str(_("not read: the file {reason}")).format(reason=checked.reason)
        )
    try:
        return checked.path.read_bytes()
    except OSError as exc:
        raise ProfileError(path, None, "", _unreadable(exc)) from None


class ProfileCache:
    """Profiles already read and validated, by their file's content, kept beside
    Sphinx's own environment: a rebuild reads neither YAML nor the schema again.

    The cache is Sphinx's doctree folder's, which Sphinx itself trusts with
    pickles; a profile whose bytes changed is read and validated anew.
    """

    #: 2: Profile in the model, with dnr_exempel; 3: anchors, sizes, patterns
    #: bounded; 4: klarsprak (lix_grans, klarsprak_ord); 5: konsekvenstyper, rubriker.
    VERSION = 5

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
        data = read_profile_file(path)
        digest = hashlib.sha256(data).hexdigest()
        cached = self.entries.get(str(path))
        if cached is not None and cached[0] == digest:
            return cached[1]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProfileError(path, None, "", _unreadable(exc)) from None
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
