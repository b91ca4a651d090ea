"""``kommunjson``: every memo as data, for the registry (diariet), the web and the archive.

The builder writes one file, ``memos.json``: a record per memo, built from the
records the directives keep in the domain, with names in the build's language
and dates in ISO form.  Its shape is the JSON Schema ``schemas/memos.schema.json``
shipped in the package (:data:`SCHEMA_PATH`).

This module is also the target of the ``sphinx.builders`` entry point, so
``sphinx-build -b kommunjson`` finds the builder through :func:`setup`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder

from sphinx_kommun.directives.arende import parse_datum, split_signer
from sphinx_kommun.registry import label_text, registry_for

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

    from sphinx_kommun.domain import KommunDomain, MemoRecord
    from sphinx_kommun.profiles import Organ
    from sphinx_kommun.registry import Registry

SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "memos.schema.json"
OUTPUT = "memos.json"


class MemoExport:
    """The records of the memos of one environment, in one language."""

    def __init__(self, env: BuildEnvironment, registry: Registry, lang: str | None) -> None:
        self.env = env
        self.registry = registry
        self.lang = lang

    def document(self) -> dict[str, Any]:
        from sphinx_kommun import __version__  # the package imports this module first

        domain: KommunDomain = self.env.domains["kommun"]  # type: ignore[assignment]
        return {
            "generator": f"sphinx-kommun {__version__}",
            "projekt": self.env.config.project,
            "sprak": self.lang,
            "memos": [self.memo(record) for record in domain.memo_records()],
        }

    def memo(self, record: MemoRecord) -> dict[str, Any]:
        header = record.header
        assert header is not None
        profile = self.registry.profile(header.kommun)
        lang = self.lang

        def organ(key: str, organs: dict[str, Organ] | None) -> dict[str, str]:
            found = organs.get(key) if organs is not None else None
            return {"nyckel": key, "namn": found.name(lang) if found else key}

        instanser = profile.instanser if profile else None
        datum = parse_datum(header.datum)
        handlaggare, titel = split_signer(header.handlaggare)
        return {
            "kommun": {
                "nyckel": header.kommun,
                "namn": profile.name(lang) if profile else header.kommun,
                "kommunkod": profile.kommunkod if profile else None,
                "organisationsnummer": (profile.organisationsnummer or None) if profile else None,
            },
            "instans": organ(header.instans, instanser),
            "forvaltning": organ(header.forvaltning, profile.forvaltningar if profile else None),
            "typ": {
                "nyckel": header.typ,
                "namn": self.registry.document_heading(profile, header.typ, lang),
            },
            "datum": datum.isoformat() if datum else None,
            "dnr": header.dnr,
            "handlaggare": {"namn": handlaggare, "titel": titel} if handlaggare else None,
            "titel": record.title,
            "beslut": [
                {
                    "instans": organ(beslut.instans, instanser),
                    **({"till": organ(beslut.till, instanser)} if beslut.till else {}),
                    "punkter": beslut.points,
                }
                for beslut in record.beslut
            ],
            "fokusomraden": [
                {"namn": f.name, "genomgaende": f.genomgaende, "ny": f.ny, "text": f.text}
                for f in record.fokus
            ],
            "konsekvenser": [
                {"nyckel": key, "namn": self.consequence_name(key)} for key in record.konsekvenser
            ],
            "underskrifter": [{"namn": s.namn, "titel": s.titel} for s in record.underskrifter],
            "bilagor": [
                {"nummer": b.nummer, "titel": b.titel, "fil": self.project_path(b.fil, record)}
                for b in record.bilagor
            ],
            "delges": [{"nyckel": m.key or None, "namn": m.name} for m in record.delges],
            "sprak": lang,
            "kalla": self.env.doc2path(record.docname, base=False).as_posix(),
        }

    def consequence_name(self, key: str) -> str:
        known = self.registry.consequence_types.get(key)
        return label_text(known.word, self.lang) if known else key

    def project_path(self, fil: str, record: MemoRecord) -> str | None:
        """A ``bilaga :fil:`` (written relative to its memo) as a path in the project."""
        if not fil:
            return None
        return Path(self.env.relfn2path(fil, record.docname)[0]).as_posix()


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


def setup(app: Sphinx) -> ExtensionMetadata:
    """The entry point of ``-b kommunjson``: sphinx-kommun, which adds this builder."""
    app.setup_extension("sphinx_kommun")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
