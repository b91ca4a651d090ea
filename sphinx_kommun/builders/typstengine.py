"""Typst, set up once per process, typesetting one PDF per call from data.

Typst may read any file under its root, so each compilation gets a fresh
temporary root holding only the template, the document's data and copies of
the images the data names: a writer's path can reach nothing else, and a
symbolic link in the sources is followed here, where it is checked, not by
Typst.  Images are copied only from the folders the caller allows, only
regular files, and only up to a size.

Fonts are the package's own and Typst's built-in ones, never the machine's,
so a PDF is the same on every machine; they are loaded once, by one reused
``typst.Compiler``.  With the same data and timestamp two compilations give
the same bytes: Typst derives the PDF's document ID from the title and
authors, and its dates from the timestamp given.

The default standards are PDF/A-2a and PDF/UA-1 together: tagged, with the
running header and footer as artifacts (Typst marks page headers and
footers so), the title shown as the viewer's window title.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_kommun.builders.typstdata import image_name_ok, normalise_lang
from sphinx_kommun.i18n import _

TEMPLATE_DIR = Path(__file__).parent / "typst"
DEFAULT_TEMPLATE = "memo.typ"
#: The name the template reads its data from.
DATA_NAME = "data.json"
DEFAULT_STANDARDS: tuple[str, ...] = ("a-2a", "ua-1")
#: The standards Typst can write (``typst.PDFStandard``).
KNOWN_STANDARDS = frozenset(
    {"1.4", "1.5", "1.6", "1.7", "2.0", "a-1a", "a-1b", "a-2a", "a-2b", "a-2u"}
    | {"a-3a", "a-3b", "a-3u", "a-4", "a-4e", "a-4f", "ua-1"}
)
#: The family the text is set in, shipped by ``fontpkg-source-sans-3``.
FONT_FAMILY = "Source Sans 3"
MAX_IMAGE_BYTES = 20 * 1024 * 1024

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The process that compiled first.  Typst's thread pool starts with the first
#: compilation and is not copied by a fork: a forked child that compiles would
#: wait for it for ever, so it is refused instead.
_compiled_in: int | None = None
_LOCATION = re.compile(r"┌─ (\S+):(\d+):(\d+)")


def compiled_here() -> bool:
    """Whether this process has run Typst: it must then not fork workers that do."""
    return _compiled_in == os.getpid()


class TypstCompileError(Exception):
    """Typst could not typeset the document, or the engine refused its input.

    ``message`` is Typst's (or the engine's) message, ``location`` the place
    in the template it points at ("memo.typ:12:7") if any, and ``detail``
    Typst's full diagnostic with hints and trace.
    """

    def __init__(self, message: str, location: str | None = None, detail: str = "") -> None:
        super().__init__(f"{message} (at {location})" if location else message)
        self.message = message
        self.location = location
        self.detail = detail


@dataclass(frozen=True)
class Compiled:
    """A PDF and what Typst warned of while making it."""

    pdf: bytes
    warnings: tuple[str, ...]


def font_dirs() -> list[Path]:
    """The folders of the PDF font's files, wherever pip installed them."""
    import fontpkg

    try:
        family = fontpkg.family(FONT_FAMILY)
    except fontpkg.FontpkgError as exc:
        msg = f"the PDF font {FONT_FAMILY} is not installed: pip install fontpkg-source-sans-3"
        raise TypstCompileError(msg) from exc
    return sorted({f.path.parent for f in family.files})


