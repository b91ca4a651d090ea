"""The private parts of Sphinx (and of docutils) this package relies on, all in one place.

Each function here reaches into something Sphinx does not promise to keep.
The note on each says which Sphinx it was checked against and what to look
at when Sphinx changes; ``tests/test_architecture.py`` fails if any other
module touches a private Sphinx name.  A leaf: it imports nothing of the
package.
"""

from __future__ import annotations

import copyreg
import os
import pickle
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def set_by_project(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` set ``name``, as opposed to its default.

    Sphinx 9.0: ``Config`` keeps conf.py's namespace in ``_raw_config``;
    ``overrides`` (public) holds ``-D``.  A default theme must yield to a theme
    the project names, even when it names Sphinx's own default.
    """
    return name in config.overrides or name in getattr(config, "_raw_config", {})


def configured_value(config: Config, name: str) -> Any:
    """``name`` as conf.py sets it, before ``-D`` overrides it (the language a
    project is written in, when a build is made in another).

    Sphinx 9.0: conf.py's namespace is ``Config._raw_config``.
    """
    return getattr(config, "_raw_config", {}).get(name)


def parallel_jobs(builder: Builder) -> int:
    """The ``-j`` a build was started with.

    Sphinx 9.0: kept as ``Sphinx.parallel`` and read through ``Builder._app``;
    ``Builder.parallel_ok`` says only whether parallel work is allowed.
    """
    return int(getattr(builder._app, "parallel", 0))


def directive_names() -> list[str]:
    """Every directive name docutils can find now: its own and those Sphinx
    and the extensions registered (to suggest the nearest to a misspelt one).

    docutils 0.22: the standard directives are ``directives._directive_registry``,
    the registered ones ``directives._directives`` (Sphinx's
    ``docutils_namespace`` keeps a copy per application).
    """
    from docutils.parsers.rst import directives

    standard = getattr(directives, "_directive_registry", {})
    registered = getattr(directives, "_directives", {})
    return sorted({*standard, *registered})


# -- one application kept between builds (``sphinx-kommun serve``) --------------------


def second_builder(app: Sphinx, name: str) -> Builder:
    """A builder ``name`` beside the application's own, on the same environment,
    ready to write: the PDF of a memo the web pages have just read.

    Sphinx 9.0: ``Builder.__init__`` adds its format and name to ``app.tags``,
    which every later read of the application would see (an ``only:: pdf``
    block would show on the web page); they are taken back from the
    application and given to the builder alone.
    """
    from sphinx.util.tags import Tags

    before = set(app.tags)
    builder = app.create_builder(name)
    own = list(app.tags)
    for tag in own:
        if tag not in before:
            app.tags.remove(tag)
    builder.tags = Tags(own)
    builder.init()
    return builder


@contextmanager
def acting_builder(app: Sphinx, builder: Builder) -> Iterator[None]:
    """``builder`` as the application's builder while the block runs: the one
    post-transforms, ``only`` directives and event handlers see.

    Sphinx 9.0: post-transforms ask ``env._builder_cls`` (set once, in
    ``Sphinx._post_init_env``) which builder writes; ``only`` nodes are
    resolved with ``app.tags`` (through ``env._tags``); handlers read
    ``app.builder``.  All three are put back afterwards.
    """
    env = app.env
    saved = (app.builder, env._builder_cls, app.tags)
    app.builder, env._builder_cls, app.tags = builder, type(builder), builder.tags
    try:
        yield
    finally:
        app.builder, env._builder_cls, app.tags = saved


def _unsaved_environment() -> None:
    raise ValueError("the environment was kept in memory and not saved; it is read anew")


def _reduce_unsaved(env: object) -> tuple[Any, ...]:
    return (_unsaved_environment, ())


def keep_environment_in_memory(env: BuildEnvironment) -> None:
    """Sphinx's own save of ``env`` after each build writes a marker instead,
    for a process that keeps the environment between builds and saves it
    itself, when it has time (:func:`save_environment`).

    Sphinx 9.0: ``Builder.build`` pickles the whole environment into
    ``doctreedir/environment.pickle`` on every build that read anything (a
    tenth of a second at 1,000 memos) with ``pickle.dump``, which consults
    ``copyreg.dispatch_table`` first.  Loading the marker raises, and
    ``Sphinx._load_existing_env`` then starts from a fresh environment: a
    process that dies before it saved costs a full read, never a wrong page.
    Only for a serial build: a parallel read pickles the environment to its
    workers the same way.
    """
    copyreg.pickle(type(env), _reduce_unsaved)


def save_environment(env: BuildEnvironment, doctreedir: Path) -> None:
    """``env`` pickled where Sphinx loads it from, as Sphinx pickles it, whole
    or not at all (the marker of :func:`keep_environment_in_memory` set aside).

    Sphinx 9.0: ``sphinx.application.ENV_PICKLE_FILENAME`` in ``doctreedir``.
    """
    from sphinx.application import ENV_PICKLE_FILENAME

    target = doctreedir / ENV_PICKLE_FILENAME
    partial = target.with_name(f".{target.name}.part")
    table = {k: v for k, v in copyreg.dispatch_table.items() if k is not type(env)}
    with open(partial, "wb") as stream:
        pickler = pickle.Pickler(stream, pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = table
        pickler.dump(env)
    os.replace(partial, target)


@contextmanager
def toctree_parents_only_of(env: BuildEnvironment, docnames: Set[str]) -> Iterator[None]:
    """While the block runs, a written document takes along the pages whose
    toctree lists it only if it is one of ``docnames`` (those whose title or
    headings changed): its parents show nothing else of it.

    Sphinx 9.0: ``Builder.write`` adds ``env.files_to_rebuild[docname]`` for
    every document it writes, right after ``write-started``; nothing reads
    the mapping again until the next read.  At 1,000 memos the root
    document's toctree is a third of a rebuild after one edit.
    """
    saved = env.files_to_rebuild
    env.files_to_rebuild = {d: s for d, s in saved.items() if d in docnames}
    try:
        yield
    finally:
        env.files_to_rebuild = saved
