"""Secrecy: the public edition holds no secret, in any file of any builder's
output, in either language; the internal edition holds them all, marked.

tests/roots/test-sekretess has a secret memo (a socialnämnd's decision on a
named person), a secret appendix with a file, and names masked in a
paragraph, a section title, a table cell, an appendix title and an English
translation (where the translator masked a name of their own).  Every build
runs as ``sphinx-build`` does, in a process of its own: Sphinx keeps a
project's translations for a whole process.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest

from tests.conftest import ROOTS

BUILDERS = ("html", "dirhtml", "singlehtml", "kommunpdf", "kommunjson", "text")
LANGUAGES = ("sv", "en")
#: Every secret of the project as written, and the words a search index
#: would keep of them (lower case, the stem's first letters).
SECRETS = {
    "Agnes Lindqvist": ("agnes", "lindqvist"),
    "Sjöbrisen": ("sjöbris",),
    "ekonomiskt bistånd för hyra": (),
    "financial assistance for rent": (),
    "Maja Ek": ("maja",),
    "Karin Holm": ("karin",),
    "Sigrid Nyberg": ("sigrid", "nyberg"),
    "Lars Persson": ("persson",),
    "Tekla Gran": ("tekla",),
    "Bertil Ek": ("bertil",),
    "Holmsgården": ("holmsgård",),
    "Utredningens slutsats": ("utredningens",),
    "Kalle Hemligsson": ("hemligsson",),  # a secret item of a meeting
}
#: What each language's internal edition must show of them.
SHOWN_INTERN = {
    "sv": [
        "Agnes Lindqvist",
        "Sjöbrisen",
        "Maja Ek",
        "Karin Holm",
        "Sigrid Nyberg",
        "Lars Persson",
        "Tekla Gran",
        "Kalle Hemligsson",
    ],
    "en": [
        "Agnes Lindqvist",
        "Sjöbrisen",
        "Karin Holm",
        "Sigrid Nyberg",
        "Lars Persson",
        "Tekla Gran",
        "Bertil Ek",
        "financial assistance for rent",
        "Kalle Hemligsson",
    ],
}


def file_text(path: Path) -> str:
    """What a file says, as a reader, a search or an archive reads it."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return " ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    if path.name == "objects.inv":
        head, _sep, body = data.partition(b"zlib.\n")
        data = head + zlib.decompress(body) if body else data
    return data.decode("utf-8", errors="replace")


def page_text(path: Path) -> str:
    """A web page's words as a reader reads them."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", file_text(path), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def found_in(folder: Path) -> dict[str, list[str]]:
    """Which secrets stand in which files of ``folder``, however a file keeps them."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = file_text(path)
        folded = " ".join(text.split())
        lower = folded.lower()
        for secret, words in SECRETS.items():
            if secret in folded or any(re.search(rf"\b{re.escape(w)}", lower) for w in words):
                hits.setdefault(secret, []).append(str(path.relative_to(folder)))
    return hits


