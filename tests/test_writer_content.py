"""What municipal memos need beyond the tjänsteutlåtande: the document types
of an answer and a delegated decision, more consequence types and a
profile's own, a municipality's own wording of the headings, the case
officer's phone and e-mail, a decision basis, and ``sphinx-kommun profil``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, ROOTS, kommun_warnings
from tests.test_json import by_dnr, memos_json

COMMAND = Path(sys.executable).with_name("sphinx-kommun")


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶", "", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", html)]


def test_an_answer_to_a_motion_has_its_type_headings_and_the_profile_s_words(build) -> None:
    app = build("writer-content", "html")
    html = (Path(app.outdir) / "memon" / "motion.html").read_text(encoding="utf-8")
    assert '<p class="kommun-dokumenttyp">SVAR PÅ MOTION</p>' in html
    assert headings(html) == [
        "Förslag till beslut",
        "Sammanfattning",
        "Beskrivning av ärendet",
        "Sociala konsekvenser samt konsekvenser för folkhälsa, tillgänglighet och klimatet",
        "Underlag för beslut",  # the profile's rubriker.beslutsunderlag
        "Expedieras till",  # the profile's rubriker.delges
    ]
    assert "<li><p>Motion från Anna Ek (S)</p></li>" in html
    assert '<dt class="field-even">Telefon<span class="colon">:</span></dt>' in html
    assert "<p>08-123 456 78</p>" in html
    assert 'href="mailto:lars' in html


def test_a_delegated_decision_has_the_profile_s_name_and_sections(build) -> None:
    app = build("writer-content", "html")
    html = (Path(app.outdir) / "memon" / "delegation.html").read_text(encoding="utf-8")
    assert '<p class="kommun-dokumenttyp">BESLUT PÅ DELEGATION</p>' in html
    assert "Konsekvenser för personal, landsbygd, digitalisering och risker" in headings(html)
    warnings = "\n".join(kommun_warnings(app))
    for missing in ("arendebeskrivning", "beslutsunderlag"):
        assert re.search(
            rf"delegation\.rst:1: WARNING: avsnittet `\.\. {missing}::` saknas: ett dokument "
            r"av typen beslut på delegation behöver det \[kommun\.section\]",
            warnings,
        )
    assert re.search(
        r"motion\.rst:1: WARNING: avsnittet `\.\. synpunkter::` saknas: ett dokument av typen "
        r"svar på motion",
        warnings,
    )
    assert re.search(
        r"delegation\.rst:7: WARNING: .*`:telefon:` 'ring mig' är inget telefonnummer "
        r".*\[kommun\.telefon\]",
        warnings,
    )
    assert re.search(
        r"delegation\.rst:8: WARNING: .*`:epost:` 'eva\.lind at tullinge' är ingen "
        r"e-postadress.*\[kommun\.epost\]",
        warnings,
    )


def test_the_english_build_names_the_new_types_and_headings_in_english(build) -> None:
    app = build("writer-content", "html", language="en")
    html = (Path(app.outdir) / "memon" / "motion.html").read_text(encoding="utf-8")
    assert '<p class="kommun-dokumenttyp">RESPONSE TO A MOTION</p>' in html
    assert "Dispatched to" in headings(html)
    assert "Basis for the decision" in headings(html)


def test_the_json_carries_the_officer_s_phone_and_e_mail_and_the_consequence_words(
    build,
) -> None:
    memo = by_dnr(memos_json(build("writer-content", "kommunjson")))["SN 2026/5"]
    assert memo["handlaggare"] == {
        "namn": "Lars Holm",
        "titel": "socialsekreterare",
        "telefon": "08-123 456 78",
        "epost": "lars.holm@tullinge.invalid",
    }
    assert [k["namn"] for k in memo["konsekvenser"]] == [
        "sociala",
        "folkhälsa",
        "tillgänglighet",
        "klimatet",
    ]


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=REPO,
    )


def test_profil_lists_a_shipped_profile_s_bodies_administrations_and_types() -> None:
    result = run("profil", "Haninge")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Haninge kommun (haninge)"
    assert re.search(
        r"^  kommunstyrelsens-arbetsutskott +Kommunstyrelsens arbetsutskott$", result.stdout, re.M
    )
    assert re.search(r"^  krisledningsnamnden +Krisledningsnämnden$", result.stdout, re.M)
    assert re.search(r"^  revisorerna +Revisorerna$", result.stdout, re.M)
    assert re.search(r"^  utbildningsforvaltningen +Utbildningsförvaltningen$", result.stdout, re.M)
    assert re.search(
        r"^  svar-pa-motion +Svar på motion: beslut, sammanfattning, arendebeskrivning, "
        r"synpunkter$",
        result.stdout,
        re.M,
    )
    assert re.search(r"^  folkhalsa +folkhälsa$", result.stdout, re.M)


def test_profil_of_a_project_counts_its_own_profiles_in_its_language() -> None:
    result = run("profil", "tullinge", ROOTS / "test-writer-content")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^  delegationsbeslut +Beslut på delegation: beslut, arendebeskrivning, beslutsunderlag$",
        result.stdout,
        re.M,
    )
    assert re.search(r"^  klimat +klimatet$", result.stdout, re.M)
    assert re.search(r"^  delges +Expedieras till$", result.stdout, re.M)


def test_profil_of_an_unknown_key_names_the_known_ones_and_exits_2() -> None:
    result = run("profil", "uppsala")
    assert result.returncode == 2
    assert "ingen profil 'uppsala'" in result.stderr and "'haninge'" in result.stderr
    assert result.stdout == ""


def test_the_pdf_has_the_type_the_officer_s_phone_and_e_mail_and_the_profile_s_headings(
    build,
) -> None:
    import pypdf

    app = build("writer-content", "kommunpdf")
    pdf = Path(app.outdir) / "memon" / "motion.pdf"
    text = " ".join(
        " ".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages).split()
    )
    for words in (
        "SVAR PÅ MOTION",
        "08-123 456 78",
        "lars.holm@tullinge.invalid",
        "Underlag för beslut",
        "Expedieras till",
        "Sociala konsekvenser samt konsekvenser för folkhälsa, tillgänglighet och klimatet",
    ):
        assert words in text, words