class TypstEngine:
    """One reusable Typst compiler with the fonts loaded; not for use by two
    threads at once.  It may be made before worker processes are forked (they
    inherit the loaded fonts), but a process that has compiled must not fork
    workers that compile: Typst's thread pool does not survive a fork, and
    such a worker raises :class:`TypstCompileError` rather than hang.

    ``standards`` are Typst's names ("a-2a", "ua-1", "a-3b", ...; empty for a
    plain, still tagged, PDF).
    """

    def __init__(
        self,
        *,
        template: str | Path = DEFAULT_TEMPLATE,
        standards: Sequence[str] = DEFAULT_STANDARDS,
        fonts: Sequence[str | Path] | None = None,
        max_image_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        import typst

        unknown = sorted(set(standards) - KNOWN_STANDARDS)
        if unknown:
            known = ", ".join(sorted(KNOWN_STANDARDS))
            raise ValueError(f"PDF standards Typst cannot write: {unknown} (known: {known})")
        # A name is one of the package's templates; a path, the project's own
        # (trusted as its conf.py is, and read from the same fresh root).
        self.template = template if isinstance(template, Path) else TEMPLATE_DIR / template
        if not self.template.is_file():
            raise ValueError(f"no such template: {template}")
        self.standards = list(standards)
        self.max_image_bytes = max_image_bytes
        self._typst = typst
        paths = [str(p) for p in (fonts if fonts is not None else font_dirs())]
        self.fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=True, font_paths=paths
        )
        self._compiler = typst.Compiler(root=str(TEMPLATE_DIR), font_paths=self.fonts)
        # The data names the font, so the template never guesses one.
        self.font_family = FONT_FAMILY if fonts is None else None

    def compile(
        self,
        data: Mapping[str, Any],
        *,
        images: Mapping[str, str | Path] | None = None,
        image_dirs: Sequence[str | Path] = (),
        timestamp: dt.datetime | int | None = None,
        output: str | Path | None = None,
    ) -> Compiled:
        """The PDF of ``data`` (see typstdata's docstring for its format).

        ``images`` maps each image name in the data to its file, which must
        lie in one of ``image_dirs``.  ``timestamp`` is the PDF's creation
        time (the builder passes ``SOURCE_DATE_EPOCH``'s); None is now.
        With ``output`` the PDF is also written there, whole or not at all.
        """
        global _compiled_in
        if _compiled_in is not None and _compiled_in != os.getpid():
            msg = (
                f"Typst compiled in process {_compiled_in} before this process was forked "
                "from it, and its threads are not here: compile only in processes "
                "forked before the first compilation"
            )
            raise TypstCompileError(msg)
        _compiled_in = os.getpid()
        text = json.dumps(self._checked(data, images or {}), ensure_ascii=False)
        with tempfile.TemporaryDirectory(prefix="kommun-typst-") as tmp:
            root = Path(tmp)
            shutil.copyfile(self.template, root / self.template.name)
            (root / DATA_NAME).write_text(text, encoding="utf-8")
            self._copy_images(images or {}, image_dirs, root)
            try:
                pdf, warnings = self._compiler.compile_with_warnings(
                    input=str(root / self.template.name),
                    root=str(root),
                    format="pdf",
                    pdf_standards=self.standards,  # type: ignore[arg-type]
                    timestamp=timestamp,
                )
            except self._typst.TypstError as exc:
                raise _compile_error(exc) from exc
            except RuntimeError as exc:
                raise TypstCompileError(str(exc)) from exc
        assert isinstance(pdf, bytes)
        pdf = clear_stream_ends(pdf)
        if output is not None:
            _write_whole(Path(output), pdf)
        return Compiled(pdf, tuple(_warning_text(w) for w in warnings))

    # -- input checks ------------------------------------------------------------

    def _checked(self, data: Mapping[str, Any], images: Mapping[str, str | Path]) -> dict[str, Any]:
        """A copy of ``data`` with what the template cannot take replaced by its
        default, and its headings' levels as PDF/UA-1 wants them (the first is
        1, none skips a level), which Typst checks and would fail on."""
        try:
            checked: dict[str, Any] = json.loads(json.dumps(data))
        except (TypeError, ValueError) as exc:
            raise TypstCompileError(f"the document's data is not JSON: {exc}") from exc
        style = dict(checked.get("style") or {})
        for key in ("primary", "accent"):
            if key in style and not (isinstance(style[key], str) and _COLOUR.match(style[key])):
                del style[key]
        if self.font_family:
            style["font"] = self.font_family
        checked["style"] = style
        checked["lang"] = normalise_lang(checked.get("lang")) or "en"
        for name in images:
            if not image_name_ok(name):
                raise TypstCompileError(f"not an image name the engine makes: {name!r}")
        level = 0
        for item in _walk(checked.get("body", ())):
            if item.get("t") == "heading":
                wanted = item.get("level")
                wanted = wanted if isinstance(wanted, int) else 1
                level = item["level"] = max(1, min(wanted, level + 1))
            if item.get("t") == "image" and item.get("src") not in images:
                raise TypstCompileError(
                    f"the data names an image it was not given: {item.get('src')!r}"
                )
            if "lang" in item:
                item["lang"] = normalise_lang(item["lang"]) or checked["lang"]
        return checked

    def _copy_images(
        self, images: Mapping[str, str | Path], image_dirs: Sequence[str | Path], root: Path
    ) -> None:
        allowed = [Path(d).resolve() for d in image_dirs]
        for name, source in images.items():
            path = Path(source).resolve()
            if not any(path.is_relative_to(folder) for folder in allowed):
                raise TypstCompileError(
                    str(_("the image {image} is outside the allowed folders")).format(image=source)
                )
            try:
                info = path.stat()
            except OSError as exc:
                raise TypstCompileError(
                    str(_("the image {image} cannot be read: {problem}")).format(
                        image=source, problem=exc
                    )
                ) from exc
            if not stat.S_ISREG(info.st_mode):
                raise TypstCompileError(
                    str(_("the image {image} is not a regular file")).format(image=source)
                )
            if info.st_size > self.max_image_bytes:
                limit = self.max_image_bytes // (1024 * 1024)
                raise TypstCompileError(
                    str(_("the image {image} is larger than {limit} MiB")).format(
                        image=source, limit=limit
                    )
                )
            shutil.copyfile(path, root / name)


