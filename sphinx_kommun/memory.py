"""Keeps the garbage collector from walking, again and again, what a build keeps.

Sphinx holds every doctree it has read until it writes it, and an incremental
build starts by loading the whole environment, so the heap grows with the
project, and each full collection walks all of it: on 2,000 memos a third of
the build went to the collector, and the share grew with N; on a rebuild after
one edit, half of it did.  What is alive at these points is the build's own
data, kept until the build ends, so it is moved out of the collector's sight
(``gc.freeze``): once the environment is loaded, every :data:`EVERY` documents
read (after a collection, so no garbage is kept) and once reading is done.
While the build runs the collector also waits for :data:`THRESHOLDS`
allocations rather than 700 before it looks, as mypy does for the same reason:
a doctree is thousands of objects, all alive until it is written.  All is
given back when the build finishes, and the count of documents read starts
again with each build: an application that builds again and again
(``sphinx-kommun serve`` keeps one between edits) freezes only in a build
that reads many documents, so a rebuild after one edit collects nothing on
purpose.  ``kommun_gc_tuning = False`` in conf.py leaves the collector as
Python has it (for a program that runs Sphinx beside work of its own).  A
leaf: it imports nothing of the package.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Documents read between two freezes: a full collection then walks only these.
EVERY = 200
#: The collector's thresholds while a build runs (Python's are 700, 10, 10).
THRESHOLDS = (50_000, 20, 20)


class _Freezer:
    def __init__(self) -> None:
        self.read = 0
        self.frozen = False
        self.thresholds: tuple[int, int, int] | None = None
        self.enabled = True

    def freeze(self, *, collect: bool = True) -> None:
        if collect:
            gc.collect()
        gc.freeze()
        self.frozen = True

    def config_inited(self, app: Sphinx, config: Config) -> None:
        self.enabled = bool(config.kommun_gc_tuning)
        self.raise_thresholds()

    def raise_thresholds(self) -> None:
        if self.enabled and self.thresholds is None:
            self.thresholds = gc.get_threshold()
            gc.set_threshold(*THRESHOLDS)

    def env_get_outdated(self, app: Sphinx, env: BuildEnvironment, *_docs: set[str]) -> list[str]:
        # Every build of the application starts here; the first one has raised
        # them at config-inited already, before the environment was loaded.
        self.raise_thresholds()
        return []

    def builder_inited(self, app: Sphinx) -> None:
        # The environment just loaded stays until the build ends; a collection
        # first would only walk it to find nothing.
        if self.enabled and not app.fresh_env_used and len(app.env.all_docs) >= EVERY:
            self.freeze(collect=False)

    def doctree_read(self, app: Sphinx, doctree: nodes.document) -> None:
        self.read += 1
        if self.enabled and self.read % EVERY == 0:
            self.freeze()

    def env_updated(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.enabled and self.read >= EVERY:  # a small build gains nothing from it
            self.freeze()

    def build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        if self.thresholds is not None:
            gc.set_threshold(*self.thresholds)
            self.thresholds = None
        self.read = 0


def setup_memory(app: Sphinx) -> None:
    app.add_config_value(
        "kommun_gc_tuning",
        True,
        "",
        types=frozenset({bool}),
        description="keep the garbage collector off what a build keeps",
    )
    freezer = _Freezer()
    app.connect("config-inited", freezer.config_inited, priority=100)
    app.connect("builder-inited", freezer.builder_inited, priority=100)
    app.connect("env-get-outdated", freezer.env_get_outdated, priority=100)
    app.connect("doctree-read", freezer.doctree_read, priority=900)
    app.connect("env-updated", freezer.env_updated, priority=900)
    app.connect("build-finished", freezer.build_finished)
