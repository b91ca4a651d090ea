"""Keeps the garbage collector from walking, again and again, what a build keeps.

Sphinx holds every doctree it has read until it writes it, so the heap grows
with the project, and each full collection walks all of it: on 2,000 memos a
third of the build went to the collector, and the share grew with N.  What has
survived a full collection here is the build's own data, alive until the build
ends, so it is moved out of the collector's sight (``gc.freeze``) every
:data:`EVERY` documents read and once reading is done, and given back when the
build finishes.  Only what a collection has just found alive is frozen, so no
garbage is kept.  This also makes Sphinx's own part of the build cheaper.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Documents read between two freezes: a full collection then walks only these.
EVERY = 200


class _Freezer:
    def __init__(self) -> None:
        self.read = 0
        self.frozen = False

    def freeze(self) -> None:
        gc.collect()
        gc.freeze()
        self.frozen = True

    def doctree_read(self, app: Sphinx, doctree: nodes.document) -> None:
        self.read += 1
        if self.read % EVERY == 0:
            self.freeze()

    def env_updated(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.read >= EVERY:  # a small build gains nothing from it
            self.freeze()

    def build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


def setup_memory(app: Sphinx) -> None:
    freezer = _Freezer()
    app.connect("doctree-read", freezer.doctree_read, priority=900)
    app.connect("env-updated", freezer.env_updated, priority=900)
    app.connect("build-finished", freezer.build_finished)
