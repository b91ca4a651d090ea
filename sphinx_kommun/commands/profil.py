"""``sphinx-kommun profil KEY [PROJECT]``: what a municipality's profile offers
a memo, so that a writer need not open its YAML.

The keys a memo writes, with the names they stand for: the bodies
(``:instans:``, ``delges``), the administrations (``:forvaltning:``), the
document types (``arende :typ:``) with the sections each needs, the
consequence types (``konsekvenser :typ:``) and the headings the municipality
words its own way.  With ``PROJECT``, the project's own profile folders and
plugins count too, and the list is in the project's language (else Swedish).
Exit status 2 for a key that names no profile, with the nearest ones.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from sphinx_kommun import BUILTIN_PLUGINS
from sphinx_kommun.i18n import _, in_language
from sphinx_kommun.messages import hint
from sphinx_kommun.registry import ENTRY_POINT_GROUP, Registry, label_text

if TYPE_CHECKING:
    from sphinx_kommun.model.profile import Organ


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="the profile's key, e.g. haninge")
    parser.add_argument(
        "project", type=Path, nargs="?", help="a project whose own profiles and plugins count too"
    )


def registry_of(project: Path | None) -> tuple[Registry, str]:
    """A registry as a build of ``project`` has it (the built-in and installed
    plugins, conf.py's plugins and profile folders), and the project's language."""
    registry = Registry()
    for name, register in BUILTIN_PLUGINS:
        registry.add_plugin(register, name, str(_("built in")))
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        registry.load_plugin(entry_point.value, entry_point.name)
    extra: list[Path] = []
    lang = "sv"
    if project is not None:
        conf = eval_config_file(project.resolve() / "conf.py", Tags())
        lang = conf.get("language") or lang
        plugins = conf.get("kommun_plugins") or []
        for spec in [plugins] if isinstance(plugins, str) else plugins:
            registry.load_plugin(spec, "kommun_plugins")
        extra = [project / d for d in conf.get("kommun_profile_dirs") or []]
    registry.load_profiles(extra)
    return registry, lang


def organ_lines(organs: dict[str, Organ], lang: str) -> list[str]:
    return [f"  {key:<40} {organ.name(lang)}" for key, organ in organs.items()]


def listing(registry: Registry, key: str, lang: str) -> list[str] | None:
    profile = registry.profile(key)
    if profile is None:
        return None
    lines = [f"{profile.name(lang)} ({profile.key})", ""]
    lines.append(str(_("Bodies (:instans:, delges):")))
    lines += organ_lines(profile.instanser, lang)
    lines += [
        "",
        str(_("Administrations (:forvaltning:, default {key}):")).format(key=profile.forvaltning),
    ]
    lines += organ_lines(profile.forvaltningar, lang)
    lines += ["", str(_("Document types (arende :typ:) and the sections each needs:"))]
    for typ in registry.document_type_keys(profile):
        heading = registry.document_heading(profile, typ, lang)
        sections = ", ".join(registry.required_sections(profile, typ)) or "–"
        lines.append(f"  {typ:<40} {heading}: {sections}")
    lines += ["", str(_("Consequence types (konsekvenser :typ:):"))]
    for typ, known in registry.consequence_types_for(profile).items():
        lines.append(f"  {typ:<40} {label_text(known.word, lang)}")
    if profile.rubriker:
        lines += ["", str(_("Headings worded by the municipality (rubriker):"))]
        for part, variant in profile.rubriker.items():
            lines.append(f"  {part:<40} {label_text(variant, lang)}")
    if profile.dnr_exempel:
        lines += [
            "",
            str(_("Diarienummer, for example: {example}")).format(example=profile.dnr_exempel),
        ]
    return lines


def run(args: argparse.Namespace) -> int:
    project: Path | None = args.project
    if project is not None and not (project / "conf.py").is_file():
        print(f"sphinx-kommun profil: {project / 'conf.py'} does not exist", file=sys.stderr)
        return 2
    registry, lang = registry_of(project)
    with in_language(lang):
        lines = listing(registry, args.key, lang)
        if lines is None:
            message = str(_("no profile {key} ({hint})")).format(
                key=repr(args.key), hint=hint(args.key, registry.profiles)
            )
            print(f"sphinx-kommun profil: {message}", file=sys.stderr)
            return 2
    print("\n".join(lines))
    return 0
