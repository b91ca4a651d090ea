"""The collector is kept off what a build keeps while it runs, and given it back after."""

from __future__ import annotations

import gc

from sphinx_kommun import memory


def watch(monkeypatch, event: str) -> list[tuple[int, tuple[int, int, int]]]:
    """What the collector looked like at ``event``: objects frozen, thresholds."""
    seen: list[tuple[int, tuple[int, int, int]]] = []
    original = memory.setup_memory

    def setup_memory(app) -> None:
        original(app)
        app.connect(event, lambda *args: seen.append((gc.get_freeze_count(), gc.get_threshold())))

    monkeypatch.setattr("sphinx_kommun.setup_memory", setup_memory)
    return seen


def test_the_build_freezes_what_it_keeps_and_unfreezes_when_done(build, monkeypatch) -> None:
    monkeypatch.setattr(memory, "EVERY", 2)  # the example's three documents, not 200
    before = gc.get_threshold()
    seen = watch(monkeypatch, "env-updated")
    app = build("example")
    frozen, thresholds = seen[0]
    assert frozen > 0  # the doctrees read were out of the collector's walk
    assert thresholds == memory.THRESHOLDS
    assert gc.get_freeze_count() == 0  # and given back once the build finished
    assert gc.get_threshold() == before
    assert (app.outdir / "memon" / "huddinge-utvecklingsprogram-2035.html").is_file()


def test_a_rebuild_freezes_the_environment_it_loaded(build, make_app, monkeypatch) -> None:
    monkeypatch.setattr(memory, "EVERY", 2)
    first = build("example")
    (first.srcdir / "memon" / "botkyrka-utvecklingsprogram-2035.rst").touch()
    seen = watch(monkeypatch, "env-before-read-docs")  # after the load, before reading
    again = make_app("html", srcdir=first.srcdir)
    assert not again.fresh_env_used
    again.build()
    assert seen and seen[0][0] > 0
    assert gc.get_freeze_count() == 0
    assert "0 added, 1 changed, 0 removed" in again.status.getvalue()


def test_an_application_that_builds_again_freezes_only_when_it_reads_many(
    build, monkeypatch
) -> None:
    """``sphinx-kommun serve`` keeps one application between edits: a rebuild
    of one memo raises the thresholds again but collects and freezes nothing."""
    monkeypatch.setattr(memory, "EVERY", 2)
    before = gc.get_threshold()
    seen = watch(monkeypatch, "env-updated")
    app = build("example")  # three documents read: frozen on the way
    assert seen[-1][0] > 0
    (app.srcdir / "memon" / "botkyrka-utvecklingsprogram-2035.rst").touch()
    app.build()
    frozen, thresholds = seen[-1]
    assert len(seen) == 2
    assert frozen == 0  # one document read: no collection, nothing frozen
    assert thresholds == memory.THRESHOLDS
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
