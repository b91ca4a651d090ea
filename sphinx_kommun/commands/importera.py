"""``sphinx-kommun import FILE.docx [--kommun KEY] [--ut FOLDER]``: a memo from Word.

A writer's tjänsteutlåtande written from the municipality's Word template
becomes one memo ``.rst`` with the directives, so that nobody retypes it:

* the header table (Datum, Dnr, Handläggare) and the addressee → ``arende``;
* the standard headings → their directives, a heading worded otherwise kept
  as ``:titel:``; "Förslag till beslut" with its numbered points → ``beslut``
  (its sub-heading "Kommunstyrelsens förslag till kommunfullmäktige" gives
  ``:instans:`` and ``:till:``); the signatures → ``underskrift``; the
  appendix lines → ``bilaga``; the recipients → ``delges``, as profile keys
  where they name a known municipality or body;
* the text itself: paragraphs, bold, italic, links, nested lists, tables,
  images (saved beside the memo) and footnotes.

What has no such place (text boxes, fields, comments, tracked changes, a
page header's extra lines …) is kept, as ordinary text where it was or as an
rST comment where publishing it would be wrong, and listed at the end of the
run as ``FILE:LINE: WARNING: … [kommun.import]``.  Every piece of Word text is
escaped for rST, so the memo builds with ``-W`` whatever it holds.

Exit status 0 when the memo was written (with or without warnings), 2 when
nothing was: the file is no readable .docx, the profile is unknown, or the
memo exists and ``--skriv-over`` was not given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.lists import format_list

from sphinx_kommun.commands.docx_reader import (
    Break,
    DocxError,
    Image,
    ListInfo,
    NoteRef,
    Paragraph,
    Remark,
    Span,
    Table,
    WordDocument,
    open_word,
    snippet,
)
from sphinx_kommun.profiles import (
    BUILTIN_DIR,
    DnrUnchecked,
    ProfileError,
    dnr_fullmatch,
    load_profile,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinx_kommun.commands.docx_reader import Block, Inline
    from sphinx_kommun.profiles import Profile

PROG = "sphinx-kommun import"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options; ``--ut`` and ``--skriv-over`` in the writers' Swedish,
    as the directives' options are."""
    parser.add_argument("file", type=Path, metavar="FILE.docx", help="the memo written in Word")
    parser.add_argument(
        "--kommun",
        metavar="KEY",
        help="the municipality's profile key (default: kommun_profile of the project "
        "that --ut lies in)",
    )
    parser.add_argument(
        "--ut",
        type=Path,
        metavar="FOLDER",
        help="where the memo and its images are written (default: memon/ in a project "
        "made by sphinx-kommun new, else the current folder)",
    )
    parser.add_argument(
        "--skriv-over",
        action="store_true",
        help="replace a memo (and its images) that an earlier import wrote",
    )


