"""Every PDF a test makes is checked as an archivist and a screen-reader user would.

Three checkers, run in this process through their Python APIs:

* ``page`` (page-validation) with the profiles ``2a`` (PDF/A-2a) and ``ua1``
  (PDF/UA-1): a failed rule is a problem;
* ``outloud`` (PDF/UA-1 and WCAG checks, including what a validator cannot
  see, such as a running header tagged as content): an error is a problem,
  and so is a warning.

Warnings count because the ones that matter for a memo are warnings:
PAG-001 (running header or footer read out as content on every page),
LNK-010 (a web address printed with no link), ORD-001 (content read in
another order than it is painted), TAG-020 (an empty element).  A warning
that misjudges what Typst writes is listed in :data:`TOLERATED`, matched by
rule and message, with the reason; nothing is dropped silently.

In process, a PDF takes about 0.05 s to check (``page`` 0.015 s for both
profiles, ``outloud`` 0.02-0.05 s once loaded; loading it costs 0.7 s once per
process).  The command ``outloud`` costs 0.9 s per file, as each run loads it
again; ``page`` has no command in the virtual environment, only the module.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Tolerance:
    """An outloud warning that misjudges what Typst writes: its rule's findings
    whose message matches ``pattern`` (and, with ``holds``, only when
    ``holds(path)`` confirms the reason for that PDF) are not problems."""

    pattern: str
    reason: str
    holds: Callable[[str], bool] | None = None


def _in_order_but_for_notes(path: str) -> bool:
    """Whether every page paints its tagged content in tag-tree order (outloud's
    ORD-001 measure: 80 % in place) once the footnotes' /Note elements are left out."""
    from outloud.model import Document

    doc = Document(path)
    try:
        logical: dict[int, list[tuple[Any, int]]] = {}
        for element in doc.elements:
            ancestor, in_note = element, False
            while ancestor is not None:
                in_note = in_note or ancestor.type == "Note"
                ancestor = ancestor.parent
            if in_note:
                continue
            for ref in element.mcrefs:
                if ref.page is not None:
                    logical.setdefault(ref.page, []).append((ref.stream, ref.mcid))
        for page in doc.pages:
            rank = {key: n for n, key in enumerate(logical.get(page.index, []))}
            painted = [rank[k] for k in doc.content(page.index).paint_order if k in rank]
            if len(painted) >= 4 and _longest_increasing(painted) < 0.8 * len(painted):
                return False
        return True
    finally:
        doc.close()


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)


#: outloud warnings that are not problems, by rule id.
TOLERATED: dict[str, Tolerance] = {
    "TAG-020": Tolerance(
        r"^\d+ empty /Lbl element",
        "Typst gives every list item an /Lbl, empty when the list shows no marker "
        "(the fokus figure's pillars, the recipients, as on the web page). An item "
        "of /Lbl and /LBody is what PDF/UA-1 asks (ISO 14289-1, 7.6; the Lbl is "
        "optional) and an empty one reads as nothing. Other empty elements still count.",
    ),
    "ORD-001": Tolerance(
        r"out of tag-tree order",
        "A footnote's /Note stands at its reference in the tag tree, where a "
        "screen reader should meet it (Matterhorn 19), but is painted at the page's "
        "foot; on a short page those few sequences are a large share. Tolerated only "
        "when the page is in order without the notes.",
        _in_order_but_for_notes,
    ),
}

PAGE_PROFILES = ("2a", "ua1")


def claimed_profiles(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """The ``page`` profiles of the standards the PDF claims in its XMP: a memo
    printed to PDF/UA-1 alone (``kommun_pdf_variant``) is no PDF/A, and is
    judged as what it says it is.  A PDF that claims neither is judged as both,
    which it then fails."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        meta = dict(pdf.open_metadata())
    claims = []
    if meta.get("{http://www.aiim.org/pdfa/ns/id/}part") == "2":
        claims.append("2a")
    if meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1":
        claims.append("ua1")
    return tuple(claims) or PAGE_PROFILES


def problems(path: str | os.PathLike[str]) -> list[str]:
    """What is wrong with the PDF at ``path``, one line each; empty if nothing."""
    import outloud
    import page

    found: list[str] = []
    for profile in claimed_profiles(path):
        try:
            report = page.validate_pdf(path, profile=profile)
        except page.PageError as exc:
            found.append(f"page {profile}: cannot validate: {exc}")
            continue
        for failure in report.failures:
            found.append(f"page {profile}: {failure.rule_id}: {failure.message}")
        if not report.is_compliant and not report.failures:
            found.append(f"page {profile}: not compliant")
    result = outloud.check(str(path))
    if result.error:
        found.append(f"outloud: cannot read: {result.error}")
    for finding in result.sorted_findings():
        if finding.severity == "error" or (
            finding.severity == "warning"
            and not tolerated(finding.rule, finding.message, str(path))
        ):
            where = f" (page {finding.page})" if finding.page else ""
            found.append(f"outloud {finding.severity} {finding.rule}{where}: {finding.message}")
    return found


def tolerated(rule: str, message: str, path: str) -> bool:
    """Whether an outloud warning is one :data:`TOLERATED` names, for this PDF."""
    tolerance = TOLERATED.get(rule)
    return (
        tolerance is not None
        and re.search(tolerance.pattern, message) is not None
        and (tolerance.holds is None or tolerance.holds(path))
    )


def assert_valid_pdf(path: str | os.PathLike[str]) -> None:
    """Fail the test, listing every problem, unless the PDF is PDF/A-2a and
    PDF/UA-1 and outloud finds no error and no warning."""
    found = problems(path)
    assert not found, f"{Path(path).name}:\n  " + "\n  ".join(found)
