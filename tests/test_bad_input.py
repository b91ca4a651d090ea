"""Bad input that used to crash or hang is a located ``kommun`` warning (issue 17).

One test root per finding (``tests/roots/test-bad-*``), or a copy changed in
the test where a root cannot hold the bad input (a file too big to keep, bytes
that are not UTF-8).  Each test asserts the warning with its type, subtype,
file and line; that the build finishes, well within a generous time; that no
traceback reaches the writer; and what the reader gets.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from sphinx_kommun.profiles import (
    MAX_DNR_LENGTH,
    MAX_PATTERN_LENGTH,
    DnrUnchecked,
    dnr_fullmatch,
    dnr_pattern_problem,
)
from sphinx_kommun.registry import registry_for
from tests.conftest import ROOTS, kommun_warnings

#: Seconds a build of a small root may take on a busy two-core machine: a
#: build that hangs (a runaway pattern, a billion laughs) never gets there.
GENEROUS = 120
#: A value in the bad files that no message may quote.
SECRET = "HEMLIGT-VÄRDE-SOM-INTE-SKA-CITERAS"


def output_of(app) -> str:
    """Everything the build printed, warnings and status."""
    return strip_escape_sequences(app.warning.getvalue() + app.status.getvalue())


def timed_build(build, root: str, buildername: str = "html", **overrides):
    """``build`` (conftest) that also says the build finished in time."""
    start = time.monotonic()
    app = build(root, buildername, **overrides)
    assert time.monotonic() - start < GENEROUS
    assert "Traceback" not in output_of(app)
    return app


def located(warnings: list[str], where: str, subtype: str) -> list[str]:
    """The warnings at ``where`` (``file:line``, the file by its name) of ``subtype``."""
    return [
        w
        for w in warnings
        if f"/{where}: WARNING:" in w or w.startswith(f"{where}: WARNING:")
        if w.endswith(f"[kommun.{subtype}]")
    ]


# -- profiles: anchors, sizes, schema messages ------------------------------------


@pytest.fixture
def bad_profiles(build):
    return timed_build(build, "bad-profile-yaml")


def test_an_anchor_or_alias_is_refused_at_its_line_and_never_expanded(bad_profiles) -> None:
    warnings = kommun_warnings(bad_profiles)
    for where in ("skratt.yaml:2", "ateranvand.yaml:11"):
        [warning] = located(warnings, where, "profile")
        assert "YAML-ankare och alias (&namn, *namn) är inte tillåtna" in warning
    assert "hahaha" not in output_of(bad_profiles)  # nothing expanded, nothing quoted
    html = (bad_profiles.outdir / "index.html").read_text(encoding="utf-8")
    assert "Memot byggs ändå" in html


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("fel-typ.yaml:5", "kommunkod: ska vara en text"),
        ("fel-form.yaml:8", "webbplats: ska ha formen ^https://"),
        ("okant-falt.yaml:14", "okänt fält 'logotyp' (kända: namn, kommunkod,"),
        ("fel-nyckel.yaml:12", "instanser: en nyckel består av gemener, siffror"),
    ],
)
def test_a_schema_error_names_the_field_and_the_rule_never_the_value(
    bad_profiles, where, message
) -> None:
    [warning] = located(kommun_warnings(bad_profiles), where, "profile")
    assert message in warning
    assert SECRET not in output_of(bad_profiles)


def test_an_oversized_profile_is_refused_unread(make_app, tmp_path) -> None:
    project = tmp_path / "stor"
    shutil.copytree(ROOTS / "test-bad-profile-yaml", project)
    big = project / "profiles" / "stor.yaml"
    big.write_text("# padding\n" * 30_000 + 'kommunkod: "0126"\n', encoding="utf-8")
    app = make_app("html", srcdir=project)
    start = time.monotonic()
    app.build()
    assert time.monotonic() - start < GENEROUS
    [warning] = located(kommun_warnings(app), "stor.yaml:1", "profile")
    # Refused unread where the file is opened, or once read where it is parsed.
    assert re.search(r"(större än|över) 256 [kK]B", warning), warning
    assert (app.outdir / "index.html").is_file()


# -- dnr_monster: compile errors, a length cap, a time bound ----------------------


@pytest.fixture
def dnr_patterns(build):
    return timed_build(build, "bad-dnr-pattern")


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("overflow", "ett upprepningstal över 64: inget diarienummer är så långt"),
        ("nested", "nästlade upprepningstal blir tillsammans över 4096"),
        ("lang", f"längre än {MAX_PATTERN_LENGTH} tecken"),
        ("syntax", "inget reguljärt uttryck: missing ) at position 15"),
        ("property", "inget reguljärt uttryck: unknown property"),
    ],
)
def test_a_pattern_that_cannot_compile_is_a_warning_at_its_line(
    dnr_patterns, profile, message
) -> None:
    [warning] = located(kommun_warnings(dnr_patterns), f"{profile}.yaml:9", "profile")
    assert f"profilen {profile!r} utelämnas: dnr_monster: {message}" in warning


def test_a_runaway_match_stops_and_warns_on_the_memo_and_the_profile(dnr_patterns) -> None:
    warnings = kommun_warnings(dnr_patterns)
    [on_memo] = located(warnings, "felskrivet.rst:4", "dnr")
    assert "`.. arende::`: `:dnr:` kunde inte kontrolleras: matchningen tog över 0.5 s" in on_memo
    [on_profile] = located(warnings, "monster.yaml:9", "profile")
    assert "profilen 'monster': dnr_monster: matchningen tog över 0.5 s" in on_profile
    [too_long] = located(warnings, "for-langt.rst:4", "dnr")
    assert f"kunde inte kontrolleras: längre än {MAX_DNR_LENGTH} tecken" in too_long
    [mismatch] = located(warnings, "fel-form.rst:4", "dnr")
    assert "'2024-12' är inte skrivet som" in mismatch
    assert not [w for w in warnings if "ratt.rst" in w]
    for page, title in (
        ("felskrivet", "Ett felskrivet diarienummer"),
        ("for-langt", "Ett för långt diarienummer"),
        ("ratt", "Ett riktigt diarienummer"),
    ):
        assert title in (dnr_patterns.outdir / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "pattern",
    [
        "a{99999999999}",  # OverflowError in re
        "a{4294967294}",  # gigabytes when the regex module compiles it
        "(?:(?:(?:(?:a?){9}){9}){9}){9}",  # nested counts that multiply
        "(?P<a",
        "[z-a]",
        "x" * (MAX_PATTERN_LENGTH + 1),
    ],
)
def test_every_kind_of_pattern_error_is_said_quickly(pattern) -> None:
    start = time.monotonic()
    assert dnr_pattern_problem(pattern)
    with pytest.raises(DnrUnchecked) as raised:
        dnr_fullmatch(pattern, "KS 2024/1")
    assert raised.value.profile_at_fault
    assert time.monotonic() - start < 5


def test_the_shipped_patterns_still_match_their_examples() -> None:
    assert dnr_fullmatch(r"^[A-ZÅÄÖ]{2,5}-?\s?\d{4}/\d+(:\d+)?$", "KS-2019/1097")
    assert not dnr_fullmatch(r"^[A-ZÅÄÖ]{2,5}-?\s?\d{4}/\d+(:\d+)?$", "2019-1097")


# -- message catalogs: a warning at the file and line, and the file left unused ---

SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
SPHINX_KOMMUN = Path(sys.executable).parent / "sphinx-kommun"
#: Saved from Notepad as Windows-1252 while its header says UTF-8.
ANSI_PO = """\
# Saved from Notepad as Windows-1252, while the header says UTF-8.
msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Åtgärder"
msgstr "Actions"
"""
#: Each broken catalog of the test-bad-catalog root: its line and what is said,
#: by a build in English (``-D language=en``) and by the commands, which speak
#: the project's language (Swedish).
BROKEN_CATALOGS = {
    "citat.po": (
        8,
        "a string without its closing quote",
        "en sträng utan sitt avslutande citattecken",
    ),
    "teckenkodning.po": (
        5,
        "unknown charset 'x-okand-teckenkodning' in the Content-Type header",
        "okänd teckenkodning 'x-okand-teckenkodning' i rubriken Content-Type",
    ),
    # Babel's own words
    "syntax.po": (10, "Unknown or misformatted keyword", "Unknown or misformatted keyword"),
    "ansi.po": (
        7,
        "the text is not in the charset the header names (utf-8)",
        "texten har inte den teckenkodning som rubriken anger (utf-8)",
    ),
}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """An installed command, as a writer runs it, within the generous time."""
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        check=False,
        timeout=GENEROUS,
        cwd=cwd,
    )


def bad_catalog_project(tmp_path: Path) -> Path:
    project = tmp_path / "katalog"
    shutil.copytree(ROOTS / "test-bad-catalog", project)
    (project / "locales" / "en" / "LC_MESSAGES" / "ansi.po").write_bytes(ANSI_PO.encode("cp1252"))
    return project


def heading(page: Path) -> str:
    return re.search(r"<h1>([^<]*)", page.read_text(encoding="utf-8"))[1]  # type: ignore[index]


def test_a_broken_catalog_is_a_located_warning_and_is_not_used(tmp_path) -> None:
    project = bad_catalog_project(tmp_path)
    po_dir = project / "locales" / "en" / "LC_MESSAGES"
    out = tmp_path / "html"
    mtimes: dict[str, int] = {}
    for build in ("first", "incremental", "all"):
        flags = ["-a"] if build == "all" else []
        result = run(SPHINX_BUILD, "-b", "html", "-D", "language=en", *flags, project, out)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        for name, (line, message, _swedish) in BROKEN_CATALOGS.items():
            expected = f"{po_dir / name}:{line}: broken message catalog: {message}"
            [warning] = [w for w in result.stderr.splitlines() if expected in w]
            assert warning.endswith("[kommun.catalog]")
        # What the reader gets: the broken file's text in the source language,
        # not Babel's guess; a good catalog beside it still translates.
        assert heading(out / "citat.html") == "Rubriken"
        assert "Headin" not in (out / "citat.html").read_text(encoding="utf-8")
        assert heading(out / "teckenkodning.html") == "Teckenkodningen"
        assert heading(out / "ansi.html") == "Åtgärder"
        assert heading(out / "ratt.html") == "What is right"
        if build == "incremental":  # nothing written again, so nothing read again
            assert {p.name: p.stat().st_mtime_ns for p in po_dir.glob("*.mo")} == mtimes
        mtimes = {p.name: p.stat().st_mtime_ns for p in po_dir.glob("*.mo")}


@pytest.mark.parametrize("command", ["status", "translate"])
@pytest.mark.parametrize("broken", sorted(BROKEN_CATALOGS))
def test_status_and_translate_name_a_broken_catalog_in_one_line(tmp_path, command, broken) -> None:
    project = bad_catalog_project(tmp_path)
    po_dir = project / "locales" / "en" / "LC_MESSAGES"
    for other in set(BROKEN_CATALOGS) - {broken}:
        (po_dir / other).unlink()
    before = (po_dir / broken).read_bytes()
    result = run(SPHINX_KOMMUN, command, project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    line, _english, message = BROKEN_CATALOGS[broken]
    [said] = result.stderr.splitlines()
    assert said.startswith(f"sphinx-kommun {command}: {po_dir / broken}:{line}: trasig ")
    assert message in said
    assert (po_dir / broken).read_bytes() == before  # the translator's file is left as it is


# -- a memo that is not UTF-8 ------------------------------------------------------


def test_a_memo_not_in_utf8_is_a_located_warning_and_left_out(tmp_path) -> None:
    project = tmp_path / "kodning"
    shutil.copytree(ROOTS / "test-bad-encoding", project)
    utf8 = (project / "utf8.rst").read_text(encoding="utf-8")
    word = utf8.replace("Ett memo i UTF-8", "Ett memo av Word").replace("/142", "/143")
    (project / "word.rst").write_bytes(word.encode("cp1252"))  # "Översiktsplanerare", line 5
    (project / "trasig.rst").write_bytes(b"Trasiga bytes\n=============\n\nH\x81r slut.\n")
    out = tmp_path / "html"

    def sphinx_build() -> str:
        result = run(SPHINX_BUILD, "-b", "html", project, out)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert "report" not in result.stderr  # no crash report asking for a bug report
        return result.stderr

    for _build in ("full", "incremental"):
        warnings = sphinx_build().splitlines()
        [from_word] = [w for w in warnings if f"{project / 'word.rst'}:5: WARNING:" in w]
        assert "filen är inte UTF-8 (den ser ut att vara Windows-1252" in from_word
        assert "spara den som UTF-8" in from_word
        assert from_word.endswith("[kommun.encoding]")
        [broken] = [w for w in warnings if f"{project / 'trasig.rst'}:4: WARNING:" in w]
        assert "byte 0x81 kan inte läsas; spara den som UTF-8" in broken
        assert "Windows-1252" not in broken  # 0x81 is no Windows-1252 letter either
        assert "Ett memo i UTF-8" in (out / "utf8.html").read_text(encoding="utf-8")
        assert "Ett memo i UTF-8" in (out / "index.html").read_text(encoding="utf-8")
        assert not (out / "word.html").exists()

    # Saved again as UTF-8, it is read on the next build.
    (project / "word.rst").write_text(word, encoding="utf-8")
    assert "word.rst" not in sphinx_build()
    assert "Ett memo av Word" in (out / "word.html").read_text(encoding="utf-8")
    # A memo that was read before and is then saved wrongly: its old record goes.
    (project / "utf8.rst").write_bytes(utf8.encode("cp1252"))
    assert f"{project / 'utf8.rst'}:5: WARNING: filen är inte UTF-8" in sphinx_build()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Ett memo av Word" in index
    assert "KS-2019/142" not in index  # the register no longer lists it


# -- nesting too deep for docutils' recursion ----------------------------------------


def test_runaway_nesting_is_cut_at_its_line_and_the_rest_is_read(build) -> None:
    app = timed_build(build, "bad-nesting")
    warnings = kommun_warnings(app)
    [deep] = located(warnings, "djup.rst:84", "nesting")
    assert "block inbäddade i mer än 30 nivåer" in deep
    assert "på raderna 84–204, utelämnas" in deep
    [lists] = located(warnings, "listor.rst:22", "nesting")
    assert "på rad 22, utelämnas" in lists
    assert "Recursion error" not in output_of(app)
    assert len(warnings) == 2, warnings
    djup = (app.outdir / "djup.html").read_text(encoding="utf-8")
    assert "Efter nästlingen." in djup and "Längst in." not in djup
    assert "Efter listorna." in (app.outdir / "listor.html").read_text(encoding="utf-8")
    assert "Ett memo utan fel" in (app.outdir / "utan-fel.html").read_text(encoding="utf-8")


# -- plugin mistakes ---------------------------------------------------------------

#: Each entry of the test-bad-plugins root's kommun_plugins: its line in conf.py
#: and what the warning says, in the build's language (the exception's own
#: words stay Python's).
PLUGIN_MISTAKES = {
    "en": [
        (11, "a plugin is named by a string 'module' or 'module:function', not ''"),
        (12, "a plugin is named by a string 'module' or 'module:function', not 42"),
        (
            13,
            "plugin 'plugin_som_kraschar' (kommun_plugins in conf.py) failed while registering, "
            "left out: RuntimeError: något gick fel i pluginet",
        ),
        (
            14,
            "plugin 'plugin_med_syntaxfel' (kommun_plugins in conf.py) cannot be loaded, "
            "left out: SyntaxError: expected ':' (plugin_med_syntaxfel.py, line 3)",
        ),
        (
            15,
            "plugin 'plugin_bara_svenska' (kommun_plugins in conf.py): section 'lagesbild': "
            "its label has no English text ('en'); the Swedish one is used in its place",
        ),
        (15, "consequence type 'digitala': its label has no English text"),
        (15, "document type 'promemoria': its label has no English text"),
        (
            16,
            "plugin 'plugin_som_inte_finns' (kommun_plugins in conf.py) cannot be loaded, "
            "left out: ModuleNotFoundError: No module named 'plugin_som_inte_finns'",
        ),
        (17, "plugin 'plugin_bara_svenska:saknas' (kommun_plugins in conf.py) cannot be loaded"),
        (
            18,
            "plugin 'plugin_fel_typ' (kommun_plugins in conf.py) failed while registering, "
            "left out: TypeError: directive 'ingenting' is not a docutils Directive class",
        ),
        (
            19,
            "failed while registering, left out: TypeError: section 'tal': a label is a string "
            "or {'sv': ..., 'en': ...}, not int",
        ),
    ],
    "sv": [
        (11, "en insticksmodul anges med en sträng 'modul' eller 'modul:funktion', inte ''"),
        (12, "en insticksmodul anges med en sträng 'modul' eller 'modul:funktion', inte 42"),
        (
            13,
            "insticksmodulen 'plugin_som_kraschar' (kommun_plugins i conf.py) misslyckades när "
            "den registrerades och utelämnas: RuntimeError: något gick fel i pluginet",
        ),
        (
            14,
            "insticksmodulen 'plugin_med_syntaxfel' (kommun_plugins i conf.py) kan inte laddas "
            "och utelämnas: SyntaxError: expected ':' (plugin_med_syntaxfel.py, line 3)",
        ),
        (
            15,
            "insticksmodulen 'plugin_bara_svenska' (kommun_plugins i conf.py): avsnittet "
            "'lagesbild': etiketten har ingen text på engelska ('en'); den på svenska används "
            "i stället",
        ),
        (15, "konsekvenstypen 'digitala': etiketten har ingen text på engelska"),
        (15, "dokumenttypen 'promemoria': etiketten har ingen text på engelska"),
        (
            16,
            "insticksmodulen 'plugin_som_inte_finns' (kommun_plugins i conf.py) kan inte laddas "
            "och utelämnas: ModuleNotFoundError: No module named 'plugin_som_inte_finns'",
        ),
        (
            17,
            "insticksmodulen 'plugin_bara_svenska:saknas' (kommun_plugins i conf.py) kan inte "
            "laddas",
        ),
        (
            18,
            "insticksmodulen 'plugin_fel_typ' (kommun_plugins i conf.py) misslyckades när den "
            "registrerades och utelämnas: TypeError: direktivet 'ingenting' är ingen "
            "docutils-klass för direktiv (Directive)",
        ),
        (
            19,
            "misslyckades när den registrerades och utelämnas: TypeError: avsnittet 'tal': en "
            "etikett är en sträng eller {'sv': ..., 'en': ...}, inte int",
        ),
    ],
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_plugin_mistake_is_a_warning_at_its_entry_and_the_rest_loads(build, language) -> None:
    app = timed_build(build, "bad-plugins", language=language)
    warnings = kommun_warnings(app)
    for line, message in PLUGIN_MISTAKES[language]:
        assert [w for w in located(warnings, f"conf.py:{line}", "plugin") if message in w], (
            line,
            warnings,
        )
    assert len(warnings) == len(PLUGIN_MISTAKES[language]), warnings
    registry = registry_for(app.config)
    assert "plugin_som_fungerar" in registry.plugins
    assert "plugin_bara_svenska" in registry.plugins
    # A plugin that failed half-way leaves nothing of itself behind.
    assert "kraschavsnitt" not in registry.sections
    assert "ingenting" not in registry.directives
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    english = language == "en"
    assert "<h2>Lägesbild" in html  # the Swedish label, in English too
    assert ("<h2>Risk analysis" if english else "<h2>Riskanalys") in html
    assert ("Financial and digitala consequences" if english else "Ekonomiska och digitala") in html


# -- a document named like the memo index --------------------------------------------


@pytest.mark.parametrize(("builder", "suffix"), [("html", ".html"), ("dirhtml", "/index.html")])
def test_a_document_named_memoindex_is_kept_and_the_memo_index_moves(
    build, builder, suffix
) -> None:
    app = timed_build(build, "bad-memoindex", builder)
    [warning] = located(kommun_warnings(app), "memoindex.rst:1", "memoindex")
    assert "dokumentet behålls och ärendeförteckningen skrivs som 'kommun-memoindex'" in warning
    assert len(kommun_warnings(app)) == 1
    own = (app.outdir / f"memoindex{suffix}").read_text(encoding="utf-8")
    assert "Den här sidan skrev handläggaren själv" in own  # not overwritten
    moved = (app.outdir / f"kommun-memoindex{suffix}").read_text(encoding="utf-8")
    assert "Ett memo i förteckningen" in moved
    memo = (app.outdir / f"memo{suffix}").read_text(encoding="utf-8")
    link = "kommun-memoindex.html" if builder == "html" else "../kommun-memoindex/"
    assert f'<a href="{link}">Ärendeförteckning</a>' in memo


# -- sphinx-kommun new ----------------------------------------------------------------

#: A profile whose Swedish name, written into conf.py unescaped, would be code.
EVIL_PROFILE = """\
namn:
  sv: "Ondköping\\"\\nimport pathlib; pathlib.Path('PROFILE_CODE_RAN').touch()\\n#"
  en: Evil Municipality
