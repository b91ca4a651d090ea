"""The subcommands of ``sphinx-kommun``, one module each, and what they share:
reading a project's settings from its conf.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from sphinx_kommun.config import DEFAULT_LANGUAGES


def split(value: str) -> list[str]:
    """``"sv, en"`` → ``["sv", "en"]``."""
    return [part.strip() for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class Project:
    """What the commands need from a project's conf.py."""

    root: Path
    source: str
    languages: list[str]
    locale_dir: Path

    @property
    def pot_dir(self) -> Path:
        return self.root / "_build" / "gettext"

    @property
    def targets(self) -> list[str]:
        """The languages translated into: every one but the source language."""
        return [lang for lang in self.languages if lang != self.source]

    def po_dir(self, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES"


def read_project(root: Path, lang: str | None = None) -> Project:
    """The project's settings; ``lang`` (``"sv,en"``) in place of ``kommun_languages``."""
    namespace = eval_config_file(root.resolve() / "conf.py", Tags())
    locale_dirs = namespace.get("locale_dirs") or ["locales"]
    return Project(
        root=root,
        source=namespace.get("language") or "en",
        languages=split(lang)
        if lang
        else list(namespace.get("kommun_languages") or DEFAULT_LANGUAGES),
        locale_dir=(root / locale_dirs[0]).resolve(),
    )
