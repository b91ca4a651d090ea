"""The eight built-in profiles against what the municipalities publish.

Each fact here was read in a stored copy of the municipality's own pages or
published memos and protocols (the sources are cited in the profile's YAML
comments, and briefly beside each value below). A fact that could not be
confirmed is marked ``# osäker`` in the profile, and is not asserted here
beyond its form.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from sphinx_kommun.profiles import BUILTIN_DIR, load_profile

KEYS = ["botkyrka", "haninge", "huddinge", "nykvarn", "nynashamn", "salem", "sodertalje", "tyreso"]

#: kommunkod and organisationsnummer, with where they were read ("" = not found).
IDENTITY = {
    # kommunkod and orgnr: sv.wikipedia.org/wiki/Botkyrka_kommun (infobox)
    "botkyrka": ("0127", "212000-2882"),
    # kommunkod: SCB; orgnr: not found on haninge.se (value kept, Luhn-valid)
    "haninge": ("0136", "212000-0084"),
    # kommunkod: SCB; orgnr: not found on huddinge.se (value kept, Luhn-valid)
    "huddinge": ("0126", "212000-0068"),
    # orgnr: nykvarn.se footer, ".../avgifterochregler/faktura.4.26dbf34715fdb7ccdd47d049.html"
    "nykvarn": ("0140", "212000-2999"),
    # kommunkod: SCB; orgnr: not found on nynashamn.se (value kept, Luhn-valid)
    "nynashamn": ("0192", "212000-0233"),
    # kommunkod: SCB (and Wikipedia's "Salem Municipality"); orgnr: not found
    "salem": ("0128", ""),
    # kommunkod and orgnr: sv.wikipedia.org/wiki/Södertälje_kommun (infobox)
    "sodertalje": ("0181", "212000-0159"),
    # kommunkod: SCB; orgnr: not found
    "tyreso": ("0138", ""),
}

#: Diarienummer as the municipality's own memos and protocols write them.
REAL_DNR = {
    "botkyrka": [
        "KS/2019:279",  # KF protokoll 2019-06-18 § 91 (5dok.org copy)
        # titles of Botkyrka documents listed beside a Botkyrka KF kallelse (docplayer.se/45858276)
        "KS/2014:119",  # "Försäljning av fastighet Ringblomman 1 i Tullinge"
        "KS/2015:595",  # "Yttrande … över Tullingepartiets ansökan om kommundelning"
        "sbf/2016:91",  # "Återrapportering Idé- och markanvisningstävling för Hågelby"
    ],
    # None found: the protocols' opening pages carry none, and the "KS 149/2010"
    # of the central krisledningsplan (docplayer.se/108277423) may be a paragraph.
    "haninge": [],
    "huddinge": [
        "KS-2014/742.912",  # KS tjänsteutlåtande 1 Sept 2014, header (docplayer.se/16216222)
        "KS 2014/742.912",  # the same memo's running text
        "KS-2017/64",  # KS sammanträdesprotokoll 31 May 2017 (docplayer.se/64169050)
        "KS-2015/31",  # KF sammanträdesprotokoll 11 May 2015, header (docplayer.se/2900461)
        "KS-2019/1097",  # the reference memo of the Södertörn programme
    ],
    "nykvarn": [
        "KS/2011:79",  # tjänsteskrivelse to kommunstyrelsen (docplayer.se/37122333)
    ],
    # KS kallelse 2017-04-19, tjänsteutlåtanden of 2017-04-10 (docplayer.se/112356579)
    "nynashamn": [
        "KS/2017/0022/042-20",  # årsredovisning 2016, Nynäshamnsbostäder AB
        "KS/2017/0026/042-7",
    ],
    "salem": [],  # none found in the stored copies (osäker in the profile)
    "sodertalje": [
        # samhällsbyggnadskontoret's planbeskrivning, Barnflickan 2 m fl, 2015-02-10,
        # header (abcdocz.com/doc/4297313); no KS dnr was found (osäker in the profile)
        "P 2014-00453-214",
    ],
    "tyreso": [  # insynsverige.se's copies of Tyresö's Insyn meeting documents
        "2024/KS 0107",  # tyreso-ks 2024-03-05
        "2023/VN 0010 004",  # tyreso-ks 2024-03-05 (valnämnden)
        "2023/ASN 0149",  # tyreso-ks 2024-03-05 (arbetsmarknads- och socialnämnden)
        "2024/KS 0100",  # tyreso-ks 2024-04-10
        "2024/KS 0038 001",  # tyreso-kf 2024-06-19
        "2018/KS 0290 10",  # tyreso-ks 2018-10-02
        "2018/KS 0001 001",  # tyreso-ks 2018-10-02
        "2015/KSM 0167 042",  # tyreso-ks 2015-03-24 (miljö- och samhällsbyggnadsutskottet)
        "2021/KFN 0002 001",  # tyreso-kultur 2021-04-26
        "2017/KFN 0070 71",  # tyreso-kultur 2021-04-26
        "2023/BUN 0203 40",  # tyreso-barn 2023-08-30
        "2021/SBF 0074 82",  # tyreso-kf 2021-12-16
        "2017KSM0604 301",  # tyreso-ks 2017-09-13
        "2016KSM1221.042",  # tyreso-ks 2016-10-04
        "2011BNS0026",  # tyreso-bygg 2012-01-26
        "KSM-2023-260-214",  # tyreso-stadsbyggnadsutskottet 2023-06-28
        "KSM-2024-477",  # tyreso-ks 2024-05-07
        "2023/KS 0017",  # tyreso-ks 2023-06-07
        "2023/KS 0201",  # tyreso-ks 2023-06-07
        "2022/KS 0005 001",  # tyreso-ks dagordning 2023-01-17
        "2022/KS 0320",  # tyreso-ks dagordning 2023-01-17
        "2011/KS 0019 002",  # tyreso-ks 2011-05-31
        "2011/KS 0151 10",  # tyreso-ks 2011-05-31
        "2015/KS 0246 11",  # tyreso-ks 2015-05-12
        "2021/KS 0280 013",  # tyreso-ledningsutskott 2023-11-22
        "2023/KS 0362",  # tyreso-ledningsutskott 2023-11-22
    ],
}

#: Contact facts read in the municipality's own pages or letterheads (field: value).
CONTACT = {
    "haninge": {
        # KS kallelse letterheads 2015-12-09 (docplayer.se/9587246) and Dec 2020 (5dok.org);
        # haninge.se "Detaljplaner Handen": "plan@haninge.se 08-606 70 00"
        "telefon": "08-606 70 00",
        "postadress": "Haninge kommun, 136 81 Haninge",  # the same letterheads: "136 81 Haninge"
    },
    "nynashamn": {
        # nynashamn.se "Pressrum":
        # "Kommunikationsenheten Stadshusplatsen 1, Nynäshamn 08-520 680 00"
        "besoksadress": "Stadshusplatsen 1, Nynäshamn",
        "telefon": "08-520 680 00",
    },
    "salem": {
        # salem.se kungörelse 2019-12-17 ("Kommunhusets entré, Säby torg 16"; "Salems kommun,
        # bygg- och miljönämnden 144 80 Rönninge") and nyhet 2023-11-10 ("Salems kommun,
        # kommunstyrelsen, 144 80 Rönninge")
        "postadress": "Salems kommun, 144 80 Rönninge",
        "besoksadress": "Säby torg 16, Salems centrum",
    },
    "sodertalje": {
        # sodertalje.se planning pages (Enen 10, 2019; Vagnmakaren 5; Södertuna):
        # "Södertälje kommun Samhällsbyggnadskontoret Planenheten 151 89 Södertälje"
        "postadress": "Södertälje kommun, 151 89 Södertälje",
        # the same pages: "Stadshuset på Nyköpingsvägen 26"
        "besoksadress": "Nyköpingsvägen 26, Södertälje",
    },
}

#: Bodies and offices read by name in the municipality's own pages or memos
#: (key: the name as the profile writes it), with where; a year says when.
SEEN_ORGANS = {
    "botkyrka": {  # KF kungörelse, justering 5 February 2019 (docplayer.se/126915437)
        "tekniska-namnden": "Tekniska nämnden",  # "tekniska nämndens arbetssätt"
        "vard-och-omsorgsnamnden": "Vård- och omsorgsnämnden",
    },
    "haninge": {
        # central krisledningsplan, KF 2016-03-21 § 56, "4.7 Krisledningsnämnd"
        # (docplayer.se/108277423); KS kallelse 2015-12-09 item 320 (docplayer.se/9587246)
        "krisledningsnamnden": "Krisledningsnämnden",
    },
    "nynashamn": {  # nynashamn.se "Så styrs kommunen" and "Politisk ledningsgrupp" (after 2018)
        "barn-och-utbildningsnamnden": "Barn- och utbildningsnämnden",
        "kultur-och-fritidsnamnden": "Kultur- och fritidsnämnden",
        "socialnamnden": "Socialnämnden",
        # "Politisk ledningsgrupp" only
        "naringslivs-och-arbetsmarknadsnamnden": "Näringslivs- och arbetsmarknadsnämnden",
        # "Så styrs kommunen" only
        "miljo-och-samhallsbyggnadsnamnden": "Miljö- och samhällsbyggnadsnämnden",
    },
    "salem": {  # salem.se kungörelse, samråd för detaljplan Salem 5:67, 2019-12-17
        "bygg-och-miljonamnden": "Bygg- och miljönämnden",
        "miljo-och-samhallsbyggnadsforvaltningen": "Miljö- och samhällsbyggnadsförvaltningen",
    },
    "sodertalje": {
        # sodertalje.se Sandviken etapp 1 and 2: "beslutade stadsbyggnadsnämnden" (2024, 2025)
        "stadsbyggnadsnamnden": "Stadsbyggnadsnämnden",
        "samhallsbyggnadskontoret": "Samhällsbyggnadskontoret",  # the same pages
        # sodertalje.se "Handlingar KF den 1 oktober 2018": "Information från revisorerna",
        # "tekniska nämndens ordförande", "arbetslivs-nämndens ordförande"
        "revisorerna": "Revisorerna",
        "tekniska-namnden": "Tekniska nämnden",
        "arbetslivsnamnden": "Arbetslivsnämnden",
    },
}

#: Members of Södertörns överförmyndarnämnd, hosted by Haninge
#: (sodertalje.se/nyheter/sodertalje-kommun-tar-over-nykvarns-overformyndarverksamhet/, 2021-01-14).
SODERTORNS_OVERFORMYNDARNAMND = {"botkyrka", "haninge", "huddinge", "nynashamn", "salem", "tyreso"}

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with the same key twice."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def path(key: str) -> Path:
    return BUILTIN_DIR / f"{key}.yaml"


def raw(key: str) -> dict:
    return yaml.load(path(key).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(digits):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_the_built_in_profiles_are_the_eight() -> None:
    assert sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")) == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_the_profile_validates(key) -> None:
    profile = load_profile(path(key))
    assert profile.key == key


@pytest.mark.parametrize("key", KEYS)
def test_the_example_dnr_matches_the_pattern(key) -> None:
    data = raw(key)
    pattern, example = data["dnr_monster"], data["dnr_exempel"]
    assert re.fullmatch(pattern, example), (key, example, pattern)
    profile = load_profile(path(key))
    assert (profile.dnr_monster, profile.dnr_exempel) == (pattern, example)


@pytest.mark.parametrize("key", KEYS)
def test_every_real_dnr_found_matches_the_pattern(key) -> None:
    pattern = raw(key)["dnr_monster"]
    for dnr in REAL_DNR[key]:
        assert re.fullmatch(pattern, dnr), (key, dnr, pattern)


@pytest.mark.parametrize("key", KEYS)
def test_the_form_that_a_new_memo_gets_is_accepted(key) -> None:
    # `sphinx-kommun new` writes ":dnr: KS <year>/1" whatever the municipality.
    assert re.fullmatch(raw(key)["dnr_monster"], "KS 2025/1")


@pytest.mark.parametrize("key", KEYS)
def test_the_pattern_is_simple_and_quick(key) -> None:
    pattern = raw(key)["dnr_monster"]
    assert pattern.startswith("^") and pattern.endswith("$")
    # No repeated group (the way to nested quantifiers), no unbounded repeat.
    assert not re.search(r"\)[*+{]", pattern), pattern
    assert not re.search(r"(?<!\\)[*+]", pattern), pattern
    compiled = re.compile(pattern)
    for hostile in ("KS" * 200, "2024/" * 100 + "!", "KS-" + "1" * 300, "A" * 1000 + " 2024/1x"):
        start = time.perf_counter()
        assert compiled.fullmatch(hostile) is None
        assert time.perf_counter() - start < 0.05, hostile[:20]
    assert compiled.fullmatch("2019-1234") is None


@pytest.mark.parametrize("key", KEYS)
def test_kommunkod_and_organisationsnummer_are_what_the_sources_say(key) -> None:
    profile = load_profile(path(key))
    assert (profile.kommunkod, profile.organisationsnummer) == IDENTITY[key]


@pytest.mark.parametrize("key", KEYS)
def test_the_organisationsnummer_has_a_valid_check_digit(key) -> None:
    orgnr = load_profile(path(key)).organisationsnummer
    if not orgnr:
        pytest.skip(f"{key}: organisationsnummer not found in the sources")
    digits = orgnr.replace("-", "")
    assert re.fullmatch(r"\d{10}", digits)
    assert digits.startswith("212000")  # municipalities' group number
    assert luhn(digits), orgnr


@pytest.mark.parametrize("key", KEYS)
def test_body_and_administration_keys_are_unique_and_well_formed(key) -> None:
    data = raw(key)  # fails on a key given twice within a section
    bodies, offices = set(data["instanser"]), set(data["forvaltningar"])
    assert not bodies & offices, bodies & offices
    for organ_key in bodies | offices:
        assert KEY.fullmatch(organ_key), organ_key


@pytest.mark.parametrize("key", KEYS)
def test_every_body_and_administration_has_names(key) -> None:
    profile = load_profile(path(key))
    for organ in [*profile.instanser.values(), *profile.forvaltningar.values()]:
        assert organ.namn.strip() and organ.genitiv.strip() and organ.en.strip(), organ
        # The genitive is the name with a genitive ending somewhere in it.
        assert organ.genitiv != organ.namn, organ


@pytest.mark.parametrize("key", KEYS)
def test_the_core_bodies_are_there(key) -> None:
    bodies = load_profile(path(key)).instanser
    for core in (
        "kommunfullmaktige",
        "kommunstyrelsen",
        "kommunstyrelsens-arbetsutskott",
        "krisledningsnamnden",
        "valnamnden",
        "revisorerna",
    ):
        assert core in bodies, (key, core)
    arbetsutskott = bodies["kommunstyrelsens-arbetsutskott"]
    assert arbetsutskott.genitiv == "Kommunstyrelsens arbetsutskotts"


@pytest.mark.parametrize("key", KEYS)
def test_the_joint_chief_guardians_committee_is_where_it_belongs(key) -> None:
    bodies = load_profile(path(key)).instanser
    assert ("sodertorns-overformyndarnamnd" in bodies) == (key in SODERTORNS_OVERFORMYNDARNAMND)


def test_the_facts_resolved_from_the_issue() -> None:
    nykvarn = load_profile(path("nykvarn"))
    assert (
        nykvarn.besoksadress == "Centrumvägen 24 A, Nykvarn"
    )  # nykvarn.se "Kommunens organisation"
    assert nykvarn.postadress == "Nykvarns kommun, 155 80 Nykvarn"
    sodertalje = load_profile(path("sodertalje"))
    # sodertalje.se "Om kommunen": "Under stadsdirektören lyder kommunstyrelsens kontor"
    assert sodertalje.forvaltningar["kommunstyrelsens-kontor"].namn == "Kommunstyrelsens kontor"
    assert "kommundelarnas-kontor" in sodertalje.forvaltningar
    # tyreso.se "Klotter": "Kontorstid 08-5782 91 00" / "08-578 291 00"
    assert load_profile(path("tyreso")).telefon == "08-578 291 00"
    # salem.se: the town hall is the kommunhus in Salems centrum, its entrance at
    # Säby torg 16 (kungörelse 2019-12-17; nyhet 2023-11-10)
    assert load_profile(path("salem")).besoksadress == "Säby torg 16, Salems centrum"
    # botkyrka.se 2023-12-21: the town hall moved to Hans Stahles väg 13 on 1 March 2024
    assert load_profile(path("botkyrka")).besoksadress == "Hans Stahles väg 13, Tumba"


@pytest.mark.parametrize("key", sorted(CONTACT))
def test_the_contact_facts_are_what_the_sources_say(key) -> None:
    profile = load_profile(path(key))
    for field, value in CONTACT[key].items():
        assert getattr(profile, field) == value, (key, field)


@pytest.mark.parametrize("key", sorted(SEEN_ORGANS))
def test_the_bodies_and_offices_read_in_the_sources_are_there(key) -> None:
    profile = load_profile(path(key))
    organs = {**profile.instanser, **profile.forvaltningar}
    for organ_key, name in SEEN_ORGANS[key].items():
        assert organ_key in organs, (key, organ_key)
        assert organs[organ_key].namn == name, (key, organ_key)


@pytest.mark.parametrize("key", KEYS)
def test_the_example_dnr_is_one_that_was_read_or_is_marked_unsure(key) -> None:
    example = raw(key)["dnr_exempel"]
    line = next(
        line
        for line in path(key).read_text(encoding="utf-8").splitlines()
        if line.startswith("dnr_exempel:")
    )
    assert example in REAL_DNR[key] or "osäker" in line, (key, example)
