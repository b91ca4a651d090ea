"""``kommunjson``: every memo as data, for the registry (diariet), the web and the archive.

The builder writes one file, ``memos.json``: a record per memo, built from the
records the directives keep in the domain, with names in the build's language
and dates in ISO form.  Its shape is the JSON Schema ``schemas/memos.schema.json``
shipped in the package (:data:`SCHEMA_PATH`).

``sphinx-build -b kommunjson`` finds the extension through the
``sphinx.builders`` entry point.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder

from sphinx_kommun.builders.meetingjson import MeetingExport
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.present import Presenter
from sphinx_kommun.registry import registry_for
from sphinx_kommun.version import __version__

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.environment import BuildEnvironment

    from sphinx_kommun.domain import KommunDomain
    from sphinx_kommun.model.klarsprak import Measure, Report
    from sphinx_kommun.model.memo import MemoRecord
    from sphinx_kommun.registry import Registry

SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "memos.schema.json"
OUTPUT = "memos.json"


class MemoExport:
    """The records of the memos of one environment, in one language."""

    def __init__(self, env: BuildEnvironment, registry: Registry, lang: str | None) -> None:
        self.env = env
        self.registry = registry
        self.lang = lang
        self.present = Presenter(registry, lang, public=env.config.kommun_publicering != "intern")
        self.meetings = MeetingExport(env, self.present)

    def document(self) -> dict[str, Any]:
        domain: KommunDomain = self.env.domains["kommun"]  # type: ignore[assignment]
        unpublished = domain.unpublished(self.env.config)
        return {
            "generator": f"sphinx-kommun {__version__}",
            "projekt": self.env.config.project,
            "sprak": self.lang,
            "memos": [self.entry(record, unpublished) for record in domain.memo_records()],
            "sammantraden": self.meetings.meetings(),
        }

    def entry(self, record: MemoRecord, unpublished: set[str]) -> dict[str, Any]:
        """A memo's record, or what the public edition may tell of a secret one."""
        if record.secret and record.docname in unpublished:
            assert record.header is not None
            title = self.present.title(record)
            return {"dnr": record.header.dnr, "titel": title, "sekretessbelagt": True}
        return self.memo(record)

    def memo(self, record: MemoRecord) -> dict[str, Any]:
        header = record.header
        assert header is not None
        profile = self.registry.profile(header.kommun)
        present = self.present

        def organ(key: str) -> dict[str, str]:
            return {"nyckel": key, "namn": present.organ(header.kommun, key)}

        datum = parse_datum(header.datum)
        return {
            "kommun": {
                "nyckel": header.kommun,
                "namn": present.kommun(header.kommun),
                "kommunkod": profile.kommunkod if profile else None,
                "organisationsnummer": (profile.organisationsnummer or None) if profile else None,
            },
            "instans": organ(header.instans),
            "forvaltning": organ(header.forvaltning),
            "typ": {
                "nyckel": header.typ,
                "namn": present.document_type(header.kommun, header.typ),
            },
            "datum": datum.isoformat() if datum else None,
            "dnr": header.dnr,
            "handlaggare": (
                {
                    "namn": header.handlaggare,
                    "titel": header.handlaggare_titel,
                    **({"telefon": header.telefon} if header.telefon else {}),
                    **({"epost": header.epost} if header.epost else {}),
                }
                if header.handlaggare
                else None
            ),
            "titel": record.title,
            **({"sekretess": header.sekretess} if header.sekretess else {}),
            "beslut": [
                {
                    "instans": organ(beslut.instans),
                    **({"till": organ(beslut.till)} if beslut.till else {}),
                    "punkter": list(beslut.points),
                }
                for beslut in record.beslut
            ],
            "fokusomraden": [
                {"namn": f.name, "genomgaende": f.genomgaende, "ny": f.ny, "text": f.text}
                for f in record.fokus
            ],
            "konsekvenser": [
                {"nyckel": key, "namn": present.consequence_name(key, header.kommun)}
                for key in record.konsekvenser
            ],
            "underskrifter": [{"namn": s.namn, "titel": s.titel} for s in record.underskrifter],
            "bilagor": [
                {
                    "nummer": b.nummer,
                    "titel": b.titel,
                    "fil": self.project_path(b.fil, record),
                    **({"sekretess": b.sekretess} if b.sekretess else {}),
                }
                for b in record.bilagor
            ],
            "delges": [{"nyckel": m.key or None, "namn": m.name} for m in record.delges],
            "sprak": self.lang,
            "kalla": self.env.doc2path(record.docname, base=False).as_posix(),
            "klarsprak": klarsprak_data(record.klarsprak),
            "behandling": self.meetings.handling(record),
        }

    def project_path(self, fil: str, record: MemoRecord) -> str | None:
        """A ``bilaga :fil:`` (written relative to its memo) as a path in the project."""
        if not fil:
            return None
        return Path(self.env.relfn2path(fil, record.docname)[0]).as_posix()


def klarsprak_data(report: Report | None) -> dict[str, Any] | None:
    """A memo's plain-language report as data; None where nothing was judged
    (a build in another language than Swedish)."""
    if report is None:
        return None

    def counts(measure: Measure) -> dict[str, Any]:
        return {
            "lix": round(measure.lix, 1),
            "antal_ord": measure.words,
            "langa_ord": measure.long_words,
            "meningar": measure.sentences,
        }

    return {
        **counts(report.measure),
        "lix_grans": report.limit,
        "avsnitt": [
            {"nyckel": s.key or None, "rubrik": s.heading, "rad": s.line, **counts(s.measure)}
            for s in report.sections
        ],
        "langa_meningar": [{"rad": s.line, "antal_ord": s.words} for s in report.long_sentences],
        "kanslisvenska": [
            {
                "rad": o.line,
                "skrivet": " ".join(o.written.split()),
                "ord": o.word,
                "forslag": o.suggestion,
            }
            for o in report.officialese
        ],
    }


class KommunJsonBuilder(Builder):
    """Writes ``memos.json`` from the environment; it writes no page."""

    name = "kommunjson"
    format = "json"
    epilog = "The memos' data is in %(outdir)s/" + OUTPUT + "."
    allow_parallel = True

    def get_outdated_docs(self) -> list[str]:
        # memos.json is written whole from the environment on every build.
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def write_documents(self, docnames: Set[str]) -> None:
        pass

    def finish(self) -> None:
        export = MemoExport(self.env, registry_for(self.config), self.config.language)
        text = json.dumps(export.document(), ensure_ascii=False, indent=2)
        (self.outdir / OUTPUT).write_text(text + "\n", encoding="utf-8")
