"""Plugins extend sphinx-kommun through the one registry, without forking."""

from __future__ import annotations

import textwrap

import pytest

from sphinx_kommun.registry import registry_for
from tests.conftest import kommun_warnings


@pytest.mark.sphinx("html", testroot="plugin", freshenv=True)
def test_a_plugin_adds_a_profile_section_directive_and_check(app) -> None:
    app.build()
    html = (app.outdir / "med-riskanalys.html").read_text(encoding="utf-8")
    assert '<p class="kommun-kommun">Testköpings kommun</p>' in html
    assert "<h2>Riskanalys" in html
    assert "Risken för avbrott är liten." in html
    assert '<p class="testkommun-halsning">Hälsning från Testköpings kommun</p>' in html
    assert "<h2>Ekonomiska och digitala konsekvenser" in html

    # The plugin's directive is checked as the built-in ones are: a word too many.
    other = (app.outdir / "utan-riskanalys.html").read_text(encoding="utf-8")
    assert '<p class="testkommun-halsning">Vänlig hälsning från Testköpings kommun</p>' in other
    warnings = kommun_warnings(app)
    assert len(warnings) == 3, warnings
    assert (
        "utan-riskanalys.rst:9: WARNING: `.. kommunhalsning::`: 'och glad' är för mycket"
        in (warnings[0])
    )
    assert "[kommun.argument]" in warnings[0]
    # The profile's own list of required sections, and the plugin's check.
    assert all("utan-riskanalys.rst:1:" in w for w in warnings[1:])
    assert "avsnittet `.. riskanalys::` saknas" in warnings[1]
    assert "[kommun.section]" in warnings[1]
    assert "Testköpings memon har en riskanalys [kommun.riskanalys]" in warnings[2]

    registry = registry_for(app.config)
    assert "kommunplugin" in registry.plugins
    # The built-in features joined the same registry, as a plugin would.
    assert "sphinx_kommun.directives.beslut" in registry.plugins
    assert {"beslut", "kommunhalsning"} <= set(registry.directives)
    assert "riskanalys" in registry.sections  # served by the plain section directive


@pytest.mark.sphinx("html", testroot="plugin", freshenv=True, confoverrides={"language": "en"})
def test_a_plugin_brings_its_own_words_in_both_languages(app) -> None:
    app.build()
    html = (app.outdir / "med-riskanalys.html").read_text(encoding="utf-8")
    assert "<h2>Risk analysis" in html
    assert "<h2>Financial and digital consequences" in html
    assert "Testköping Municipality" in html


def test_plugins_are_found_through_the_entry_point_group(make_app, tmp_path, monkeypatch) -> None:
    """An installed distribution that declares ``sphinx_kommun.plugins`` is loaded."""
    site = tmp_path / "site"
    (site / "entrypointplugin-1.0.dist-info").mkdir(parents=True)
    (site / "entrypointplugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: entrypointplugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "entrypointplugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[sphinx_kommun.plugins]\nhalsning = entrypointplugin:register\n", encoding="utf-8"
    )
    (site / "entrypointplugin.py").write_text(
        textwrap.dedent(
            """
            from sphinx_kommun.directives.sections import section_directive

            def register(registry):
                registry.add_section("lagesbild", {"sv": "Lägesbild", "en": "Situation"})
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nlanguage = "sv"\nkommun_profile = "salem"\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Titel\n=====\n\n.. lagesbild::\n\n   Allt är lugnt.\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<h2>Lägesbild" in html
    assert "Allt är lugnt." in html
    assert "entrypointplugin:register" in registry_for(app.config).plugins
