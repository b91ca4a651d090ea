"""``kommunarkiv``: the memos as an information package for the municipality's e-archive.

The package is FGS Paketstruktur 2.0 (E-ARK CSIP and SIP 2.1) holding an FGS
Ärendehantering 2.0 (CITS ERMS v3) description: a case file per diarienummer
and a record per document of the case (the memo's PDF, each appendix file,
and the protokollsutdrag once a meeting has decided the case).  This module
fills the plain values of :mod:`sphinx_kommun.archive` from the memo records,
the profiles and :mod:`sphinx_kommun.present`; the package itself is written
by :func:`~sphinx_kommun.archive.write_package`, which knows nothing of Sphinx.

**The internal edition.**  The archive is the authority's own, so it holds
every text, secret ones too, with a ``restriction`` (the OSL provision and
the sekretessmarkering) on each secret memo and appendix, and a public
title where the real one is secret.  The builder therefore archives the
internal edition (``kommun_publicering = "intern"``, which ``sphinx-kommun
arkivera`` sets) and refuses to start on the public one, whose texts are
masked: a package made from it would look whole and lack them.  It should
be built in the project's own language, as the memos were written.

**The PDFs are printed here**, by the kommunpdf engine: this builder is a
:class:`~sphinx_kommun.builders.pdf.KommunPDFBuilder` whose PDFs go to a
folder of its own beside the doctrees, always PDF/A-2a and PDF/UA-1 (what
``kommun_pdf_variant`` chooses is kommunpdf's), for the memos it archives
only, and again only when a memo was read again (the PDF builder's rules,
Typst's forking rule included).  Taking them from a PDF build instead would
archive whatever edition, language and standard that build last printed.

**One package per record creator.**  Each municipality keeps its own
archive: a project with memos of two municipalities gives two packages.
Each is a folder named by its OBJID in the output folder (and, with
``kommun_arkiv_packa``, a zip or tar beside it); a package the project no
longer makes is removed.  ``kommun_arkiv_fran`` and ``kommun_arkiv_tom``
limit it to the memos dated in that period.

**What cannot be archived** is left out with a located ``kommun.arkiv``
warning, and the rest is packaged: a memo without a diarienummer, a date or
a municipality, a memo whose PDF could not be printed, and an appendix file
that the containment rule (:mod:`sphinx_kommun.paths`, checked again here)
or the archive's formats (:func:`~sphinx_kommun.archive.refusal`) refuse.

With ``SOURCE_DATE_EPOCH`` set, two builds give byte-identical packages:
the PDFs are, and the writer derives every identifier from the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import SphinxError
from sphinx.util import logging

from sphinx_kommun.archive import (
    Case,
    DecisionKind,
    Organisation,
    Package,
    Person,
    Record,
    RecordFile,
    RecordType,
    Restriction,
    Status,
    accepted_formats,
    contents,
    pack,
    packages_in,
    refusal,
    write_package,
)
from sphinx_kommun.archive.contents import PACKED_SUFFIXES
from sphinx_kommun.builders.pdf import KommunPDFBuilder
from sphinx_kommun.builders.typstengine import DEFAULT_STANDARDS
from sphinx_kommun.i18n import _, join_words, upper_first
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.messages import directive, option
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.paths import FILE, Fence, Refused, folders, refusal_message
from sphinx_kommun.present import (
    appendix_reference,
    confidential_matter,
    secret_appendix,
)

if TYPE_CHECKING:
    from sphinx_kommun.model.memo import Bilaga, Header, MemoRecord

logger = logging.getLogger(__name__)


class ArchiveError(SphinxError):
    category = "kommunarkiv error"


@dataclass(frozen=True)
class Period:
    """The memo dates a package holds; an open end where a date is not given."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} – {end}"

    @property
    def limited(self) -> bool:
        return self.start is not None or self.end is not None