def run(args: argparse.Namespace) -> int:
    """Import one Word file: 0 when the memo is written (its warnings listed
    last), 2 when nothing is, with the reason in one Swedish line."""
    source: Path = args.file
    folder: Path = args.ut or default_folder(Path("."))
    if folder.exists() and not folder.is_dir():
        print(f"{PROG}: --ut {folder} är en fil, inte en mapp", file=sys.stderr)
        return 2
    try:
        profile, profiles, project = choose_profile(args.kommun, folder)
    except ImportRefused as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    stem = slug(source.stem) or "memo"
    try:
        result = convert(open_word(source), profile, profiles, stem)
    except DocxError as exc:
        print(f"{PROG}: {source} kan inte läsas: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a fault of the importer: one line, not a traceback
        print(f"{PROG}: importen av {source} avbröts: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    target = folder / f"{stem}.rst"
    files = {target: result.text.encode("utf-8")}
    files.update({folder / name: blob for name, blob in result.images.items()})
    existing = [path for path in files if path.exists()]
    if existing and not args.skriv_over:
        print(
            f"{PROG}: {existing[0]} finns redan; ingenting skrevs "
            "(--skriv-over ersätter den med en ny import)",
            file=sys.stderr,
        )
        return 2
    try:
        write_all(files)
    except OSError as exc:
        print(f"{PROG}: kan inte skriva i {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    images = f" och {len(result.images)} bild(er)" if result.images else ""
    print(f"Memot från {source} är skrivet till {target}{images}.", flush=True)
    for notice in result.notices:
        print(f"{target}:{notice.line}: WARNING: {notice.message} [kommun.import]", file=sys.stderr)
    sys.stderr.flush()
    if result.notices:
        print(
            f"{len(result.notices)} sak(er) kunde inte föras över som de var; "
            "de står kvar i memot, på raderna som varningarna ovan anger."
        )
    check = f"sphinx-kommun check {shown(project) if project else 'PROJEKT'}"
    print(f"Nästa steg: läs igenom memot och kör: {check}")
    return 0


def write_all(files: dict[Path, bytes]) -> None:
    """Every file or none: each is written beside its place first and moved
    there once all are written, so a full disk leaves no half memo."""
    written: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".import-tmp")
            partial.write_bytes(data)
            written.append(partial)
    except OSError:
        for partial in written:
            partial.unlink(missing_ok=True)
        raise
    for partial in written:
        partial.replace(partial.with_name(partial.name.removesuffix(".import-tmp")))


def default_folder(here: Path) -> Path:
    """Where a memo goes unless ``--ut`` says: in a project made by ``sphinx-kommun
    new``, its ``memon/`` (the folder its index lists), else ``here``."""
    memon = here / "memon"
    return memon if (here / "conf.py").is_file() and memon.is_dir() else here


class ImportRefused(Exception):
    """Why the import cannot start: the message, in Swedish, is the writer's."""


# -- profile -------------------------------------------------------------------


def choose_profile(
    key: str | None, folder: Path
) -> tuple[Profile, dict[str, Profile], Path | None]:
    """The memo's municipality (``--kommun``, else the ``kommun_profile`` of the
    project the output folder lies in), every known profile by key (to
    recognise other municipalities among the recipients), and the project."""
    confdir, conf_key, extra_dirs = project_settings(folder)
    key = key or conf_key
    if not key:
        where = f" (ingen conf.py i {folder} eller ovanför)" if confdir is None else ""
        raise ImportRefused(f"ange kommunen med --kommun KEY{where}")
    profiles: dict[str, Profile] = {}
    for directory in [BUILTIN_DIR, *extra_dirs]:
        for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
            try:
                profiles[path.stem] = load_profile(path)
            except ProfileError:
                continue  # a broken profile is the build's to report, with its line
    if key not in profiles:
        raise ImportRefused(f"okänd kommun {key!r} (kända: {', '.join(sorted(profiles))})")
    return profiles[key], profiles, confdir


def shown(path: Path) -> str:
    """``path`` as the writer would type it: relative to the current folder when inside it."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return str(relative) if str(relative) != "." else "."


def project_settings(folder: Path) -> tuple[Path | None, str, list[Path]]:
    """The nearest conf.py at or above ``folder`` (which need not exist yet):
    its folder, its ``kommun_profile`` and its ``kommun_profile_dirs``."""
    from sphinx.config import eval_config_file
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    start = folder.resolve()
    for candidate in [start, *start.parents]:
        conf = candidate / "conf.py"
        if conf.is_file():
            try:
                namespace = eval_config_file(conf, Tags())
            except ConfigError as exc:
                raise ImportRefused(f"{conf} kan inte läsas: {exc}") from None
            dirs = [candidate / d for d in namespace.get("kommun_profile_dirs") or []]
            return candidate, str(namespace.get("kommun_profile") or ""), dirs
    return None, "", []


def slug(text: str) -> str:
    """A memo's file name from the Word file's: ``Tjänsteutlåtande KS 2019`` →
    ``tjansteutlatande-ks-2019`` (a plain web address in every language)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# -- the memo's parts ----------------------------------------------------------


def norm(text: str) -> str:
    """Text compared as a heading or a name: case, blanks and edge punctuation aside."""
    return " ".join(text.casefold().split()).strip(" :.;,–-")


#: Headings writers use, by what they are.  The first of each kind is the one
#: the extension itself writes; the others are kept as ``:titel:``.
HEADINGS = {
    "beslut": ["förslag till beslut"],
    "sammanfattning": ["sammanfattning", "sammanfattning av ärendet", "sammandrag"],
    "arendebeskrivning": [
        "beskrivning av ärendet",
        "ärendet",
        "ärendebeskrivning",
        "ärendets beskrivning",
        "bakgrund och beskrivning av ärendet",
        "bakgrund",
        "beskrivning",
    ],
    "synpunkter": [
        "förvaltningens synpunkter",
        "förvaltningens bedömning",
        "förvaltningens synpunkter och bedömning",
        "förvaltningens överväganden",
        "synpunkter",
        "bedömning",
        "överväganden",
    ],
    "bilagor": ["bilagor", "bilaga", "bilageförteckning"],
    "delges": [
        "beslutet delges",
        "beslutet ska skickas till",
        "beslutet skickas till",
        "beslutet ska delges",
        "beslutet expedieras till",
        "expedieras till",
        "delges",
        "sändlista",
    ],
}
#: Headings that are sections even when written as a plain line (not a Word
#: heading): the ones writers use in every template.
PLAIN_HEADINGS = frozenset(
    {
        "förslag till beslut",
        "sammanfattning",
        "beskrivning av ärendet",
        "ärendet",
        "förvaltningens synpunkter",
        "förvaltningens bedömning",
        "bilagor",
        "bilaga",
        "beslutet ska skickas till",
        "beslutet delges",
    }
)
#: Headings that as often head a part of a section ("Bakgrund" in "Ärendet"):
#: a section's only when written in Word's heading style of the sections.
GENERIC_HEADINGS = frozenset({"bakgrund", "beskrivning", "synpunkter", "bedömning", "överväganden"})
STANDARD = {kind: names[0] for kind, names in HEADINGS.items()}
KIND_OF = {name: kind for kind, names in HEADINGS.items() for name in names}
#: The kinds that are ``SectionDirective``s: they may hold sub-headings.
SECTION_KINDS = ("sammanfattning", "arendebeskrivning", "synpunkter", "konsekvenser")

#: ``konsekvenser :typ:`` by the words a heading uses for them.
ADJECTIVES = {"ekonomiska": "ekonomiska", "juridiska": "juridiska", "miljömässiga": "miljo"}
SUBJECTS = {"barn": "barn", "barnen": "barn", "jämställdhet": "jamstalldhet"}
COMPOUNDS = {
    "miljökonsekvenser": "miljo",
    "barnkonsekvenser": "barn",
    "jämställdhetskonsekvenser": "jamstalldhet",
}
#: The words the extension writes for each type (its Swedish catalog's).
TYPE_WORDS = {
    "ekonomiska": "ekonomiska",
    "juridiska": "juridiska",
    "miljo": "miljömässiga",
    "barn": "barn",
    "jamstalldhet": "jämställdhet",
}


@dataclass
class SubHeading:
    """A heading inside a section: an rST section title at ``depth`` below it."""

    text: str
    depth: int
    notices: list[str] = field(default_factory=list)


Content = Paragraph | Table | Image | Remark | SubHeading


@dataclass
class Part:
    """One directive of the memo (or ``rubrik``: a heading none stands for)."""

    kind: str
    heading: str = ""
    titel: str = ""
    typ: list[str] = field(default_factory=list)
    instans: str = ""
    till: str = ""
    blocks: list[Content] = field(default_factory=list)
    #: underskrift: (name, title); bilagor: titles; delges: keys or free text.
    items: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass
class Header:
    instans: str = ""
    forvaltning: str = ""
    typ: str = ""
    datum: str = ""
    dnr: str = ""
    handlaggare: str = ""
    titel: str = ""
    notices: list[str] = field(default_factory=list)


@dataclass
class Memo:
    header: Header
    title: str
    title_notices: list[str]
    #: Kept text with no part of its own: the page header's, what stood before
    #: the first section; and the page footer's, at the end.
    top: list[Content]
    parts: list[Part]
    bottom: list[Content]


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def iso_date(text: str) -> str | None:
    """``2019-06-26`` or ``26 juni 2019`` (``26 jun. 2019``) → ``2019-06-26``;
    None for anything else, an impossible date included."""
    text = " ".join(text.casefold().split())
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})\s*([a-zåäö]+)\.?\s+(\d{4})", text):
        if match[2] not in MONTHS:
            return None
        year, month, day = int(match[3]), MONTHS[match[2]], int(match[1])
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


#: The labels of a template's header table and the field each stands for.
LABEL = re.compile(
    r"^(datum|diarienummer|diarienr|dnr|vårt dnr|vår beteckning|beteckning|ärendenummer"
    r"|ärendenr|handläggare och titel|handläggare, titel|handläggare|kontaktperson"
    r"|till|mottagare)(?![\wåäö])\.?\s*:?\s*(.*)$",
    re.IGNORECASE,
)
LABEL_FIELD = {
    "datum": "datum",
    "handläggare": "handlaggare",
    "handläggare och titel": "handlaggare",
    "handläggare, titel": "handlaggare",
    "kontaktperson": "handlaggare",
    "till": "instans",
    "mottagare": "instans",
}
PAGE_NUMBER = re.compile(r"^(sida\s*)?\d+\s*(\(\s*\d+\s*\)|av\s+\d+)?$", re.IGNORECASE)
GENERIC_DNR = re.compile(r"^[A-ZÅÄÖ]{2,6}[- ]?\d{4}/\d+(:\d+)?$")
#: The labels a template's footer puts before the municipality's facts.
FOOTER_LABELS = re.compile(
    r"\b(postadress|besöksadress|telefon|tel|växel|webbplats|webb|e-post|epost|"
    r"org\.?\s*nr|organisationsnummer|fax|www)\b\.?:?",
    re.IGNORECASE,
)


def titleish(line: str) -> bool:
    """A job title on its own line: a few words, no digits, no address."""
    words = line.split()
    return (
        0 < len(words) <= 6
        and not re.search(r"[\d@/]", line)
        and not line.rstrip().endswith((".", ":", ";", "!", "?"))
    )


#: What ``delges`` takes for a profile key (the directives' ``KEY``).
KEY_LIKE = re.compile(r"^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$")

PARTICLES = frozenset({"af", "von", "van", "der", "de", "la", "du", "da", "di", "el", "al"})


