"""How the package tells a writer of a mistake: a located Sphinx warning of
type ``kommun`` and a subtype (for ``suppress_warnings``), never an exception.
A leaf: it imports nothing of the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_kommun")


def warn(message: str, subtype: str, location: Any = None) -> None:
    """A writer's mistake, where it was made: ``"path:line"``, ``(docname, line)``
    or a node."""
    logger.warning(message, type="kommun", subtype=subtype, location=location)


def error(message: str, subtype: str, location: Any = None) -> None:
    """A mistake that fails the build (``kommun_pii = "error"``), reported the same way."""
    logger.error(message, type="kommun", subtype=subtype, location=location)


def conf_location(confdir: str | Path, name: str) -> str:
    """``conf.py:LINE`` of the line that sets ``name`` (line 1 when it is set elsewhere)."""
    path = Path(confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((i for i, text in enumerate(lines, 1) if text.startswith(name)), 1)
    return f"{path}:{line}"