def sphinx_build(srcdir: Path, outdir: Path, builder: str, lang: str, edition: str) -> str:
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", builder,
        "-D", f"language={lang}", "-D", f"kommun_publicering={edition}",
        str(srcdir), str(outdir),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[tuple[str, str, str], tuple[Path, str]]:
    """Every builder, language and edition, each in a fresh process; doctrees
    inside the output folder, where plain sphinx-build puts them."""
    base = tmp_path_factory.mktemp("sekretess")
    srcdir = base / "projekt"
    shutil.copytree(ROOTS / "test-sekretess", srcdir)
    jobs = {
        (builder, lang, edition): base / "out" / edition / lang / builder
        for builder in BUILDERS
        for lang in LANGUAGES
        for edition in ("offentlig", "intern")
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        logs = {
            key: pool.submit(sphinx_build, srcdir, outdir, *key) for key, outdir in jobs.items()
        }
        return {key: (jobs[key], logs[key].result()) for key in jobs}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_public_edition_holds_no_secret_in_any_file(outputs, builder, lang) -> None:
    outdir, log = outputs[(builder, lang, "offentlig")]
    assert found_in(outdir) == {}
    assert "Traceback" not in log


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_internal_edition_holds_every_secret_marked(outputs, lang) -> None:
    html = {p: file_text(p) for p in outputs[("html", lang, "intern")][0].rglob("*.html")}
    shown = " ".join(" ".join(t.split()) for t in html.values())
    for secret in SHOWN_INTERN[lang]:
        assert secret in shown, secret
    pdfs = " ".join(file_text(p) for p in outputs[("kommunpdf", lang, "intern")][0].rglob("*.pdf"))
    assert "Agnes Lindqvist" in pdfs and "OSL 26 kap. 1 §" in pdfs
    marking = "Sekretess enligt OSL 26 kap. 1 §" if lang == "sv" else "Secret under OSL 26 kap. 1 §"
    assert marking.upper() in shown or marking in shown


def test_what_the_public_edition_tells_of_a_secret_memo(outputs) -> None:
    outdir = outputs[("html", "sv", "offentlig")][0]
    assert not (outdir / "memon" / "bistand.html").exists()
    assert not list(outputs[("kommunpdf", "sv", "offentlig")][0].rglob("bistand*.pdf"))
    assert not list(outputs[("text", "sv", "offentlig")][0].rglob("bistand*.txt"))
    assert not list(outputs[("dirhtml", "sv", "offentlig")][0].rglob("bistand/index.html"))
    register = page_text(outdir / "index.html")
    assert "Sekretessbelagt ärende SN-2025/41" in register
    index = page_text(outdir / "memoindex.html")
    assert "Sekretessbelagt ärende SN-2025/41" in index
    assert 'href="memon/bistand.html"' not in file_text(outdir / "index.html")
    memos = json.loads((outputs[("kommunjson", "en", "offentlig")][0] / "memos.json").read_text())
    [secret] = [m for m in memos["memos"] if m.get("sekretessbelagt")]
    assert secret == {"dnr": "SN-2025/41", "titel": "Confidential matter", "sekretessbelagt": True}


def test_what_the_public_edition_tells_of_a_secret_item_of_a_meeting(outputs) -> None:
    page = page_text(outputs[("html", "sv", "offentlig")][0] / "sn-sammantrade.html")
    assert "§ 1 Sekretessbelagt ärende ¶ Dnr SN-2025/41 § 2 Verksamhetsberättelse 2024" in page
    pdfs = outputs[("kommunpdf", "sv", "offentlig")][0]
    # No utdrag of the secret item; the kallelse names it by its dnr alone.
    assert sorted(p.name for p in pdfs.glob("sn-sammantrade*.pdf")) == [
        "sn-sammantrade-kallelse.pdf",
        "sn-sammantrade-utdrag-2.pdf",
        "sn-sammantrade.pdf",
    ]
    assert "1. Sekretessbelagt ärende Dnr SN-2025/41" in " ".join(
        file_text(pdfs / "sn-sammantrade-kallelse.pdf").split()
    )
    memos = json.loads((outputs[("kommunjson", "sv", "offentlig")][0] / "memos.json").read_text())
    [meeting] = memos["sammantraden"]
    assert meeting["punkter"][0] == {
        "nummer": 1,
        "paragraf": 1,
        "dnr": "SN-2025/41",
        "namn": "Sekretessbelagt ärende",
        "offentlig": False,
    }
    intern = outputs[("kommunpdf", "sv", "intern")][0]
    assert "Kalle Hemligsson" in file_text(intern / "sn-sammantrade-utdrag-1.pdf")


def test_masked_text_and_a_secret_appendix_in_the_public_edition(outputs) -> None:
    page = page_text(outputs[("html", "sv", "offentlig")][0] / "memon/lokal.html")
    assert "Förslaget kom från [maskerat enligt OSL 26 kap. 1 §] , som bor nära lokalen." in page
    assert "Anhörig [maskerat enligt OSL 26 kap. 1 §]" in page
    assert "Bilaga 1. Sekretessbelagd bilaga (OSL 21 kap. 1 §)" in page
    assert "Bilaga 2. Ritning över lokalen" in page
    english = outputs[("html", "en", "offentlig")][0] / "memon/lokal.html"
    assert "and [masked under OSL 26 kap. 1 §] ." in page_text(english)
    downloads = outputs[("html", "sv", "offentlig")][0] / "_downloads"
    assert sorted(p.name for p in downloads.rglob("*.txt")) == ["ritning.txt"]


def test_the_public_site_and_the_internal_one_from_the_one_command(tmp_path) -> None:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-sekretess", srcdir)
    command = Path(sys.executable).parent / "sphinx-kommun"
    for extra in ([], ["--intern"]):
        result = subprocess.run(
            [str(command), "build", str(srcdir), *extra], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGUAGES:
        assert found_in(srcdir / "_build" / lang) == {}
        assert (srcdir / "_build" / "intern" / lang / "html" / "memon" / "bistand.html").is_file()
        assert (srcdir / "_build" / "intern" / lang / "pdf" / "memon" / "bistand.pdf").is_file()


def test_translate_writes_no_catalog_of_a_secret_memo(tmp_path) -> None:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-sekretess", srcdir)
    catalogs = srcdir / "locales" / "en" / "LC_MESSAGES" / "memon"
    (catalogs / "bistand.po").unlink()
    command = Path(sys.executable).parent / "sphinx-kommun"
    result = subprocess.run(
        [str(command), "translate", str(srcdir)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (catalogs / "bistand.po").exists()
    assert not list((srcdir / "_build" / "gettext").rglob("bistand.pot"))
    result = subprocess.run(
        [str(command), "translate", str(srcdir), "--intern"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Agnes Lindqvist" in (catalogs / "bistand.po").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "warned"),
    [
        ("`Anna <OSL 26 kap 1 §>`", None),  # no period after kap: still OSL 26 kap. 1 §
        ("`Anna <26 kap. 1 § offentlighets- och sekretesslagen (2009:400)>`", None),
        ("`Anna <Sekretesslagen 7:4>`", "är ingen bestämmelse i offentlighets- och sekretesslagen"),
        ("`Anna`", "anger ingen bestämmelse och tjänsteutlåtandet har ingen"),
    ],
)
def test_a_mask_without_a_provision_of_known_form_is_a_warning_and_still_a_mask(
    tmp_path, written, warned
) -> None:
    srcdir = tmp_path / "projekt"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_kommun"]\nkommun_profile = "huddinge"\nshow_warning_types = True\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        f"Ärende\n======\n\nSökanden :maskera:{written} har ansökt.\n", encoding="utf-8"
    )
    log = sphinx_build(srcdir, tmp_path / "out", "html", "sv", "offentlig")
    page = file_text(tmp_path / "out" / "index.html")
    assert "Anna" not in page
    assert "[maskerat" in page
    if warned:
        assert re.search(
            rf"index\.rst:4: WARNING: .*{re.escape(warned)}.*\[kommun\.sekretess\]", log
        )
    else:
        assert "kommun.sekretess" not in log
        assert "[maskerat enligt OSL 26 kap. 1 §]" in page


def test_a_secret_memos_text_quoted_in_a_public_page_is_reported(tmp_path) -> None:
    srcdir = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-sekretess", srcdir)
    memo = srcdir / "memon" / "lokal.rst"
    memo.write_text(
        memo.read_text(encoding="utf-8")
        + "\nSe även:\n\n   Hon har sedan januari saknat inkomst efter en lång sjukskrivning.\n",
        encoding="utf-8",
    )
    log = sphinx_build(srcdir, tmp_path / "out", "html", "sv", "offentlig")
    assert re.search(
        r"lokal\.rst:1: WARNING: text ur det sekretessbelagda tjänsteutlåtandet 'memon/bistand' "
        r"står omaskerad på den här sidan \[kommun\.sekretess\]",
        log,
    ), log