def name_like(line: str) -> bool:
    """A person's name on its own line: two to four capitalised words."""
    words = line.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() or w.casefold() in PARTICLES for w in words)
        and not re.search(r"[\d@/:;()]", line)
        and not line.rstrip().endswith((".", "!", "?", ","))
    )


class Mapper:
    """Word's outline → the memo's parts, by what the profile knows."""

    def __init__(self, word: WordDocument, profile: Profile, profiles: dict[str, Profile]) -> None:
        self.word = word
        self.profile = profile
        self.profiles = profiles
        self.header = Header()
        self.instans_by_name = {norm(o.namn): k for k, o in profile.instanser.items()}
        self.forvaltning_by_name = {norm(o.namn): k for k, o in profile.forvaltningar.items()}
        self.genitives = {norm(o.genitiv): k for k, o in profile.instanser.items()}
        levels = [
            p.heading
            for p in word.body
            if isinstance(p, Paragraph) and p.heading and self.section_kind(p.text)
        ]
        #: The Word heading level of the memo's sections (1 or 2 in the templates).
        self.section_level = min(levels) if levels else None

    # -- recognising -------------------------------------------------------

    def section_kind(self, text: str) -> str | None:
        t = norm(text)
        if t in KIND_OF:
            return KIND_OF[t]
        if re.search(r"konsekvenser\b", t) and len(t.split()) <= 8 and not t.startswith("bilaga"):
            return "konsekvenser"
        if t.startswith("förslag till beslut"):
            return "beslut"
        if re.fullmatch(r"[\wåäö-]+s (synpunkter|bedömning)", t):
            return "synpunkter"
        if self.decision_heading(text) is not None:
            return "beslut-instans"
        return None

    def decision_heading(self, text: str) -> tuple[str, str] | None:
        """``Kommunstyrelsens beslut`` → (kommunstyrelsen, ""); ``Kommunstyrelsens
        förslag till kommunfullmäktige`` → (kommunstyrelsen, kommunfullmaktige)."""
        t = norm(text)
        for genitive, key in self.genitives.items():
            if t == f"{genitive} beslut":
                return key, ""
            prefix = f"{genitive} förslag till "
            if t.startswith(prefix):
                till = self.instans_by_name.get(t[len(prefix) :].strip())
                if till:
                    return key, till
        return None

    def heading_of(self, block: Block) -> tuple[str, int] | None:
        """(kind or "", depth) when ``block`` is a heading: a section's
        (depth 0) or one inside a section (depth 1…); None for body text."""
        if not isinstance(block, Paragraph) or not block.text:
            return None
        text = block.text
        kind = self.section_kind(text)
        level = block.heading if block.heading is not None and block.heading >= 1 else None
        short = len(text.split()) <= 10 and not text.endswith(".")
        below = level - self.section_level if level and self.section_level else 0
        if kind == "beslut-instans":
            # The decision's own sub-heading, one level below "Förslag till beslut".
            return (kind, 0) if (level or short) and block.list_info is None else None
        if kind:
            if below > 0:
                return "", below
            if level or norm(text) in PLAIN_HEADINGS:
                return kind, 0
            if block.all_bold and short and norm(text) not in GENERIC_HEADINGS:
                return kind, 0
            if (
                kind == "konsekvenser"
                and short
                and block.list_info is None
                and consequence_types(text)[1]
            ):
                return kind, 0
            return None
        if level:
            return "", max(1, below)
        return None

    # -- the header --------------------------------------------------------

    def set_field(self, name: str, value: str, title: str = "") -> None:
        header = self.header
        value = value.strip()
        if not value:
            return
        if name == "datum" and not header.datum:
            iso = iso_date(value)
            header.datum = iso or value
            if iso is None:
                header.notices.append(
                    f'datumet "{value}" kunde inte tolkas; skriv det som ÅÅÅÅ-MM-DD i :datum:'
                )
        elif name == "dnr" and not header.dnr:
            header.dnr = value
        elif name == "handlaggare" and not header.handlaggare:
            person, _sep, rest = value.partition(",")
            header.handlaggare = person.strip()
            header.titel = (rest.strip() or title).strip()
        elif name == "instans" and not header.instans:
            key = self.instans_by_name.get(norm(value))
            if key:
                header.instans = key
            else:
                header.notices.append(
                    f'mottagaren "{value}" är ingen instans i profilen {self.profile.key}; '
                    "skriv dess nyckel i :instans:"
                )

    def fact(self, line: str, footer: bool = False, take: bool = True) -> bool:
        """True when ``line`` is something the memo header says: the
        municipality, an administration, the document type, the addressee, a
        page number, a bare date or dnr, the profile's contact facts.  With
        ``take``, what it says goes into the header."""
        t = norm(line)
        header = self.header
        if not t or PAGE_NUMBER.match(t):
            return True
        if t in (norm(self.profile.namn["sv"]), norm(self.profile.namn.get("en", ""))):
            return True
        if t in ("tjänsteutlåtande", "tjänsteskrivelse"):
            if take and t == "tjänsteskrivelse":
                header.typ = header.typ or "tjansteskrivelse"
            return True
        if t in self.forvaltning_by_name:
            if take:
                header.forvaltning = header.forvaltning or self.forvaltning_by_name[t]
            return True
        if t in self.instans_by_name and not footer:
            if take:
                header.instans = header.instans or self.instans_by_name[t]
            return True
        if not header.datum and iso_date(line):
            if take:
                self.set_field("datum", line)
            return True
        if not header.dnr and (self.profile_dnr(line.strip()) or GENERIC_DNR.match(line.strip())):
            if take:
                header.dnr = line.strip()
            return True
        return self.contact_fact(line)

    def profile_dnr(self, text: str) -> bool:
        """``text`` has the form of the profile's dnr, told within the bounds
        the build's check keeps (a profile's pattern may backtrack)."""
        pattern = self.profile.dnr_monster
        if not pattern:
            return False
        try:
            return dnr_fullmatch(pattern, text)
        except DnrUnchecked:
            return False

    def contact_fact(self, line: str) -> bool:
        """A footer line made only of the profile's name, addresses and numbers."""
        profile = self.profile
        facts = [
            profile.namn["sv"],
            profile.postadress,
            profile.besoksadress,
            profile.telefon,
            profile.epost,
            profile.organisationsnummer,
            profile.webbplats,
            re.sub(r"^https?://", "", profile.webbplats),
            re.sub(r"^https?://(www\.)?", "", profile.webbplats),
        ]
        pieces = [p.strip() for f in facts if f for p in [f, *f.split(",")] if p.strip()]
        rest = line.casefold()
        for piece in sorted(pieces, key=len, reverse=True):
            rest = rest.replace(piece.casefold(), " ")
        rest = FOOTER_LABELS.sub(" ", rest)
        return not re.search(r"\w", rest)

    def read_table_facts(self, table: Table) -> list[str]:
        """The header table's fields; the lines it holds that are none, to keep."""
        rows = [[_cell_lines(cell) for cell in row] for row in table.rows]
        sequences: list[list[str]] = []
        r = 0
        while r < len(rows):
            row = rows[r]
            labels = [cell for cell in row if cell]
            if (
                labels
                and all(len(c) == 1 and (m := LABEL.match(c[0])) and not m[2] for c in labels)
                and r + 1 < len(rows)
                and len(rows[r + 1]) == len(row)
            ):
                for label, value in zip(row, rows[r + 1], strict=True):
                    sequences.append(label + value)
                r += 2
                continue
            sequences.append([line for cell in row for line in cell])
            r += 1
        leftovers: list[str] = []
        for lines in sequences:
            leftovers.extend(self.read_fact_lines(lines))
        return leftovers

    def read_fact_lines(self, lines: list[str], footer: bool = False) -> list[str]:
        leftovers = []
        j = 0
        while j < len(lines):
            match = LABEL.match(lines[j]) if not footer else None
            if not match:
                if not self.fact(lines[j], footer):
                    leftovers.append(lines[j])
                j += 1
                continue
            name = LABEL_FIELD.get(match[1].casefold(), "dnr")
            value, j = match[2].strip(), j + 1
            if not value and j < len(lines) and not LABEL.match(lines[j]):
                value, j = lines[j], j + 1
            title = ""
            if (
                name == "handlaggare"
                and "," not in value
                and j < len(lines)
                and not LABEL.match(lines[j])
                and titleish(lines[j])
                and norm(lines[j]) not in self.instans_by_name
                and norm(lines[j]) not in self.forvaltning_by_name
            ):
                title, j = lines[j], j + 1
            self.set_field(name, value, title)
        return leftovers

    # -- the whole memo ----------------------------------------------------

    def memo(self) -> Memo:
        body = self.word.body
        first = next(
            (i for i, b in enumerate(body) if (h := self.heading_of(b)) and h[0] and not h[1]),
            len(body),
        )
        top: list[Content] = []
        for block in self.word.header:
            top.extend(self.page_furniture(block, "sidhuvudet"))
        title, title_notices, before = self.title_and_intro(body[:first])
        top.extend(before)
        parts = self.parts(body[first:])
        self.find_signatures(parts)
        for part in parts:
            self.finish(part)
        bottom: list[Content] = []
        for block in self.word.footer:
            bottom.extend(self.page_furniture(block, "sidfoten", footer=True))
        if not self.header.instans:
            instans = next((p.instans for p in parts if p.instans), "")
            self.header.instans = instans
        for part in parts:
            if part.kind == "beslut" and part.instans == self.header.instans:
                part.instans = ""
        return Memo(self.header, title, title_notices, top, parts, bottom)

    def page_furniture(self, block: Block, where: str, footer: bool = False) -> list[Content]:
        """A page header's or footer's block: its facts go to ``arende``; the
        rest is kept, with a notice (images there are the template's logo,
        which the theme draws from the profile)."""
        if isinstance(block, Image):
            return []
        if isinstance(block, Table):
            if footer:
                cells = [_cell_lines(cell) for row in block.rows for cell in row]
                lines = [line for cell in cells for line in self.read_fact_lines(cell, footer)]
            else:
                lines = self.read_table_facts(block)
        elif isinstance(block, Paragraph):
            lines = self.read_fact_lines(block.lines, footer)
            kept_after = [b for b in block.after if not isinstance(b, Image)]
            if kept_after:
                return [*self.kept(lines, where), *kept_after]
        else:
            return [block]
        return self.kept(lines, where)

    @staticmethod
    def kept(lines: list[str], where: str) -> list[Content]:
        out: list[Content] = []
        for line in lines:
            out.append(
                Paragraph(
                    [Span(line)],
                    notices=[f'text i {where}: "{snippet(line)}" står som vanlig text'],
                )
            )
        return out

    def title_and_intro(self, blocks: list[Block]) -> tuple[str, list[str], list[Content]]:
        """The memo's title among what stands before the first section, and the
        rest of it: the header's facts are taken, anything else kept."""
        remaining: list[Content] = []
        for block in blocks:
            if isinstance(block, Table) and any(
                LABEL.match(line)
                for row in block.rows
                for cell in row
                for line in _cell_lines(cell)
            ):
                remaining.extend(self.kept(self.read_table_facts(block), "huvudets tabell"))
            elif isinstance(block, Paragraph) and block.text and block.list_info is None:
                lines = block.lines
                if all(LABEL.match(line) or self.fact(line, take=False) for line in lines):
                    self.read_fact_lines(lines)
                    remaining.extend(block.after)
                else:
                    remaining.append(block)
            elif isinstance(block, Paragraph) and not block.text:
                remaining.extend(block.after)
                if block.notices:
                    block.after = []
                    remaining.append(block)
            else:
                remaining.append(block)
        texts = [b for b in remaining if isinstance(b, Paragraph) and b.text]
        chosen = (
            next((p for p in texts if p.heading is not None), None)
            or next((p for p in texts if p.all_bold), None)
            or (texts[0] if texts else None)
        )
        if chosen is None:
            title = self.word.core_title
            notices = [
                "memot har ingen rubrik i texten; "
                + (f'rubriken "{snippet(title)}" är filens titel' if title else "skriv en")
            ]
            return title or "Rubrik saknas", notices, list(remaining)
        index = remaining.index(chosen)
        intro: list[Content] = []
        for position, kept in enumerate(remaining):
            if kept is chosen:
                intro.extend(self.extras(chosen, "memots rubrik"))
                continue
            where = "före rubriken" if position < index else "före första avsnittet"
            _notice(kept, f"{where}: {_describe(kept)} står utanför avsnitten")
            intro.append(kept)
        return chosen.text, list(chosen.notices), intro

    def parts(self, blocks: list[Block]) -> list[Part]:
        parts: list[Part] = []
        current: Part | None = None
        for block in blocks:
            heading = self.heading_of(block)
            if heading and heading[0] and not heading[1]:
                assert isinstance(block, Paragraph)
                kind = heading[0]
                if kind == "beslut-instans":
                    instans, till = self.decision_heading(block.text) or ("", "")
                    if current is not None and current.kind == "beslut" and not current.blocks:
                        # "Förslag till beslut", then whose decision it is.
                        current.instans, current.till = instans, till
                    else:
                        current = Part("beslut", block.text, instans=instans, till=till)
                        parts.append(current)
                else:
                    current = Part(kind, block.text)
                    parts.append(current)
                current.notices.extend(block.notices)
                current.blocks.extend(self.extras(block, "rubriken"))
                continue
            if current is None:  # the first block is always a section's heading
                current = Part("rubrik")
                parts.append(current)
            if heading:
                assert isinstance(block, Paragraph)
                if current.kind in SECTION_KINDS:
                    current.blocks.append(SubHeading(block.text, heading[1], block.notices))
                    current.blocks.extend(self.extras(block, "rubriken"))
                    continue
                current = Part("rubrik", block.text)
                current.notices.append(
                    f'rubriken "{snippet(block.text)}" hör inte till något avsnitt; '
                    "den står som fristående rubrik"
                )
                current.blocks.extend(self.extras(block, "rubriken"))
                parts.append(current)
                continue
            current.blocks.append(block)
        return parts

    def extras(self, paragraph: Paragraph, where: str) -> list[Content]:
        """What a heading or a one-line item carries besides its text: its
        images and other anchored blocks, and its footnotes, which have no
        place in a heading; they follow it as ordinary text."""
        out: list[Content] = list(paragraph.after)
        for inline in paragraph.inlines:
            if isinstance(inline, NoteRef) and self.word.notes.get(inline.key):
                blocks = self.word.notes[inline.key]
                _notice(blocks[0], f"fotnot i {where}: den står som vanlig text efter den")
                out.extend(blocks)
        return out

    def find_signatures(self, parts: list[Part]) -> None:
        """The signatures: the names and titles that close the memo's prose,
        before its appendices and recipients.  Appendix lines written there
        without a heading of their own are taken as well."""
        closing = {"bilagor", "delges"}
        index = next(
            (i for i, p in enumerate(parts) if p.kind in closing),
            len(parts),
        )
        if index == 0:
            return
        last = parts[index - 1]
        if last.kind in closing:
            return
        blocks = last.blocks
        while blocks and _is_empty(blocks[-1]):
            blocks.pop()
        appendices: list[Content] = []
        while blocks and _is_paragraph_like(blocks[-1], appendix=True):
            appendices.insert(0, blocks.pop())
        signers, taken = signatures(blocks)
        if not signers:
            blocks.extend(appendices)
            return
        del blocks[len(blocks) - taken :]
        new = [Part("underskrift", items=signers)]
        if appendices:
            new.append(Part("bilagor", blocks=appendices))
        parts[index:index] = new

    def finish(self, part: Part) -> None:
        """The options and items a part's directive takes, from its heading and text."""
        standard = STANDARD.get(part.kind, "")
        if part.kind == "konsekvenser":
            part.typ, words_known = consequence_types(part.heading)
            standard = consequence_heading(part.typ) if words_known else ""
        if part.kind in SECTION_KINDS and norm(part.heading) != norm(standard):
            part.titel = part.heading.strip().rstrip(":").strip()
        if part.kind == "bilagor":
            self.appendices(part)
        elif part.kind == "delges":
            self.recipients(part)

    def appendices(self, part: Part) -> None:
        rest: list[Content] = []
        for block in part.blocks:
            if isinstance(block, Paragraph) and block.lines:
                for line in block.lines:
                    title = re.sub(
                        r"^bilag(?:a|or)\s*(?:\d+)?\s*[.:)–-]?\s*", "", line, flags=re.IGNORECASE
                    ).strip()
                    if title:
                        part.items.append((title, ""))
                rest.extend(self.extras(block, "bilagans rad"))
                part.notices.extend(block.notices)
            elif isinstance(block, Paragraph):
                rest.extend(block.after)
            else:
                rest.append(block)
        part.blocks = rest

    def recipients(self, part: Part) -> None:
        rest: list[Content] = []
        for block in part.blocks:
            lines: list[str] = []
            if isinstance(block, Paragraph):
                lines = block.lines
                rest.extend(self.extras(block, "mottagarens rad"))
                part.notices.extend(block.notices)
            elif isinstance(block, Table):
                lines = [line for row in block.rows for cell in row for line in _cell_lines(cell)]
            else:
                rest.append(block)
            for line in lines:
                for name in self.split_recipients(line):
                    key = self.recipient_key(name) or ""
                    if not key and KEY_LIKE.match(name):
                        # delges would read "akten" as a profile key it does not know.
                        part.notices.append(
                            f'mottagaren "{name}" skrivs med stor bokstav ("{name.capitalize()}"), '
                            "annars läses den som en profilnyckel"
                        )
                        name = name.capitalize()
                    part.items.append((key, name))
        part.blocks = rest

    def split_recipients(self, line: str) -> list[str]:
        """One recipient a line; a line of several known ones, comma-separated, split."""
        line = line.strip().rstrip(",;.")
        if "," in line and self.recipient_key(line) is None:
            pieces = [p.strip() for p in re.split(r",|\soch\s", line) if p.strip()]
            if all(self.recipient_key(p) for p in pieces):
                return pieces
        return [line] if line else []

    def recipient_key(self, text: str) -> str | None:
        """The profile key a recipient's name stands for: ``botkyrka`` for
        "Botkyrka kommun", ``kommunstyrelsen`` for the memo's own body,
        ``huddinge:kommunstyrelsen`` for another municipality's."""
        t = norm(text)
        own = self.profile
        organs = {norm(o.namn): k for k, o in [*own.forvaltningar.items(), *own.instanser.items()]}
        if t in organs:
            return organs[t]
        names = {variant: key for key, p in self.profiles.items() for variant in _kommun_names(p)}
        if t in names:
            return names[t]
        for kommun_name, key in names.items():
            for pattern in (
                rf"^(?P<organ>.+?)(?:,| i| –| -)\s+{re.escape(kommun_name)}$",
                rf"^{re.escape(kommun_name)}(?:,| –| -)\s+(?P<organ>.+)$",
            ):
                match = re.match(pattern, t)
                if not match:
                    continue
                profile = self.profiles[key]
                found = {
                    norm(o.namn): k
                    for k, o in [*profile.forvaltningar.items(), *profile.instanser.items()]
                }.get(match["organ"].strip())
                if found:
                    return found if key == own.key else f"{key}:{found}"
        return None


