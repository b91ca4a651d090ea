"""The private parts of Sphinx (and of docutils) this package relies on, all in one place.

Each function here reaches into something Sphinx does not promise to keep.
The note on each says which Sphinx it was checked against and what to look
at when Sphinx changes; ``tests/test_architecture.py`` fails if any other
module touches a private Sphinx name.  A leaf: it imports nothing of the
package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config


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
