"""The subcommands of ``sphinx-kommun``, one module each, and what they share:
reading a project's settings from its conf.py."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import traceback
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any, TypeVar

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
    #: The locale folder as conf.py names it (``../locales``), not resolved:
    #: where a link in its path shows.
    locale_written: Path | None = None

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
        locale_written=Path(os.path.normpath(root.absolute() / locale_dirs[0])),
    )


def sphinx_build(
    root: Path,
    *,
    outdir: Path,
    doctreedir: Path,
    buildername: str,
    overrides: dict[str, Any],
    warning: IO[str],
    strict: bool = False,
    jobs: int = 0,
) -> int:
    """One Sphinx build of the project at ``root``, as ``sphinx-build -q`` runs it
    (progress unprinted, warnings to ``warning``); its exit status.  An error
    is reported as sphinx-build reports it, without a traceback."""
    from sphinx.application import Sphinx
    from sphinx.cmd.build import handle_exception
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    confdir = root.resolve()
    app = None
    try:
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(
                srcdir=confdir,
                confdir=confdir,
                outdir=outdir,
                doctreedir=doctreedir,
                buildername=buildername,
                confoverrides=overrides,
                status=None,
                warning=warning,
                warningiserror=strict,
                parallel=jobs,
            )
            app.build()
            return app.statuscode
    except (Exception, KeyboardInterrupt) as exc:
        options = SimpleNamespace(pdb=False, verbosity=0, traceback=False)
        handle_exception(app, options, exc, sys.stderr)
        return 2


K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


@dataclass(frozen=True)
class Failed:
    """What a task's process raised, as text (an exception may not pickle)."""

    error: str


def in_processes(
    tasks: list[tuple[K, Callable[..., R], tuple[Any, ...]]], workers: int
) -> dict[K, R | Failed]:
    """Each task ``(key, function, arguments)`` run in a fresh process of its
    own, ``workers`` at a time; what each returned, by key.

    A fresh process per task, because Sphinx keeps its translators for the
    whole process (``sphinx.locale.translators``, the project's catalogs
    too): a second language in one process would keep the first one's words.
    """
    context: Any = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    results = context.Queue()
    waiting = list(tasks)
    running: list[Any] = []
    done: dict[K, R | Failed] = {}

    def drain() -> None:
        while not results.empty():
            key, value = results.get()
            done[key] = value

    while waiting or running:
        while waiting and len(running) < max(1, workers):
            key, function, arguments = waiting.pop(0)
            process = context.Process(target=_run, args=(results, key, function, arguments))
            process.start()
            running.append(process)
        multiprocessing.connection.wait([p.sentinel for p in running])
        drain()
        for process in [p for p in running if not p.is_alive()]:
            process.join()
            running.remove(process)
    drain()
    return done


def _run(results: Any, key: Hashable, function: Callable[..., Any], arguments: tuple) -> None:
    try:
        value = function(*arguments)
    except BaseException as exc:  # reported by the parent, which decides what it means
        value = Failed("".join(traceback.format_exception_only(type(exc), exc)).strip())
    results.put((key, value))