def _kommun_names(profile: Profile) -> set[str]:
    """A municipality as writers name it: "Nykvarns kommun", "Nykvarn kommun", "Nykvarn"."""
    official = norm(profile.namn["sv"])
    base = official.removesuffix(" kommun")
    stems = {base, base.removesuffix("s")}
    return (
        {official, norm(profile.namn.get("en", ""))}
        | {f"{s} kommun" for s in stems}
        | {f"{s}s kommun" for s in stems}
        | stems
    )


def consequence_types(heading: str) -> tuple[list[str], bool]:
    """``Ekonomiska konsekvenser och konsekvenser för barn`` → ([ekonomiska, barn],
    True); the flag is False when the heading has words besides the types."""
    words = re.findall(r"[\wåäö]+", norm(heading))
    types: list[str] = []
    known = True
    after_for = False
    for word in words:
        key = ADJECTIVES.get(word) or COMPOUNDS.get(word)
        if after_for and word in SUBJECTS:
            key = SUBJECTS[word]
        if key:
            if key not in types:
                types.append(key)
        elif word == "för":
            after_for = True
            continue
        elif word not in ("konsekvenser", "och", "samt", "konsekvens"):
            known = False
        if word not in ("och",):
            after_for = after_for and word in SUBJECTS
    return types, known and bool(types)


