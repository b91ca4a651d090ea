"""Every page of the example, in both languages, in a real browser: axe-core finds
no WCAG 2.1 A or AA violation, and screenshots at desktop and phone width are kept.

Chromium is Debian's, driven by Playwright (which never downloads a browser here),
and axe-core comes from the npm registry; ``scripts/install-browser-test-deps.sh``
installs both and ``.ci/run`` runs it first.  Without them the test is skipped,
unless ``KOMMUN_BROWSER_TEST=required`` (as in CI), where it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 375)


def _missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM}"
    if not AXE.is_file():
        return f"no axe-core at {AXE}"
    return ""


@pytest.fixture(scope="module")
def browser():
    if missing := _missing():
        message = f"{missing}: run scripts/install-browser-test-deps.sh"
        if os.environ.get("KOMMUN_BROWSER_TEST") == "required":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {
                "rule": v["id"],
                "help": v["help"],
                "nodes": [(n["target"], n["failureSummary"]) for n in v["nodes"]],
            }
            for v in violations
        ],
        indent=1,
        ensure_ascii=False,
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_of_the_example_passes_axe_at_desktop_and_phone_width(
    build, browser, lang
) -> None:
    app = build("example", "html", language=lang)
    outdir = Path(app.outdir)
    pages = sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)
    assert outdir / "memoindex.html" in pages
    assert outdir / "tillganglighet.html" in pages  # the accessibility statement
    shots = outdir.parent / "screenshots" / lang
    found = {}
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in pages:
            page.goto(path.as_uri())
            relative = path.relative_to(outdir).with_suffix("").as_posix()
            if violations := axe_violations(page):
                found[f"{relative} at {width}px"] = violations
            page.screenshot(
                path=str(shots / f"{relative.replace('/', '-')}-{width}.png"), full_page=True
            )
        page.close()
    print(f"screenshots: {shots}")
    assert not found, "\n".join(f"{where}:\n{describe(v)}" for where, v in found.items())
    assert len(list(shots.glob("*.png"))) == len(pages) * len(WIDTHS)
