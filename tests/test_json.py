"""``kommunjson``: the memos as data, valid against the schema shipped in the package."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from sphinx_kommun.builders.json import SCHEMA_PATH
from tests.conftest import SEED_RECIPIENTS, kommun_warnings

SEED_DNR = "KS-2019/1097"


def schema() -> dict:
    return json.loads((files("sphinx_kommun") / "schemas" / "memos.schema.json").read_text("utf-8"))


def memos_json(app) -> dict:
    data = json.loads((Path(app.outdir) / "memos.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    return data


def by_dnr(data: dict) -> dict[str, dict]:
    return {memo["dnr"]: memo for memo in data["memos"]}


def test_the_schema_ships_in_the_package_and_is_a_2020_12_schema() -> None:
    assert SCHEMA_PATH.is_file()
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_memo_is_one_record_with_all_it_holds(build) -> None:
    app = build("json", "kommunjson")
    data = memos_json(app)
    assert data["sprak"] == "sv"
    assert data["projekt"] == "Export"
    assert [m["kalla"] for m in data["memos"]] == ["memon/botkyrka.rst", "memon/skolplan.rst"]
    record = by_dnr(data)["GSN-2024/88"]
    # Plain language has its own test (test_klarsprak.py): here, that it is there.
    assert record.pop("klarsprak")["lix"] > 0
    assert record.pop("behandling") == []  # no meeting of the project has handled it
    assert record == {
        "kommun": {
            "nyckel": "huddinge",
            "namn": "Huddinge kommun",
            "kommunkod": "0126",
            "organisationsnummer": "212000-0068",
        },
        "instans": {"nyckel": "grundskolenamnden", "namn": "Grundskolenämnden"},
        "forvaltning": {
            "nyckel": "barn-och-utbildningsforvaltningen",
            "namn": "Barn- och utbildningsförvaltningen",
        },
        "typ": {"nyckel": "tjansteutlatande", "namn": "Tjänsteutlåtande"},
        "datum": "2024-09-10",
        "dnr": "GSN-2024/88",
        "handlaggare": {"namn": "Lina Larsson", "titel": "Utredare"},
        "titel": "Skolplan 2025–2028",
        "beslut": [
            {
                "instans": {"nyckel": "grundskolenamnden", "namn": "Grundskolenämnden"},
                "till": {"nyckel": "kommunfullmaktige", "namn": "Kommunfullmäktige"},
                "punkter": [
                    "Skolplanen 2025–2028 antas.",
                    "Skolplanen från 2020 upphör att gälla.",
                ],
            }
        ],
        "fokusomraden": [
            {
                "namn": "Läsning",
                "genomgaende": False,
                "ny": True,
                "text": "Alla elever läser varje dag.",
            },
            {"namn": "Trygghet", "genomgaende": False, "ny": False, "text": ""},
            {"namn": "Likvärdighet", "genomgaende": True, "ny": False, "text": ""},
        ],
        "konsekvenser": [
            {"nyckel": "ekonomiska", "namn": "ekonomiska"},
            {"nyckel": "barn", "namn": "barn"},
        ],
        "underskrifter": [{"namn": "Anna Andersson", "titel": "Förvaltningschef"}],
        "bilagor": [
            {"nummer": 1, "titel": "Skolplan 2025–2028", "fil": "memon/bilagor/skolplan.txt"},
            {"nummer": 2, "titel": "Remissvar", "fil": None},
        ],
        "delges": [
            {"nyckel": "kommunfullmaktige", "namn": "Kommunfullmäktige"},
            {
                "nyckel": "botkyrka:utbildningsnamnden",
                "namn": "Utbildningsnämnden, Botkyrka kommun",
            },
            {"nyckel": None, "namn": "Rektorerna"},
        ],
        "sprak": "sv",
        "kalla": "memon/skolplan.rst",
    }
    assert app.warning.getvalue() == ""


def test_a_decision_that_is_no_proposal_has_no_till(build) -> None:
    botkyrka = by_dnr(memos_json(build("json", "kommunjson")))["KS/2024:10"]
    assert botkyrka["beslut"] == [
        {
            "instans": {"nyckel": "kommunstyrelsen", "namn": "Kommunstyrelsen"},
            "punkter": ["Botkyrka kommun samverkar med Huddinge kommun om skolplaner."],
        }
    ]
    assert botkyrka["kommun"]["kommunkod"] == "0127"
    assert botkyrka["forvaltning"]["nyckel"] == "kommunledningsforvaltningen"
    assert botkyrka["handlaggare"] is None


def test_names_are_in_the_build_language_and_dates_stay_iso(build) -> None:
    data = memos_json(build("json", "kommunjson", language="en"))
    memo = by_dnr(data)["GSN-2024/88"]
    assert data["sprak"] == memo["sprak"] == "en"
    assert memo["kommun"]["namn"] == "Huddinge Municipality"
    assert memo["instans"]["namn"] == "Compulsory School Committee"
    assert memo["forvaltning"]["namn"] == "Children and Education Administration"
    assert memo["typ"]["namn"] == "Officer’s report"
    assert memo["beslut"][0]["till"]["namn"] == "Municipal Council"
    assert [k["namn"] for k in memo["konsekvenser"]] == ["financial", "children"]
    assert memo["delges"][1]["namn"] == "Education Committee, Botkyrka Municipality"
    assert memo["datum"] == "2024-09-10"


@pytest.mark.sphinx("kommunjson", testroot="json-entrypoint", freshenv=True)
def test_b_kommunjson_alone_finds_the_builder_through_its_entry_point(app) -> None:
    # conf.py lists no extension: the sphinx.builders entry point brings sphinx-kommun.
    app.build()
    assert "sphinx_kommun" in app.extensions
    memo = memos_json(app)["memos"][0]
    assert memo["kommun"]["namn"] == "Tyresö kommun"
    assert memo["kommun"]["organisationsnummer"] is None
    assert memo["dnr"] == "KS 2024/3"


def test_a_parallel_build_writes_the_same_json(build) -> None:
    serial = (Path(build("json", "kommunjson").outdir) / "memos.json").read_text("utf-8")
    parallel = build("json", "kommunjson", parallel=2)
    assert (Path(parallel.outdir) / "memos.json").read_text("utf-8") == serial


def test_the_example_memos_json_holds_the_seed_memo(build) -> None:
    app = build("example", "kommunjson")
    assert kommun_warnings(app) == []
    seed = by_dnr(memos_json(app))[SEED_DNR]
    assert seed["titel"] == (
        "Uppdaterat utvecklingsprogram för Södertörnssamarbetet 2035 – beslut om antagande"
    )
    assert seed["datum"] == "2019-06-26"
    assert seed["kommun"]["namn"] == "Huddinge kommun"
    [beslut] = seed["beslut"]
    assert beslut["instans"] == {"nyckel": "kommunstyrelsen", "namn": "Kommunstyrelsen"}
    [punkt] = beslut["punkter"]
    assert punkt.startswith("Förslag till Södertörns utvecklingsprogram 2035, bilaga till")
    assert punkt.endswith("Programmet ersätter därmed motsvarande program från 2013.")
    assert [(f["namn"], f["genomgaende"], f["ny"]) for f in seed["fokusomraden"]] == [
        ("Infrastruktur", False, False),
        ("Utbildning", False, False),
        ("Näringsliv", False, False),
        ("Funktionell samordning", False, True),
        ("Hållbar utveckling", True, False),
    ]
    assert [m["namn"] for m in seed["delges"]] == SEED_RECIPIENTS
    assert seed["delges"][0]["nyckel"] == "botkyrka"
    assert seed["bilagor"] == [
        {"nummer": 1, "titel": "Södertörns utvecklingsprogram 2035 för beslut", "fil": None}
    ]
    assert [k["nyckel"] for k in seed["konsekvenser"]] == ["ekonomiska", "juridiska"]
    assert seed["kalla"] == "memon/huddinge-utvecklingsprogram-2035.rst"


def test_the_english_memos_json_holds_the_translated_words(build) -> None:
    """The writer's words in the record are read after translation, like the page."""
    app = build("example", "kommunjson", language="en")
    seed = by_dnr(memos_json(app))[SEED_DNR]
    [punkt] = seed["beslut"][0]["punkter"]
    assert punkt.startswith("The proposed Södertörn Development Programme 2035, appended to")
    assert [f["namn"] for f in seed["fokusomraden"]] == [
        "Infrastructure",
        "Education",
        "Business and industry",
        "Functional coordination",
        "Sustainable development",
    ]
    assert seed["bilagor"][0]["titel"] == "Södertörn Development Programme 2035, for decision"
    assert seed["underskrifter"][0] == {"namn": "Camilla Broo", "titel": "Chief Executive"}
    assert seed["kommun"]["namn"] == "Huddinge Municipality"
