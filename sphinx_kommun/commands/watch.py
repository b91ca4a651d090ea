"""Which of a project's files changed: their modification times, polled.

Polling needs no dependency and sees every kind of save (in place, by
rename, from another machine's editor over a network share); a project of
1,000 memos is a few milliseconds a look.  A burst of saves (an editor
writing a backup first, ``sphinx-kommun translate`` writing every ``.po``)
is one change: :meth:`Watcher.wait` returns once nothing more has changed
for :data:`QUIET` seconds.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

#: Seconds between two looks.
POLL = 0.1
#: Seconds without a further change that end a burst of saves.
QUIET = 0.04
#: A burst that goes on longer than this is handed on as it is.
LONGEST = 2.0
#: Folders never looked into: build output, version control, caches, hidden ones.
SKIPPED_DIRS = frozenset({"_build", "__pycache__", "node_modules"})
#: Files nobody edits: compiled catalogs and bytecode (Sphinx writes the
#: ``.mo`` itself), and editors' backups, swap and lock files.
SKIPPED_SUFFIXES = (".mo", ".pyc", ".swp", ".swx", ".swo", "~", ".tmp", ".part")

Snapshot = dict[str, tuple[int, int]]


def watched(name: str) -> bool:
    """Whether a file of this name is one a writer edits."""
    return not (
        name.startswith((".", "#"))
        or name.endswith(SKIPPED_SUFFIXES)
        or name == "4913"  # vim's test that a folder is writable
    )


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every watched file under ``roots``: its modification time and size."""
    found: Snapshot = {}
    pending = [str(root) for root in roots]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone, or not readable: seen as having no files
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_DIRS and not entry.name.startswith("."):
                        pending.append(entry.path)
                elif watched(entry.name):
                    info = entry.stat()
                    found[entry.path] = (info.st_mtime_ns, info.st_size)
            except OSError:
                continue
    return found


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    """The files added, removed or saved between two snapshots."""
    return {
        Path(path) for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    }


class Watcher:
    """Waits for the next change under a set of folders (which may change)."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self._lock = threading.Lock()
        self._roots = tuple(roots)
        self._last = snapshot(self._roots)

    @property
    def roots(self) -> tuple[Path, ...]:
        return self._roots

    def watch(self, roots: Iterable[Path]) -> None:
        """Look under ``roots`` from now on (conf.py named other folders)."""
        with self._lock:
            self._roots = tuple(roots)
            self._last = snapshot(self._roots)

    def wait(self, stop: threading.Event) -> set[Path]:
        """The files changed since the last call, once a burst of saves is
        over; an empty set once ``stop`` is set."""
        while not stop.wait(POLL):
            found = self._look()
            if not found:
                continue
            started = time.monotonic()
            while time.monotonic() - started < LONGEST and not stop.wait(QUIET):
                more = self._look()
                if not more:
                    break
                found |= more
            return found
        return set()

    def _look(self) -> set[Path]:
        with self._lock:
            now = snapshot(self._roots)
            found = changed(self._last, now)
            self._last = now
        return found