def consequence_heading(types: list[str]) -> str:
    """The heading ``konsekvenser`` writes for ``types``, in Swedish, as the
    extension builds it (its catalog's words and Babel's list of them)."""
    adjectives = [TYPE_WORDS[t] for t in types if t in ("ekonomiska", "juridiska", "miljo")]
    subjects = [TYPE_WORDS[t] for t in types if t in ("barn", "jamstalldhet")]
    parts = []
    if adjectives:
        parts.append(f"{format_list(adjectives, locale='sv_SE')} konsekvenser")
    if subjects:
        parts.append(f"konsekvenser för {format_list(subjects, locale='sv_SE')}")
    text = " samt ".join(parts) or "konsekvenser"
    return text[:1].upper() + text[1:]


def signatures(blocks: list[Content]) -> tuple[list[tuple[str, str]], int]:
    """The signers closing ``blocks`` and how many blocks they take: name lines,
    each with the title on the line after (or after a comma), groups apart by
    empty paragraphs, or a table of them."""
    candidates: list[Content] = []
    for block in reversed(blocks):
        if isinstance(block, Table) and not candidates:
            cells = [_cell_lines(cell) for row in block.rows for cell in row]
            if any(cells) and all(not c or _signer_lines(c) for c in cells):
                candidates.insert(0, block)
                continue
            break
        if not _is_paragraph_like(block):
            break
        assert isinstance(block, Paragraph)
        if any(not titleish(line) and not _name_title(line) for line in block.lines):
            break
        candidates.insert(0, block)
    # What comes before the first name is the section's own short text.
    while candidates and not _starts_with_name(candidates[0]):
        candidates.pop(0)
    lines: list[str | None] = []  # None: an empty paragraph, a cell's end
    for block in candidates:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    lines.extend([*_cell_lines(cell), None])
        elif isinstance(block, Paragraph):
            lines.extend(block.lines or [None])
    groups: list[list[str]] = []
    current: list[str] = []
    for line in [*lines, None]:
        if line is None:
            if current:
                groups.append(current)
            current = []
        elif current and name_like(line) and len(current) >= 2:
            groups.append(current)
            current = [line]
        else:
            current.append(line)
    signers: list[tuple[str, str]] = []
    for group in groups:
        first = group[0]
        if len(group) == 1 and _name_title(first):
            name, _sep, title = first.partition(",")
            signers.append((name.strip(), title.strip()))
        elif name_like(first) and all(titleish(line) for line in group[1:]):
            signers.append((first, ", ".join(group[1:])))
        else:
            return [], 0
    return (signers, len(candidates)) if signers else ([], 0)