kommunkod: "9999"
postadress: "Box 1, 100 00 Ort"
besoksadress: "Gatan 1, Ort"
webbplats: "https://example.invalid"
forvaltning: kansliet
instanser:
  kommunstyrelsen: {namn: Kommunstyrelsen, genitiv: Kommunstyrelsens, en: Board}
forvaltningar:
  kansliet: {namn: Kansliet, genitiv: Kansliets, en: Secretariat}
"""


def refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit 2 with one readable line, no traceback."""
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    [said] = result.stderr.splitlines()
    assert said.startswith("sphinx-kommun new: ") and message in said, said


@pytest.mark.parametrize("as_path", ["relative", "absolute", "with-suffix"])
def test_new_takes_a_profile_key_never_a_path(tmp_path, as_path) -> None:
    evil = tmp_path / "ond.yaml"
    evil.write_text(EVIL_PROFILE, encoding="utf-8")
    kommun = {
        "relative": "../" * 12 + str(evil.with_suffix(""))[1:],
        "absolute": str(evil.with_suffix("")),
        "with-suffix": str(evil),
    }[as_path]
    result = run(SPHINX_KOMMUN, "new", tmp_path / "projekt", "--kommun", kommun, cwd=tmp_path)
    refused(result, f"unknown --kommun {kommun!r} (known: botkyrka, haninge, huddinge,")
    assert not (tmp_path / "projekt").exists()


