"""Tests build real Sphinx projects from ``tests/roots/test-<name>``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

pytest_plugins = "sphinx.testing.fixtures"

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "example_project"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def build(make_app, tmp_path):
    """Build a copy of a test root (or of the example project) in a fresh folder.

    ``build("basic", "text", kommun_profile="tyreso")`` copies ``tests/roots/test-basic``
    and returns the built application.  Used where one root is built with
    parameters, which ``@pytest.mark.sphinx`` cannot vary.
    """

    def _build(root: str, buildername: str = "html", *, parallel: int = 0, **overrides):
        source = EXAMPLE if root == "example" else ROOTS / f"test-{root}"
        srcdir = tmp_path / f"{root}-{buildername}-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(source, srcdir, ignore=shutil.ignore_patterns("_build"))
        if root == "example" and (REPO / "locales").is_dir():
            shutil.copytree(REPO / "locales", srcdir.parent / "locales", dirs_exist_ok=True)
        app = make_app(buildername, srcdir=srcdir, confoverrides=overrides, parallel=parallel)
        app.build()
        return app

    return _build


def kommun_warnings(app) -> list[str]:
    """The ``kommun`` warnings a build printed, one a line."""
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if "[kommun." in line]