class KommunArkivBuilder(KommunPDFBuilder):
    """The archive package of the project's memos, one per municipality."""

    name = "kommunarkiv"
    epilog = "The archive package is in %(outdir)s."
    #: The output pruner leaves the output folder alone: :meth:`finish` removes
    #: the packages the project no longer makes.
    output_suffixes: tuple[str, ...] = ()

    def init(self) -> None:
        if self.config.kommun_publicering != "intern":
            raise ArchiveError(
                str(
                    _(
                        "kommunarkiv archives the internal edition, with every secret text and "
                        "its sekretessmarkering, and this build is the public one: build with "
                        "-D kommun_publicering=intern (sphinx-kommun arkivera does)"
                    )
                )
            )
        super().init()
        self.standards = DEFAULT_STANDARDS
        self.period = Period(
            parse_datum(self.config.kommun_arkiv_fran),
            parse_datum(self.config.kommun_arkiv_tom),
        )
        self.fence = Fence.of_project(
            Path(self.srcdir),
            Path(self.confdir),
            Path(self.outdir),
            Path(self.doctreedir),
            extra=[Path(self.confdir, f) for f in folders(self.config.kommun_file_dirs)],
        )
        if self.source_language and self.config.language != self.source_language:
            warn(
                str(
                    _(
                        "kommunarkiv: this build is in {language}, a translation; the archive "
                        "should hold the memos as written, in {source}"
                    )
                ).format(language=repr(self.config.language), source=repr(self.source_language)),
                "arkiv",
                conf_location(self.confdir, "language"),
            )

    # -- which memos, and their PDFs ---------------------------------------------------

    @property
    def printed(self) -> Path:
        """Where this builder's PDFs are kept between builds (not in the output)."""
        key = hashlib.sha256(str(Path(self.outdir).resolve()).encode()).hexdigest()[:16]
        return Path(self.doctreedir, f"kommunarkiv-{key}")

    def get_output_path(self, docname: str) -> Path:
        return self.printed / f"{docname}{self.out_suffix}"

    def memo(self, docname: str) -> MemoRecord | None:
        """The record of ``docname`` if the package may hold it: a memo with a
        municipality, a diarienummer and a date in the period."""
        record = super().memo(docname)
        if record is None or record.header is None or _lacks(record.header):
            return None
        return record if parse_datum(record.header.datum) in self.period else None

    # -- the package -------------------------------------------------------------------

    def finish(self) -> None:
        super().finish()
        written = [self.package_folder(package) for package in self.packages()]
        self.remove_old(written)

    def package_folder(self, package: Package) -> Path:
        """Write ``package`` into the output folder (and pack it); its folder."""
        folder = write_package(package, Path(self.outdir))
        form = self.config.kommun_arkiv_packa
        if form in ("zip", "tar"):
            pack(folder, package.created, form)
        held = contents(folder)
        logger.info("kommunarkiv: %s: %s: %s", held.record_creator, folder, held.summary)
        return folder

    def remove_old(self, written: list[Path]) -> None:
        """Remove the packages (and their zip or tar) this build did not write."""
        outdir = Path(self.outdir)
        for folder in packages_in(outdir):
            if folder not in written:
                shutil.rmtree(folder)
        form = self.config.kommun_arkiv_packa
        kept = {folder.with_name(f"{folder.name}.{form}") for folder in written} if form else set()
        for suffix in PACKED_SUFFIXES:
            for packed in outdir.glob(f"uuid-*{suffix}"):
                if packed not in kept:
                    packed.unlink()

    def packages(self) -> list[Package]:
        """One package per municipality whose memos the project has."""
        by_creator: dict[str, list[MemoRecord]] = {}
        for record in self.domain.memo_records():
            if self.archivable(record):
                assert record.header is not None
                by_creator.setdefault(record.header.kommun, []).append(record)
        if not by_creator:
            if self.period.limited:
                message = str(
                    _("kommunarkiv: no memo dated {period} can be archived; no package")
                ).format(period=self.period)
                where = conf_location(self.confdir, "kommun_arkiv_fran")
            else:
                message, where = str(_("kommunarkiv: no memo can be archived; no package")), None
            warn(message, "arkiv", where)
        return [self.package(kommun, memos) for kommun, memos in sorted(by_creator.items())]

    def archivable(self, record: MemoRecord) -> bool:
        """Whether the memo goes into a package; a located warning where it cannot."""
        header = record.header
        if header is None:
            return False
        where = (record.docname, header.line)
        if missing := _lacks(header):
            warn(
                str(
                    _(
                        "kommunarkiv: the memo cannot be archived without {missing}; "
                        "left out of the archive package"
                    )
                ).format(missing=join_words(missing, self.config.language)),
                "arkiv",
                where,
            )
            return False
        if parse_datum(header.datum) not in self.period:
            return False
        pdf = self.get_output_path(record.docname)
        reason = refusal(pdf) if pdf.is_file() else str(_("it could not be printed"))
        if reason:
            warn(
                str(
                    _(
                        "kommunarkiv: the memo's PDF cannot be archived: {reason}; "
                        "left out of the archive package"
                    )
                ).format(reason=reason),
                "arkiv",
                where,
            )
            return False
        return True

    def package(self, kommun: str, memos: list[MemoRecord]) -> Package:
        profile = self.registry.profile(kommun)
        creator = Organisation(
            self.present.kommun(kommun),
            profile.organisationsnummer if profile else "",
            profile.kommunkod if profile else "",
        )
        by_dnr: dict[str, list[MemoRecord]] = {}
        for record in memos:
            assert record.header is not None
            by_dnr.setdefault(record.header.dnr.strip(), []).append(record)
        cases = sorted(
            (self.case(dnr, records) for dnr, records in by_dnr.items()),
            key=lambda case: (case.opening_date or dt.date.min, case.dnr),
        )
        dates = sorted(_datum(record.header) for record in memos)
        project = self.config.project or creator.name
        span = str(dates[0]) if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
        label = f"{project}: {creator.name}, {span}"
        return Package(
            label,
            creator,
            self.created,
            tuple(cases),
            submission_agreement=" ".join(self.config.kommun_arkiv_overenskommelse.split()),
        )

    def case(self, dnr: str, memos: list[MemoRecord]) -> Case:
        """A diarienummer's case file: its memos, oldest first, each followed by
        its appendices, then the case's protokollsutdrag."""
        memos = sorted(memos, key=lambda r: (_datum(r.header), r.docname))
        records: list[Record] = []
        for memo in memos:
            records.append(self.memo_record(memo))
            records.extend(self.appendix_records(memo))
        extracts = self.protocol_extracts(dnr, memos)
        records.extend(extracts)
        decided = max((r.decided for r in extracts if r.decided), default=None)
        secret = [m.header for m in memos if m.secret and m.header is not None]
        latest = memos[-1]
        assert latest.header is not None
        decision = latest.beslut[-1] if latest.beslut else None
        return Case(
            dnr=dnr,
            title=memos[0].title or memos[0].docname,
            status=Status.CLOSED if decided else Status.PREPARED,
            records=tuple(records),
            opened=_datum(memos[0].header),
            decided=decided,
            decision=self.decision_text(latest),
            decision_kind=DecisionKind.BESLUT if decided else DecisionKind.FORSLAG,
            decided_by=(
                self.present.organ(latest.header.kommun, decision.instans) if decision else ""
            ),
            public_title=confidential_matter() if secret else "",
            restrictions=tuple(dict.fromkeys(self.restriction(header) for header in secret)),
        )

    def decision_text(self, memo: MemoRecord) -> str:
        """The memo's proposed decisions in words, as its page shows them:
        "Kommunstyrelsens beslut" and the numbered points."""
        header = memo.header
        assert header is not None
        parts = []
        for beslut in memo.beslut:
            points = list(beslut.points)
            if len(points) > 1:
                points = [f"{n}. {point}" for n, point in enumerate(points, start=1)]
            heading = self.present.decision_heading(header.kommun, beslut)
            parts.append("\n".join([heading, *points]))
        return "\n\n".join(parts)

    def memo_record(self, memo: MemoRecord) -> Record:
        header = memo.header
        assert header is not None
        view = self.present.header(header)
        signers = [Person(s.namn, s.titel) for s in memo.underskrifter if s.namn.strip()]
        return Record(
            title=memo.title or memo.docname,
            record_type=view.dokumenttyp.lower() or RecordType.TJANSTEUTLATANDE,
            created=_datum(header),
            # Named by what it is, not by its source file, whose name may tell
            # what a secret memo's title keeps for the ERMS file alone.
            files=(
                RecordFile(
                    self.get_output_path(memo.docname),
                    f"{view.dokumenttyp} {header.datum}{self.out_suffix}",
                ),
            ),
            public_title=confidential_matter() if memo.secret else "",
            responsible_person=(
                Person(header.handlaggare, header.handlaggare_titel, view.forvaltning)
                if header.handlaggare.strip()
                else None
            ),
            main_signatory=signers[0] if signers else None,
            other_signatories=tuple(signers[1:]),
            restrictions=(self.restriction(header),) if memo.secret else (),
        )

    def appendix_records(self, memo: MemoRecord) -> list[Record]:
        """A record for each appendix whose file the archive can keep.  One with
        no ``:fil:`` is only named in the memo; a refused file is a warning."""
        header = memo.header
        assert header is not None
        records = []
        for bilaga in memo.bilagor:
            path = self.appendix_file(memo, bilaga) if bilaga.fil else None
            if path is None:
                continue
            secret = bilaga.sekretess or header.sekretess
            number = upper_first(appendix_reference(bilaga.nummer))
            # A secret appendix's file name may tell what its title does.
            name = number + Path(bilaga.fil).suffix if secret else Path(bilaga.fil).name
            records.append(
                Record(
                    title=bilaga.titel or number,
                    record_type=RecordType.BILAGA,
                    created=_datum(header),
                    files=(RecordFile(path, name),),
                    public_title=secret_appendix() if secret else "",
                    restrictions=(self.restriction(header, secret),) if secret else (),
                    description=number,
                )
            )
        return records

    def appendix_file(self, memo: MemoRecord, bilaga: Bilaga) -> Path | None:
        """The appendix's file, checked again by the containment rule (it may
        have become a link since the memo was read) and by the archive's formats."""
        where = (memo.docname, bilaga.line)
        base = Path(self.env.doc2path(memo.docname)).parent
        checked = self.fence.contained(bilaga.fil, base=base, use=FILE)
        if isinstance(checked, Refused):
            what = f"{directive('bilaga')} {bilaga.nummer}"
            warn(refusal_message(what, bilaga.fil, checked, "not-archived"), "arkiv", where)
            return None
        reason = refusal(checked.path, Path(bilaga.fil).name)
        if reason:
            formats = accepted_formats()
            if formats in reason:
                message = _(
                    "{directive} {number}: {file} cannot be archived: {reason}; "
                    "left out of the archive package"
                )
            else:
                message = _(
                    "{directive} {number}: {file} cannot be archived: {reason}; the archive "
                    "accepts {formats}; left out of the archive package"
                )
            warn(
                str(message).format(
                    directive=directive("bilaga"),
                    number=bilaga.nummer,
                    file=repr(bilaga.fil),
                    reason=reason,
                    formats=formats,
                ),
                "arkiv",
                where,
            )
            return None
        return checked.path

    def restriction(self, header: Header, provision: str = "") -> Restriction:
        """A secret part: its provision, and the sekretessmarkering as its explanation."""
        provision = provision or header.sekretess
        return Restriction(provision, self.present.secrecy_marking(header, provision))

    def protocol_extracts(self, dnr: str, memos: list[MemoRecord]) -> list[Record]:
        """The case's protokollsutdrag, one record each.

        A meeting's ``punkt`` that names this dnr, once its protokoll is
        justerat, gives a record of type :attr:`RecordType.PROTOKOLLSUTDRAG`:
        created on the day of justering, decided on the meeting's date when
        the body decided the matter (not when it was referred back or
        postponed), the ordförande as main signatory and the justerare as the
        others; its file the utdrag this builder printed for that §.  A
        decided extract closes the case.
        """
        found: dict[tuple[str, int], Record] = {}
        for memo in memos:
            for meeting, item, paragraf in self.domain.handling(memo):
                justering = meeting.justering
                adjusted = parse_datum(justering.datum) if justering else None
                printed = self.get_output_path(f"{meeting.docname}-utdrag-{paragraf}")
                if paragraf is None or adjusted is None or not printed.is_file():
                    continue
                assert justering is not None
                kind = str(_("Extract from the minutes"))
                chair = meeting.ordforande
                held = self.present.meeting_title(meeting.kommun, meeting.instans, meeting.datum)
                found[(meeting.docname, paragraf)] = Record(
                    title=f"{kind} § {paragraf}, {held}",
                    record_type=RecordType.PROTOKOLLSUTDRAG,
                    created=adjusted,
                    files=(
                        RecordFile(printed, f"{kind} {meeting.datum} {paragraf}{self.out_suffix}"),
                    ),
                    decided=parse_datum(meeting.datum) if item.decided else None,
                    main_signatory=Person(chair.namn, str(_("Chair"))) if chair else None,
                    other_signatories=tuple(
                        Person(name, str(_("Adjuster"))) for name in justering.justerare
                    ),
                    description=self.present.outcome(item.utfall),
                )
        return list(found.values())


def _lacks(header: Header) -> list[str]:
    """What a memo's header lacks that the archive needs, in words; [] for nothing."""
    if header.datum:
        date = str(_("a real date ({option} {value})")).format(
            option=option("datum"), value=repr(header.datum)
        )
    else:
        date = str(_("a date ({option})")).format(option=option("datum"))
    return [
        what
        for what, given in (
            (str(_("a diarienummer ({option})")).format(option=option("dnr")), header.dnr.strip()),
            (date, parse_datum(header.datum)),
            (str(_("a municipality ({option})")).format(option=option("kommun")), header.kommun),
        )
        if not given
    ]


def _datum(header: Header | None) -> dt.date:
    """The memo's date; only memos with one are archived."""
    datum = parse_datum(header.datum) if header is not None else None
    assert datum is not None
    return datum