def _starts_with_name(block: Content) -> bool:
    if isinstance(block, Table):
        return True
    lines = block.lines if isinstance(block, Paragraph) else []
    return bool(lines) and (name_like(lines[0]) or _name_title(lines[0]))


def _name_title(line: str) -> bool:
    name, sep, title = line.partition(",")
    return bool(sep) and name_like(name) and titleish(title)


def _signer_lines(lines: list[str]) -> bool:
    return (name_like(lines[0]) and all(titleish(line) for line in lines[1:])) or (
        len(lines) == 1 and _name_title(lines[0])
    )


def _is_empty(block: Content) -> bool:
    return isinstance(block, Paragraph) and not block.text and not block.after


def _is_paragraph_like(block: Content, appendix: bool = False) -> bool:
    """A short plain paragraph (no list, image, heading): a signature's or,
    with ``appendix``, one that starts "Bilaga 1"."""
    if not isinstance(block, Paragraph) or block.list_info is not None or block.after:
        return False
    if block.heading is not None or any(isinstance(i, NoteRef) for i in block.inlines):
        return False
    if appendix:
        return bool(re.match(r"^bilaga\s+\d+", block.text, re.IGNORECASE))
    return True


def _cell_lines(cell: list[Block]) -> list[str]:
    return [line for b in cell if isinstance(b, Paragraph) for line in b.lines]


def _notice(block: Content, message: str) -> None:
    if isinstance(block, Paragraph | Table | Image | Remark | SubHeading):
        block.notices.append(message)


def _describe(block: Content) -> str:
    if isinstance(block, Paragraph):
        return f'texten "{snippet(block.text)}"' if block.text else "ett tomt stycke"
    if isinstance(block, Table):
        return "en tabell"
    if isinstance(block, Image):
        return "en bild"
    return "en kommentar"


# -- rST -----------------------------------------------------------------------

