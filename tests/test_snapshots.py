"""Each directive example of the writer's guide, built and compared as a
resolved doctree with the snapshot in ``tests/snapshots/`` (sphinx-design's
``test_snippets.py`` does the same): a changed structure shows whatever any
writer makes of it.  ``KOMMUN_UPDATE_SNAPSHOTS=1`` writes the snapshots anew;
read the diff before committing it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from tests.conftest import REPO

SNAPSHOTS = Path(__file__).parent / "snapshots"
GUIDES = [REPO / "docs" / "skrivguide.rst"]
CONF = 'extensions = ["sphinx_kommun"]\nlanguage = "sv"\nkommun_profile = "huddinge"\n'


def examples() -> dict[str, str]:
    """Every ``code-block:: rst`` of the guides, named by its first directive."""
    found: dict[str, str] = {}
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        for block in re.findall(r"\.\. code-block:: rst\n\n((?:   .*\n|\n)+)", text):
            code = "\n".join(line[3:] for line in block.splitlines()).strip() + "\n"
            first = re.search(r"^\.\. ([a-z]+)::|:([a-z]+):`", code, flags=re.M)
            name = next(g for g in first.groups() if g) if first else "text"
            stem, count = name, 2
            while name in found:
                name, count = f"{stem}-{count}", count + 1
            found[name] = code
    return found


EXAMPLES = examples()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SphinxTestApp:
    srcdir = tmp_path_factory.mktemp("snapshots")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text("Exempel\n=======\n", encoding="utf-8")
    for name, code in EXAMPLES.items():
        (srcdir / f"{name}.rst").write_text(f":orphan:\n\n{code}", encoding="utf-8")
        # A bilaga :fil: of an example names a file the example has.
        for fil in re.findall(r":fil: (\S+)", code):
            (srcdir / fil).parent.mkdir(parents=True, exist_ok=True)
            (srcdir / fil).write_text("Underlag.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    yield app
    app.cleanup()


def normalised(doctree: nodes.document) -> str:
    text = doctree.pformat()
    text = re.sub(r' source="[^"]*"', "", text)
    return re.sub(r'(refuri|filename)="[^"]*?([^/"]+)"', r'\1="\2"', text)


def test_every_directive_of_the_guide_has_an_example() -> None:
    directives = {"arende", "beslut", "sammanfattning", "konsekvenser", "fokusomraden"}
    directives |= {"underskrift", "bilaga", "delges", "beslutslista"}
    shown = {re.sub(r"-\d+$", "", name) for name in EXAMPLES}
    written = " ".join(EXAMPLES.values())
    assert {d for d in directives if f".. {d}::" not in written} == set()
    assert shown


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_example_gives_the_doctree_of_its_snapshot(built, name) -> None:
    doctree = built.env.get_and_resolve_doctree(name, built.builder, tags=built.builder.tags)
    actual = normalised(doctree)
    snapshot = SNAPSHOTS / f"{name}.xml"
    if os.environ.get("KOMMUN_UPDATE_SNAPSHOTS") or not snapshot.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
        if not os.environ.get("KOMMUN_UPDATE_SNAPSHOTS"):
            pytest.fail(f"{snapshot.name} was missing and has been written: read and commit it")
    assert actual == snapshot.read_text(encoding="utf-8")
