"""The collector is kept off what a build keeps while it runs, and given it back after."""

from __future__ import annotations

import gc

from sphinx_kommun import memory


def test_the_build_freezes_what_it_keeps_and_unfreezes_when_done(build, monkeypatch) -> None:
    monkeypatch.setattr(memory, "EVERY", 2)  # the example's three documents, not 200
    seen: list[int] = []

    def after_reading(app, env) -> None:
        seen.append(gc.get_freeze_count())

    original = memory.setup_memory

    def setup_memory(app) -> None:
        original(app)
        app.connect("env-updated", after_reading, priority=950)

    monkeypatch.setattr("sphinx_kommun.setup_memory", setup_memory)
    app = build("example")
    assert seen and seen[0] > 0  # the doctrees read were out of the collector's walk
    assert gc.get_freeze_count() == 0  # and given back once the build finished
    assert (app.outdir / "memon" / "huddinge-utvecklingsprogram-2035.html").is_file()
