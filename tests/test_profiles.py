"""Municipality profiles: the eight shipped ones, and what a bad profile gets."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kommun.profiles import BUILTIN_DIR, load_profile
from tests.conftest import ROOTS, kommun_warnings

OFFICIAL = {
    "botkyrka": ("Botkyrka kommun", "Botkyrka Municipality", "0127", "212000-2882"),
    "haninge": ("Haninge kommun", "Haninge Municipality", "0136", "212000-0084"),
    "huddinge": ("Huddinge kommun", "Huddinge Municipality", "0126", "212000-0068"),
    "nykvarn": ("Nykvarns kommun", "Nykvarn Municipality", "0140", "212000-2999"),
    "nynashamn": ("Nynäshamns kommun", "Nynäshamn Municipality", "0192", "212000-0233"),
    "salem": ("Salems kommun", "Salem Municipality", "0128", ""),
    "sodertalje": ("Södertälje kommun", "Södertälje Municipality", "0181", "212000-0159"),
    "tyreso": ("Tyresö kommun", "Tyresö Municipality", "0138", ""),
}


def test_the_eight_sodertorn_profiles_ship_with_their_facts() -> None:
    assert sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")) == sorted(OFFICIAL)
    for key, (sv, en, kommunkod, orgnr) in OFFICIAL.items():
        profile = load_profile(BUILTIN_DIR / f"{key}.yaml")
        assert (profile.name("sv"), profile.name("en")) == (sv, en)
        assert profile.kommunkod == kommunkod
        assert profile.organisationsnummer == orgnr
        assert {"kommunfullmaktige", "kommunstyrelsen"} <= set(profile.instanser)
        assert len(profile.instanser) >= 3, key
        assert profile.forvaltning in profile.forvaltningar
        ks = profile.instanser["kommunstyrelsen"]
        assert (ks.namn, ks.genitiv, ks.en) == (
            "Kommunstyrelsen",
            "Kommunstyrelsens",
            "Municipal Executive Board",
        )


@pytest.mark.parametrize("key", sorted(OFFICIAL))
@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_profile_names_its_municipality_in_the_memo_header(build, key, language) -> None:
    app = build("profile-header", kommun_profile=key, language=language)
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    name = OFFICIAL[key][0 if language == "sv" else 1]
    assert f'<p class="kommun-kommun">{name}</p>' in html
    assert kommun_warnings(app) == []


def test_unsafe_malformed_and_broken_profiles_are_located_warnings(build) -> None:
    app = build("profile-bad")
    warnings = kommun_warnings(app)
    by_file = {Path(w.split(":")[0]).name: w for w in warnings}
    assert set(by_file) == {"unsafe.yaml", "malformed.yaml", "broken.yaml"}, warnings
    assert "unsafe.yaml:2:" in by_file["unsafe.yaml"]
    assert "python/object/apply" in by_file["unsafe.yaml"]
    assert "malformed.yaml:4:" in by_file["malformed.yaml"]
    assert "kommunkod" in by_file["malformed.yaml"]
    assert "broken.yaml:2:" in by_file["broken.yaml"]
    assert all("[kommun.profile]" in w for w in warnings)
    # No code from the file ran: the command it carries would have made this file.
    assert not (app.srcdir / "UNSAFE_YAML_RAN").exists()
    assert not Path("UNSAFE_YAML_RAN").exists()
    assert (app.outdir / "index.html").is_file()


def test_an_unknown_profile_is_a_warning_at_conf_py(build) -> None:
    app = build("profile-header", kommun_profile="gotham")
    warnings = kommun_warnings(app)
    assert any(
        "conf.py" in w
        and "kommun_profile = 'gotham' är ingen känd profil" in w
        and "[kommun.profile]" in w
        for w in warnings
    ), warnings
    assert any("`:kommun:` 'gotham' finns inte" in w and "index.rst:1" in w for w in warnings)


def test_sphinx_build_reports_an_unknown_profile_without_a_traceback(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-W",
            "-b",
            "html",
            "-D",
            "kommun_profile=gotham",
            str(ROOTS / "test-profile-header"),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "kommun_profile = 'gotham' är ingen känd profil" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_profile_changed_since_the_last_build_is_read_and_validated_again(make_app, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-profile-header", srcdir)
    (srcdir / "profiles").mkdir()
    shutil.copy(ROOTS / "test-plugin" / "profiles" / "testkommun.yaml", srcdir / "profiles")
    settings = {"kommun_profile_dirs": ["profiles"]}
    make_app("html", srcdir=srcdir, confoverrides=settings).build()
    cache = srcdir / "_build" / "doctrees" / "kommun-profiles.pickle"
    assert cache.is_file()  # the rebuild reads the profiles from here

    profile = srcdir / "profiles" / "testkommun.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace('kommunkod: "9901"', 'kommunkod: "99"'),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, confoverrides=settings)
    app.build()
    warnings = kommun_warnings(app)
    assert any("testkommun.yaml:4:" in w and "kommunkod" in w for w in warnings), warnings


def own_profile_project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "own-profile"
    shutil.copytree(ROOTS / "test-own-profile", srcdir)
    return srcdir


def test_a_renamed_body_reaches_the_memo_without_a_fresh_environment(make_app, tmp_path) -> None:
    srcdir = own_profile_project(tmp_path)
    make_app("html", srcdir=srcdir).build()
    page = srcdir / "_build" / "html" / "index.html"
    assert "Socialnämnden" in page.read_text(encoding="utf-8")

    profile = srcdir / "profiler" / "testby.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8")
        .replace("namn: Socialnämnden", "namn: Social- och omsorgsnämnden")
        .replace("genitiv: Socialnämndens", "genitiv: Social- och omsorgsnämndens"),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    assert read == ["index"]  # the memo depends on its profile's file
    html = page.read_text(encoding="utf-8")
    assert "Social- och omsorgsnämnden" in html
    assert "Social- och omsorgsnämndens beslut" in html


def test_the_footer_gives_every_contact_of_the_profile(make_app, tmp_path) -> None:
    app = make_app("html", srcdir=own_profile_project(tmp_path))
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('<footer class="kommun-footer"') :]
    for fact in (
        "Postadress: Testby kommun, 999 99 Testby",
        "Besöksadress: Torget 1, Testby",
        "Telefon: 0999-100 00",
        "registrator@testby.invalid",
        "www.testby.invalid",
    ):
        assert fact in footer, fact
    assert footer.count("Testby kommun") == 1  # the name is not said twice