def test_new_writes_conf_py_values_as_literals(tmp_path) -> None:
    project = tmp_path / "nykvarn"
    result = run(SPHINX_KOMMUN, "new", project, "--kommun", "nykvarn")
    assert result.returncode == 0, result.stderr
    tree = ast.parse((project / "conf.py").read_text(encoding="utf-8"))
    values = {
        target.id: ast.literal_eval(node.value)  # raises on anything that is not a literal
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert len(values) == len(tree.body)  # nothing but assignments of literals
    assert values["project"] == "Nykvarns kommun"
    assert values["kommun_profile"] == "nykvarn"


def test_new_onto_a_file_or_a_folder_in_use_says_so_and_writes_nothing(tmp_path) -> None:
    a_file = tmp_path / "anteckningar.txt"
    a_file.write_text("mina anteckningar\n", encoding="utf-8")
    refused(run(SPHINX_KOMMUN, "new", a_file, "--kommun", "salem"), "exists and is not a folder")
    assert a_file.read_text(encoding="utf-8") == "mina anteckningar\n"

    in_use = tmp_path / "projekt"
    in_use.mkdir()
    (in_use / "conf.py").write_text("project = 'Mitt'\n", encoding="utf-8")
    refused(run(SPHINX_KOMMUN, "new", in_use, "--kommun", "salem"), "exists and is not empty")
    assert (in_use / "conf.py").read_text(encoding="utf-8") == "project = 'Mitt'\n"
    assert sorted(p.name for p in in_use.iterdir()) == ["conf.py"]

    refused(
        run(SPHINX_KOMMUN, "new", a_file / "under", "--kommun", "salem"),
        f"cannot write {a_file / 'under'}",
    )


def test_translate_where_a_language_folder_is_a_file_says_so_in_one_line(tmp_path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-i18n", project)
    shutil.rmtree(project / "locales" / "en")
    (project / "locales" / "en").write_text("inte en mapp\n", encoding="utf-8")
    result = run(SPHINX_KOMMUN, "translate", project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    [said] = result.stderr.splitlines()
    assert said.startswith("sphinx-kommun translate: ") and "Not a directory" in said