_OBJECT = re.compile(rb"\n(\d+) (\d+) obj\n<<")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n\r\n")


def clear_stream_ends(pdf: bytes) -> bytes:
    """The PDF with no stream whose data ends in a carriage return right
    before the line feed that precedes ``endstream``.

    Typst writes each stream's data, a line feed, then ``endstream``, with an
    exact ``/Length``.  When the data's last byte is a carriage return (a
    Flate stream ends with its Adler-32 checksum, so about one stream in 256
    does), ``\r\nendstream`` reads as a CRLF end of line, and PDF/A
    validators (veraPDF's rule 6.1.7.1, page's PDFA2A-STREAM-LENGTH-001)
    count the data one byte short.  A second carriage return there makes the
    end of line a CRLF of its own; the offsets of the cross-reference table
    that follow are moved by the bytes put in.  A PDF of any other shape (an
    indirect ``/Length``, a cross-reference stream) is left as it is.
    """
    inserts: list[int] = []
    for match in _OBJECT.finditer(pdf):
        head_end = pdf.find(b"stream\n", match.end())
        if head_end < 0:
            continue
        head = pdf[match.end() : head_end]
        if b"obj" in head:
            continue  # not a stream object: its dictionary ended before
        lengths = re.findall(rb"/Length (\d+)(?! \d+ R)", head)
        if not lengths:
            continue
        start = head_end + len(b"stream\n")
        end = start + int(lengths[-1])
        if pdf[end - 1 : end] == b"\r" and pdf[end : end + 10] == b"\nendstream":
            inserts.append(end)
    if not inserts:
        return pdf
    xref = pdf.rfind(b"\nxref\n")
    startxref = pdf.rfind(b"startxref\n")
    if xref < 0 or startxref < xref:
        return pdf

    def moved(offset: int) -> int:
        return offset + sum(1 for at in inserts if at <= offset)

    pieces, last = [], 0
    for at in inserts:
        pieces += [pdf[last:at], b"\r"]
        last = at
    body = b"".join([*pieces, pdf[last : xref + 1]])
    table = _XREF_ENTRY.sub(
        lambda m: b"%010d %s n\r\n" % (moved(int(m.group(1))), m.group(2)),
        pdf[xref + 1 : startxref],
    )
    tail = pdf[startxref:]
    old = int(tail.split()[1])
    tail = tail.replace(b"startxref\n%d" % old, b"startxref\n%d" % moved(old), 1)
    return body + table + tail


def _walk(items: Any) -> Iterator[dict[str, Any]]:
    """Every block and inline in ``items``, however deeply nested."""
    if isinstance(items, dict):
        yield items
        for value in items.values():
            if isinstance(value, (list, dict)):
                yield from _walk(value)
    elif isinstance(items, list):
        for item in items:
            yield from _walk(item)


def _compile_error(exc: Any) -> TypstCompileError:
    detail = "\n".join([exc.diagnostic, *exc.hints, *exc.trace])
    match = _LOCATION.search(exc.diagnostic or "")
    location = f"{Path(match.group(1)).name}:{match.group(2)}:{match.group(3)}" if match else None
    return TypstCompileError(exc.message, location, detail)


def _warning_text(warning: Any) -> str:
    match = _LOCATION.search(getattr(warning, "diagnostic", "") or "")
    message = getattr(warning, "message", str(warning))
    return f"{message} (at {Path(match.group(1)).name}:{match.group(2)})" if match else message


def _write_whole(target: Path, pdf: bytes) -> None:
    """``pdf`` at ``target``, or nothing there (no half-written file) on failure."""
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(pdf)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