#: Lines as long as the example memo's.
WIDTH = 79
#: An escaped blank (``\ ``): joins inline markup to the word beside it, and is
#: never a place to break a line.
GLUE = "\x00"
#: What a paragraph's first line must not start with, or docutils reads it as
#: a list, a field or option list, a doctest, a comment or directive.
BLOCK_START = re.compile(
    r"""^(?:
        [-+*•‣⁃](?:\s|$)
      | [-+/][\w-]
      | :
      | >>>
      | \.\.(?:\s|$)
      | __(?:\s|$)
      | (?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+|\#)[.)](?:\s|$)
      | \((?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+|\#)\)(?:\s|$)
    )""",
    re.VERBOSE,
)
#: A line of punctuation only: a transition, a title's underline or a table's border.
PUNCTUATION_LINE = re.compile(r"^[!-/:-@\[-`{-~ ]+$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "ftp://")


def clean(text: str) -> str:
    """Word's text without control characters (a vertical tab is a line break there)."""
    return CONTROL.sub(" ", text.replace("\t", " "))


def escape(text: str) -> str:
    """``text`` as rST inline text that shows as written: backslashes, the
    inline markup characters and a word's trailing underscores escaped."""
    text = clean(text).replace("\\", "\\\\")
    text = re.sub(r"([*`|])", r"\\\1", text)
    return re.sub(r"_+(?![^\W_])", lambda m: "\\_" * len(m[0]), text)


def safe_url(url: str) -> str | None:
    """A link's address as it can stand inside ``<…>``; None for a scheme a
    memo does not publish (the checks would drop it) or an address without one."""
    url = url.strip()
    if not url.lower().startswith(SAFE_SCHEMES):
        return None
    url = re.sub(r"[\s<>`\\]", lambda m: f"%{ord(m[0]):02X}", url)
    return url[:-1] + "%5F" if url.endswith("_") else url


@dataclass
class Notice:
    """A warning for the writer, placed at the line of the memo it is about."""

    message: str
    line: int = 0


Line = str | Notice


class Footnotes:
    """The footnotes referred to inside one directive, written after its text."""

    def __init__(self, notes: dict[str, list[Block]]) -> None:
        self.notes = notes
        self.pending: list[str] = []

    def refer(self, key: str) -> bool:
        if key not in self.notes:
            return False
        self.pending.append(key)
        return True


def inline_rst(inlines: Sequence[Inline], footnotes: Footnotes | None) -> tuple[str, list[str]]:
    """A paragraph's inlines as one line of rST (``GLUE`` where an escaped
    blank goes), and notices of what could not be carried over."""
    pieces: list[tuple[str, bool]] = []  # (rST, is markup)
    notices: list[str] = []
    for group in _groups(inlines):
        if isinstance(group, NoteRef):
            if footnotes is not None and footnotes.refer(group.key):
                pieces.append(("[#]_", True))
            else:
                notices.append("fotnot på ett ställe där rST inte har fotnoter; den utelämnades")
            continue
        text = clean(group.text)
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if not core:
            pieces.append((text, False))
            continue
        if group.link:
            url = safe_url(group.link)
            if url is None:
                notices.append(f'länken "{snippet(core)}" ({snippet(group.link)}) står som text')
                pieces.append((escape(text), False))
                continue
            label = escape(core).replace("<", "\\<")
            pieces += [(lead, False), (f"`{label} <{url}>`__", True), (trail, False)]
        elif group.bold:
            pieces += [(lead, False), (f"**{escape(core)}**", True), (trail, False)]
        elif group.italic:
            pieces += [(lead, False), (f"*{escape(core)}*", True), (trail, False)]
        else:
            pieces.append((escape(text), False))
    result = ""
    previous_markup = False
    for rst, markup in pieces:
        if not rst:
            continue
        if (
            result
            and not result[-1].isspace()
            and (markup or previous_markup)
            and (not rst[0].isspace())
        ):
            result += GLUE
        result += rst
        previous_markup = markup
    return re.sub(r"[ \t\r\n]+", " ", result).strip(), notices


def _groups(inlines: Sequence[Inline]) -> list[Span | NoteRef]:
    """Adjacent spans of one formatting merged; a line break is a blank in prose."""
    groups: list[Span | NoteRef] = []
    for inline in inlines:
        if isinstance(inline, Break):
            inline = Span(" ")
        if isinstance(inline, NoteRef):
            groups.append(inline)
            continue
        last = groups[-1] if groups else None
        blank = not inline.text.strip()
        if isinstance(last, Span) and (
            (last.bold, last.italic, last.link) == (inline.bold, inline.italic, inline.link)
            or (blank and not inline.link)
        ):
            last.text += inline.text
        else:
            groups.append(Span(inline.text, inline.bold, inline.italic, inline.link))
    return groups


def paragraph_lines(rst: str, width: int) -> list[str]:
    """One paragraph of rST inline text, wrapped, that docutils reads as the
    paragraph it is: its start never read as a list or markup, no line read as
    an underline, a closing ``::`` not taken for a literal block."""
    if not rst:
        return []
    if re.search(r"(?<!\\)(\\\\)*::$", rst):
        rst = rst[:-2] + "\\::"
    lines = wrap(rst, width)
    for index, line in enumerate(lines):
        if (index == 0 and BLOCK_START.match(line)) or PUNCTUATION_LINE.match(line):
            lines[index] = GLUE + line
    return [line.replace(GLUE, "\\ ") for line in lines]


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrapping at blanks; a word longer than ``width`` stands alone."""
    lines: list[str] = []
    current = ""
    # Not beside a no-break space: docutils strips it from a line's end.
    for word in re.split("(?<!\u00a0) (?!\u00a0)", text):
        if not word:
            continue
        # A GLUE is written as two characters.
        if (
            current
            and len(current) + current.count(GLUE) + 1 + len(word) + word.count(GLUE) > width
        ):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def plain(text: str) -> str:
    """One line of writer text for a place docutils parses inline (a title, a
    directive's argument or an option that becomes text)."""
    line = re.sub(r"[ \t\r\n]+", " ", escape(text)).strip()
    if BLOCK_START.match(line) or PUNCTUATION_LINE.match(line):
        line = "\\ " + line
    return line


def indent(lines: list[Line], prefix: str) -> list[Line]:
    return [line if isinstance(line, Notice) else (prefix + line if line else "") for line in lines]


def join_chunks(chunks: Iterable[list[Line]]) -> list[Line]:
    """Blocks one blank line apart; a notice travels with the block after it."""
    out: list[Line] = []
    waiting: list[Line] = []
    for chunk in chunks:
        if not any(isinstance(line, str) for line in chunk):
            waiting.extend(chunk)
            continue
        if any(isinstance(line, str) for line in out):
            out.append("")
        out.extend(waiting)
        waiting = []
        out.extend(chunk)
    out.extend(waiting)
    return out


def first_prefixed(lines: list[Line], first: str, rest: str) -> list[Line]:
    """``lines`` with ``first`` before the first text line and ``rest`` before the others."""
    out: list[Line] = []
    seen = False
    for line in lines:
        if isinstance(line, Notice):
            out.append(line)
        elif not seen:
            out.append((first + line).rstrip())
            seen = True
        else:
            out.append(rest + line if line else "")
    if not seen:
        out.append(first.rstrip())
    return out


ENUMERATORS = {
    "lowerLetter": "abcdefghijklmnopqrstuvwxyz",
    "upperLetter": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}


def enumerator(kind: str, number: int) -> str:
    if kind in ENUMERATORS and 1 <= number <= 26:
        return ENUMERATORS[kind][number - 1] + "."
    if kind in ("lowerRoman", "upperRoman") and 1 <= number < 40:
        roman = _roman(number)
        return (roman.lower() if kind == "lowerRoman" else roman) + "."
    return f"{number}."


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass
class _ListNode:
    info: ListInfo
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Item:
    paragraph: Paragraph
    children: list[_ListNode] = field(default_factory=list)


UNDERLINES = "-~^\"'"


class Writer:
    """The memo's parts → rST lines, and the images to save beside the memo."""

    def __init__(self, word: WordDocument, stem: str) -> None:
        self.notes = word.notes
        self.stem = stem
        self.images: dict[str, bytes] = {}

    # -- blocks ------------------------------------------------------------

    def blocks(
        self, blocks: Sequence[Content], width: int, footnotes: Footnotes | None
    ) -> list[Line]:
        chunks: list[list[Line]] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Paragraph) and block.list_info is not None:
                j = i
                while j < len(blocks):
                    candidate = blocks[j]
                    if not isinstance(candidate, Paragraph) or candidate.list_info is None:
                        break
                    j += 1
                chunks.append(self.list_block(blocks[i:j], width, footnotes))  # type: ignore[arg-type]
                i = j
                continue
            chunks.extend(self.block(block, width, footnotes))
            i += 1
        return join_chunks(chunks)

    def block(self, block: Content, width: int, footnotes: Footnotes | None) -> list[list[Line]]:
        notices: list[Line] = [Notice(m) for m in block.notices]
        if isinstance(block, Paragraph):
            rst, problems = inline_rst(block.inlines, footnotes)
            notices += [Notice(m) for m in problems]
            chunks = [notices + list(paragraph_lines(rst, width))]
            if block.after:
                chunks.append(self.blocks(block.after, width, footnotes))
            return chunks
        if isinstance(block, Table):
            return [notices + self.table(block, width, footnotes)]
        if isinstance(block, Image):
            return [notices + self.image(block)]
        if isinstance(block, Remark):
            return [notices + self.remark(block, width)]
        return [notices + self.subheading(block)]

    def subheading(self, heading: SubHeading) -> list[Line]:
        title = plain(heading.text)
        mark = UNDERLINES[min(heading.depth, len(UNDERLINES)) - 1]
        return [title, mark * max(len(title), 4)]

    def list_block(
        self, paragraphs: list[Paragraph], width: int, footnotes: Footnotes | None
    ) -> list[Line]:
        roots: list[_ListNode] = []
        stack: list[tuple[int, _ListNode]] = []
        for paragraph in paragraphs:
            info = paragraph.list_info
            assert info is not None
            while stack and stack[-1][0] > info.level:
                stack.pop()
            if stack and stack[-1][0] == info.level and stack[-1][1].info.numbered == info.numbered:
                node = stack[-1][1]
            else:
                if stack and stack[-1][0] == info.level:
                    stack.pop()
                container = stack[-1][1].items[-1].children if stack else roots
                node = _ListNode(info)
                container.append(node)
                stack.append((info.level, node))
            node.items.append(_Item(paragraph))
        return join_chunks(self.list_node(node, width, footnotes) for node in roots)

    def list_node(self, node: _ListNode, width: int, footnotes: Footnotes | None) -> list[Line]:
        rendered: list[list[Line]] = []
        for number, item in enumerate(node.items, start=node.info.start):
            marker = enumerator(node.info.kind, number) if node.info.numbered else "-"
            pad = " " * (len(marker) + 1)
            inner = width - len(pad)
            chunks = self.block(item.paragraph, inner, footnotes)
            chunks += [self.list_node(child, inner, footnotes) for child in item.children]
            rendered.append(first_prefixed(join_chunks(chunks), marker + " ", pad))
        loose = any("" in lines for lines in rendered)
        out: list[Line] = []
        for lines in rendered:
            if out and loose:
                out.append("")
            out.extend(lines)
        return out

    def table(self, table: Table, width: int, footnotes: Footnotes | None) -> list[Line]:
        if not table.rows or not table.rows[0]:
            return []
        out: list[Line] = [".. list-table::"]
        if 0 < table.header_rows < len(table.rows):
            out.append(f"   :header-rows: {table.header_rows}")
        out.append("")
        inner = max(width - 7, 30)
        for row in table.rows:
            for column, cell in enumerate(row):
                lines = self.blocks(cell, inner, footnotes)
                first = "   * - " if column == 0 else "     - "
                out.extend(first_prefixed(lines, first, " " * 7))
        return out

    def image(self, image: Image) -> list[Line]:
        name = f"{self.stem}-bild-{len(self.images) + 1}.{image.ext or 'png'}"
        self.images[name] = image.blob
        number = len(self.images)
        if image.alt:
            return [f".. image:: {name}", f"   :alt: {clean(image.alt)}"]
        return [
            Notice(
                f"bild {number} ({name}) saknar alternativtext; skriv den i :alt: och ta bort "
                "raden under bilden"
            ),
            f".. image:: {name}",
            "   :alt: BESKRIV BILDEN",
            "",
            f"|Bild {number} saknar alternativtext – skriv den i :alt: ovan|",
        ]

    @staticmethod
    def remark(remark: Remark, width: int) -> list[Line]:
        text = " ".join(clean(remark.text).split())
        words = wrap(f"{remark.label}: {text}" if text else remark.label, width - 3)
        return [f".. {words[0]}", *("   " + line for line in words[1:])]

    def footnotes(self, footnotes: Footnotes, width: int) -> list[Line]:
        chunks = []
        for key in footnotes.pending:
            lines = self.blocks(self.notes[key], width - 3, None)
            chunks.append(first_prefixed(lines, ".. [#] ", "   "))
        footnotes.pending = []
        return join_chunks(chunks)

    # -- the memo ----------------------------------------------------------

    def memo(self, memo: Memo, profile: Profile) -> list[Line]:
        header = memo.header
        options = [
            ("kommun", profile.key),
            ("instans", header.instans),
            ("forvaltning", header.forvaltning),
        ]
        if header.typ:
            options.append(("typ", header.typ))
        options += [("datum", header.datum), ("dnr", header.dnr)]
        if header.handlaggare:
            person = " ".join(header.handlaggare.split())
            titel = plain(header.titel) if header.titel else ""
            options.append(("handlaggare", f"{person}, {titel}" if titel else person))
        arende: list[Line] = [Notice(m) for m in header.notices]
        for name, value, missing in (
            ("instans", header.instans, "mottagande instans (till exempel Kommunstyrelsen)"),
            ("datum", header.datum, "datum"),
            ("dnr", header.dnr, "diarienummer"),
        ):
            if not value:
                arende.append(Notice(f"{missing} hittades inte i Word-filen; skriv det i :{name}:"))
        arende.append(".. arende::")
        arende += [f"   :{name}: {value}" for name, value in options if value]

        title = plain(memo.title)
        chunks: list[list[Line]] = [
            arende,
            [*(Notice(m) for m in memo.title_notices), title, "=" * max(len(title), 4)],
        ]
        top = Footnotes(self.notes)
        chunks.append(self.blocks(memo.top, WIDTH, top))
        chunks.append(self.footnotes(top, WIDTH))
        for part in memo.parts:
            chunks.extend(self.part(part))
        bottom = Footnotes(self.notes)
        chunks.append(self.blocks(memo.bottom, WIDTH, bottom))
        chunks.append(self.footnotes(bottom, WIDTH))
        return join_chunks(chunks)

    def part(self, part: Part) -> list[list[Line]]:
        notices: list[Line] = [Notice(m) for m in part.notices]
        footnotes = Footnotes(self.notes)
        if part.kind == "rubrik":
            chunks: list[list[Line]] = []
            if part.heading:
                chunks.append(
                    [*notices, f".. rubric:: {plain(part.heading)}", "   :heading-level: 2"]
                )
            else:
                chunks.append(notices)
            chunks.append(self.blocks(part.blocks, WIDTH, footnotes))
            chunks.append(self.footnotes(footnotes, WIDTH))
            return chunks
        if part.kind == "underskrift":
            lines = [f"{name}, {plain(title)}" if title else name for name, title in part.items]
            return [[*notices, ".. underskrift::", "", *indent(list(lines), "   ")]]
        if part.kind == "bilagor":
            chunks = [notices]
            chunks += [[f".. bilaga:: {plain(title)}"] for title, _ in part.items]
            if part.blocks:
                chunks.append(self.blocks(part.blocks, WIDTH, footnotes))
                chunks.append(self.footnotes(footnotes, WIDTH))
            return chunks
        if part.kind == "delges":
            items = [f"- {key}" if key else f"- {plain(name)}" for key, name in part.items]
            chunks = [[*notices, ".. delges::", "", *indent(list(items), "   ")]]
            if part.blocks:
                chunks.append(self.blocks(part.blocks, WIDTH, footnotes))
                chunks.append(self.footnotes(footnotes, WIDTH))
            return chunks
        head: list[Line] = [*notices, f".. {part.kind}::"]
        if part.kind == "beslut":
            if part.instans:
                head.append(f"   :instans: {part.instans}")
            if part.till:
                head.append(f"   :till: {part.till}")
        if part.kind == "konsekvenser" and part.typ:
            head.append(f"   :typ: {', '.join(part.typ)}")
        if part.titel:
            head.append(f"   :titel: {plain(part.titel)}")
        content = self.blocks(part.blocks, WIDTH - 3, footnotes)
        if part.kind in SECTION_KINDS:
            content = join_chunks([content, self.footnotes(footnotes, WIDTH - 3)])
            after: list[Line] = []
        else:  # beslut: a footnote there would be read as one more decision point
            after = self.footnotes(footnotes, WIDTH)
        body = indent(content, "   ")
        return [[*head, *([""] if body else []), *body], after]


@dataclass
class Conversion:
    text: str
    images: dict[str, bytes]
    notices: list[Notice]


def convert(
    word: WordDocument, profile: Profile, profiles: dict[str, Profile], stem: str
) -> Conversion:
    """The memo ``.rst`` for a Word document, its images by file name, and the
    notices placed at their lines."""
    memo = Mapper(word, profile, profiles).memo()
    writer = Writer(word, stem)
    lines = writer.memo(memo, profile)
    text_lines: list[str] = []
    notices: list[Notice] = []
    waiting: list[Notice] = []
    for line in lines:
        if isinstance(line, Notice):
            waiting.append(line)
            continue
        text_lines.append(line)
        for notice in waiting:
            notice.line = len(text_lines)
        notices.extend(waiting)
        waiting = []
    for notice in waiting:
        notice.line = len(text_lines)
    notices.extend(waiting)
    text = "\n".join(text_lines).rstrip("\n") + "\n"
    return Conversion(text, writer.images, notices)
