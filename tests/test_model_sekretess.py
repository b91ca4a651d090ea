"""OSL provisions as writers cite them: every usual form read into one normal
form, and anything that is no provision of OSL (2009:400) refused."""

from __future__ import annotations

import pytest

from sphinx_kommun.model.sekretess import Provision, parse_provision

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("OSL 26 kap. 1 §", Provision(26, 1)),
        ("26 kap. 1 § OSL", Provision(26, 1)),
        ("26 kap. 1 § offentlighets- och sekretesslagen (2009:400)", Provision(26, 1)),
        ("offentlighets- och sekretesslagen (2009:400) 26 kap. 1 §", Provision(26, 1)),
        ("Offentlighets- och sekretesslag (2009:400) 31 kap. 16 §", Provision(31, 16)),
        ("26 kap. 1 § offentlighets- och sekretesslagen", Provision(26, 1)),
        ("26 kap. 1 § OSL (2009:400)", Provision(26, 1)),
        ("26 kap. 1 §, OSL", Provision(26, 1)),
        ("26 kap. 1 §", Provision(26, 1)),  # the option names an OSL provision
        # spaces: extra, non-breaking, line breaks, none before §
        ("  OSL   26  kap.  1  §  ", Provision(26, 1)),
        (f"OSL{NBSP}26{NBSP}kap.{NBSP}1{NBSP}§", Provision(26, 1)),
        ("OSL 26 kap.\n1 §", Provision(26, 1)),
        ("OSL 26 kap. 1§", Provision(26, 1)),
        # no period after kap
        ("26 kap 1 §", Provision(26, 1)),
        ("OSL 26 kap 1 §", Provision(26, 1)),
        ("26 kap 1 § OSL", Provision(26, 1)),
        # any case
        ("osl 26 KAP. 1 §", Provision(26, 1)),
        # a letter
        ("OSL 21 kap. 3 a §", Provision(21, 3, "a")),
        ("OSL 21 kap. 3a §", Provision(21, 3, "a")),
        ("21 kap. 3 A § OSL", Provision(21, 3, "a")),
        # a stycke
        ("OSL 26 kap. 1 § första stycket", Provision(26, 1, "", 1)),
        ("26 kap. 1 § andra stycket OSL", Provision(26, 1, "", 2)),
        ("OSL 26 kap. 1 § 1 st.", Provision(26, 1, "", 1)),
        ("OSL 26 kap. 1 § 2 st", Provision(26, 1, "", 2)),
        ("OSL 26 kap. 1 § 3 stycket", Provision(26, 1, "", 3)),
        ("25 kap. 1 a § Tredje Stycket OSL", Provision(25, 1, "a", 3)),
        # a full stop after it, as in a sentence
        ("OSL 26 kap. 1 §.", Provision(26, 1)),
        # the first and the last chapters
        ("OSL 1 kap. 1 §", Provision(1, 1)),
        ("OSL 44 kap. 1 §", Provision(44, 1)),
    ],
)
def test_forms(value: str, expected: Provision) -> None:
    assert parse_provision(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "OSL",
        "OSL 26 kap.",
        "OSL 1 §",
        "OSL 45 kap. 1 §",  # OSL has 44 chapters
        "OSL 0 kap. 1 §",
        "OSL 26 kap. 0 §",
        "OSL 26 kap. 1 § 11 st.",  # no eleventh stycke
        "sekretesslagen (1980:100) 7 kap. 4 §",  # the older law
        "26 kap. 1 § socialtjänstlagen",
        "10 kap. 3 § SoL",
        "OSL 26:1",
        "enligt OSL 26 kap. 1 §",
        "OSL 26 kap. 1 § OSL",
        "OSL 26 kap. 1 § och 2 §",
        "OSL 26 kap. 1-3 §§",
        "Sekretessbelagt",
    ],
)
def test_unknown_forms(value: str) -> None:
    assert parse_provision(value) is None


@pytest.mark.parametrize(
    ("provision", "text"),
    [
        (Provision(26, 1), "OSL 26 kap. 1 §"),
        (Provision(21, 3, "a"), "OSL 21 kap. 3 a §"),
        (Provision(26, 1, "", 1), "OSL 26 kap. 1 § första stycket"),
        (Provision(25, 1, "a", 10), "OSL 25 kap. 1 a § tionde stycket"),
    ],
)
def test_normal_form(provision: Provision, text: str) -> None:
    assert provision.text == text == str(provision)
    # the normal form reads back as itself
    assert parse_provision(text) == provision


def test_every_form_of_one_provision_prints_alike() -> None:
    forms = [
        "OSL 26 kap. 1 §",
        "26 kap. 1 § OSL",
        "26 kap 1 § offentlighets- och sekretesslagen (2009:400)",
        "offentlighets- och sekretesslagen (2009:400) 26 kap. 1 §",
    ]
    assert {parse_provision(form).text for form in forms} == {"OSL 26 kap. 1 §"}  # type: ignore[union-attr]
