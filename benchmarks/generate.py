"""Generate N realistic memos twice: written with the sphinx-kommun directives,
and the same text as plain reStructuredText (ordinary headings and lists, the
basic theme without sidebars), so the two can be built and compared.

    python benchmarks/generate.py 500 --out /tmp/memos

makes /tmp/memos/kommun-seed-500 and /tmp/memos/plain-seed-500 (``--shape short``
for the earlier memos with fewer directives).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

KOMMUNER = {
    "botkyrka": "Botkyrka kommun",
    "haninge": "Haninge kommun",
    "huddinge": "Huddinge kommun",
    "nykvarn": "Nykvarns kommun",
    "nynashamn": "Nynäshamns kommun",
    "salem": "Salems kommun",
    "sodertalje": "Södertälje kommun",
    "tyreso": "Tyresö kommun",
}
SUBJECTS = [
    "Uppdaterat utvecklingsprogram",
    "Taxa för bygglov",
    "Lekplatsplan",
    "Cykelstrategi",
    "Riktlinjer för upphandling",
    "Plan för skolans lokaler",
    "Klimatstrategi",
    "Avfallsplan",
    "Handlingsplan mot ensamhet",
    "Översyn av bostadsförsörjningen",
]
SENTENCES = [
    "De åtta Södertörnskommunerna har sedan 2007 ett gemensamt utvecklingsprogram.",
    "Förslaget är framtaget i samarbete mellan förvaltningarna och har förankrats i kommunen.",
    "Förvaltningen bedömer att åtgärderna ryms inom befintlig budget.",
    "Programmet ska följas upp årligen och revideras varje mandatperiod.",
    "Ett nytt övergripande mål har tagits fram som sätter inriktningen för arbetet.",
    "Klimatfrågan ska genomsyra alla delar av planen.",
    "Invånarna har fått lämna synpunkter under samrådet som pågick under våren.",
    "Förslaget innebär att nuvarande riktlinjer från 2013 upphör att gälla.",
    "Barnens perspektiv har beaktats genom dialog med elevråden.",
    "Kostnaderna finansieras inom ramen för kommunstyrelsens anslag.",
]
AREAS = ["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"]
SIGNERS = [
    ("Anna Berg", "Kommundirektör"),
    ("Karl Lund", "Ekonomichef"),
    ("Sara Ek", "Utredare"),
    ("Omar Nilsson", "Samhällsbyggnadsdirektör"),
]


@dataclass
class Memo:
    name: str
    kommun: str
    title: str
    datum: dt.date
    dnr: str
    points: list[str]
    paragraphs: dict[str, list[str]]
    fokus: bool
    signers: list[tuple[str, str]]
    bilagor: list[str]
    delges: list[str]


#: The shapes of memo the benchmarks write: ``seed`` as the seed memo (every
#: memo with its focus areas, appendices, consequences: about twelve
#: directives), ``short`` the earlier shape with fewer (focus areas in three
#: memos of ten, no appendix in a third).
SHAPES = ("seed", "short")


def memos(count: int, seed: int = 2035, shape: str = "seed") -> list[Memo]:
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    result = []
    for n in range(count):
        kommun = rng.choice(list(KOMMUNER))
        subject = rng.choice(SUBJECTS)

        def prose(k: int) -> list[str]:
            return [" ".join(rng.sample(SENTENCES, 3)) for _ in range(k)]

        result.append(
            Memo(
                name=f"memo-{n:05d}",
                kommun=kommun,
                title=f"{subject} {2019 + n % 7} – ärende {n + 1}",
                datum=start + dt.timedelta(days=rng.randrange(2500)),
                dnr=f"KS {2019 + n % 7}/{n + 1}",
                points=[rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))],
                paragraphs={
                    "sammanfattning": prose(1),
                    "arendebeskrivning": prose(rng.randint(2, 4)),
                    "synpunkter": prose(1),
                    "konsekvenser": prose(1),
                },
                fokus=shape == "seed" or rng.random() < 0.3,
                signers=rng.sample(SIGNERS, rng.randint(1, 3)),
                bilagor=[
                    f"Underlag {k + 1} till ärende {n + 1}"
                    for k in range(rng.randint(1 if shape == "seed" else 0, 2))
                ],
                delges=rng.sample([k for k in KOMMUNER if k != kommun], 3),
            )
        )
    return result


def indent(lines: list[str]) -> str:
    return "\n\n".join("   " + line for line in lines)


def kommun_rst(memo: Memo) -> str:
    parts = [
        ".. arende::",
        f"   :kommun: {memo.kommun}",
        "   :instans: kommunstyrelsen",
        f"   :datum: {memo.datum.isoformat()}",
        f"   :dnr: {memo.dnr}",
        f"   :handlaggare: {memo.signers[-1][0]}, {memo.signers[-1][1]}",
        "",
        memo.title,
        "=" * len(memo.title),
        "",
        ".. beslut::",
        "",
        "\n".join(f"   #. {p}" for p in memo.points),
        "",
    ]
    for section in ("sammanfattning", "arendebeskrivning", "synpunkter"):
        parts += [f".. {section}::", "", indent(memo.paragraphs[section]), ""]
        if section == "arendebeskrivning" and memo.fokus:
            parts += ["   .. fokusomraden:: Utvecklingsprogrammet", ""]
            parts += [f"      .. fokusomrade:: {a}\n" for a in AREAS]
            parts += ["      .. fokusomrade:: Hållbar utveckling", "         :genomgaende:", ""]
    parts += [
        ".. konsekvenser::",
        "   :typ: ekonomiska, juridiska",
        "",
        indent(memo.paragraphs["konsekvenser"]),
        "",
    ]
    parts += [".. underskrift::", "", "\n".join(f"   {n}, {t}" for n, t in memo.signers), ""]
    parts += [f".. bilaga:: {b}\n" for b in memo.bilagor]
    parts += [".. delges::", "", "\n".join(f"   - {k}" for k in memo.delges), ""]
    return "\n".join(parts)


def plain_rst(memo: Memo) -> str:
    """The same words as ordinary reStructuredText, as a writer without the extension would."""

    def heading(text: str, char: str) -> list[str]:
        return [text, char * len(text), ""]

    parts = [
        KOMMUNER[memo.kommun],
        "",
        "Kommunstyrelsens förvaltning",
        "",
        "TJÄNSTEUTLÅTANDE",
        "",
        f":Datum: {memo.datum.isoformat()}",
        f":Dnr: {memo.dnr}",
        f":Handläggare: {memo.signers[-1][0]}, {memo.signers[-1][1]}",
        "",
        "Kommunstyrelsen",
        "",
        *heading(memo.title, "="),
        *heading("Förslag till beslut", "-"),
        *heading("Kommunstyrelsens beslut", "~"),
        "\n".join(f"#. {p}" for p in memo.points),
        "",
    ]
    titles = {
        "sammanfattning": "Sammanfattning",
        "arendebeskrivning": "Beskrivning av ärendet",
        "synpunkter": "Förvaltningens synpunkter",
        "konsekvenser": "Ekonomiska och juridiska konsekvenser",
    }
    for section, title in titles.items():
        parts += [*heading(title, "-"), "\n\n".join(memo.paragraphs[section]), ""]
        if section == "arendebeskrivning" and memo.fokus:
            parts += [
                "Fokusområden:",
                "",
                "\n".join(f"- {a}" for a in AREAS),
                "",
                "- Hållbar utveckling",
                "",
            ]
    parts += ["\n\n".join(f"| {n}\n| {t}" for n, t in memo.signers), ""]
    if memo.bilagor:
        parts += [
            *heading("Bilagor", "-"),
            "\n".join(f"{k}. {b}" for k, b in enumerate(memo.bilagor, 1)),
            "",
        ]
    parts += [
        *heading("Beslutet delges", "-"),
        "\n".join(f"- {KOMMUNER[k]}" for k in memo.delges),
        "",
    ]
    return "\n".join(parts)


CONF = {
    "kommun": """project = "Benchmark"
extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "huddinge"
html_theme = "kommun"
""",
    "plain": """project = "Benchmark"
language = "sv"
html_theme = "basic"
html_sidebars = {"**": []}
""",
}


def write(kind: str, count: int, out: Path, shape: str = "seed") -> Path:
    root = out / f"{kind}-{shape}-{count}"
    (root / "memon").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(CONF[kind], encoding="utf-8")
    render = kommun_rst if kind == "kommun" else plain_rst
    names = []
    for memo in memos(count, shape=shape):
        (root / "memon" / f"{memo.name}.rst").write_text(render(memo), encoding="utf-8")
        names.append(memo.name)
    toc = "\n".join(f"   memon/{n}" for n in names)
    (root / "index.rst").write_text(
        f"Tjänsteutlåtanden\n=================\n\n.. toctree::\n   :maxdepth: 1\n\n{toc}\n",
        encoding="utf-8",
    )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/_generated"))
    parser.add_argument("--shape", choices=SHAPES, default="seed")
    args = parser.parse_args()
    for kind in CONF:
        print(write(kind, args.count, args.out, args.shape))


if __name__ == "__main__":
    main()
