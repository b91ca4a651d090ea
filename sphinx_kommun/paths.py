"""The one containment rule for every file a build reads or publishes.

A memo project is published on the municipality's own web site and archived
as PDF: whatever a page names (an ``include``, a ``literalinclude``, a
``csv-table :file:``, an image, a ``:download:``, a ``bilaga :fil:``, a
translator's ``.po``, a profile) must be a file the project owns and that is
safe to put in front of a reader.  So a path, as written, is

* a path, never an address (any ``scheme:`` or ``//host``): nothing is
  fetched during a build;
* resolved with every symbolic link followed, and must then lie inside the
  project's source folder;
* never in a hidden folder nor a hidden file (``.git/config`` holds a CI
  token after a checkout), never in the build folder (the doctrees of an
  internal edition), never ``conf.py``;
* a regular file (no FIFO, device or ``/dev/zero`` that would hang the build
  or fill its memory), no larger than the cap of its :class:`Use`;
* for a file published as it is (an image, a download, an appendix), not of
  a type a browser runs (HTML, SVG, JavaScript, XML): on the municipality's
  own domain it would run with the site's authority.

:func:`contained` is pure (it reads only the file system's metadata) and is
checked again when a file is copied, since a file may have been replaced by
a link since the page was read.  The words of every warning about a refused
path are here (:data:`REASONS`, :data:`OUTCOMES`, :func:`refusal_message`),
in one place.  A leaf: it imports nothing of the package.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

MiB = 1024 * 1024

#: File types a browser runs or renders as a document of the site: refused as
#: images, downloads and appendices (every suffix of the name counts, since a
#: web server may serve ``karta.svg.gz`` as SVG).
ACTIVE_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".xhtml",
        ".xht",
        ".shtml",
        ".mht",
        ".mhtml",
        ".svg",
        ".svgz",
        ".js",
        ".mjs",
        ".xml",
        ".xsl",
        ".xslt",
    }
)

#: Why a path was refused, by reason code: the words of every warning.
REASONS = {
    "url": "is an address, not a file of the project (nothing is fetched during a build)",
    "web": "is on the web, and nothing is fetched during a build",
    "invalid": "is not a usable path ({detail})",
    "outside": "lies outside the project",
    "hidden": "is in a hidden folder or is a hidden file ({detail})",
    "build": "lies in the build folder",
    "conf": "is the project's conf.py",
    "link": "is a symbolic link",
    "missing": "does not exist (looked for {detail})",
    "kind": "is not a regular file ({detail})",
    "size": "is larger than {detail}",
    "active": "is a {detail} file, which a browser would run",
}


#: What became of what was refused, by outcome code: the end of every warning.
OUTCOMES = {
    "left-out": "left out",
    "text-stays": "its text stays, without the link",
    "not-copied": "not copied",
    "not-fetched": "left out of this output",
    "not-archived": "left out of the archive package",
}


@dataclass(frozen=True)
class Use:
    """What a file is used for: how large it may be and whether it is
    published as it is (then it must not be of an active type)."""

    name: str
    cap: int | None
    published: bool


#: Text read into a page: ``include``, ``literalinclude``, ``csv-table``, ``raw``.
TEXT = Use("text", 2 * MiB, published=False)
#: An image, copied to ``_images/`` and embedded in the PDF.
IMAGE = Use("image", 20 * MiB, published=True)
#: A download or a ``bilaga :fil:``, copied to ``_downloads/`` and archived.
FILE = Use("file", 100 * MiB, published=True)


@dataclass(frozen=True)
class Contained:
    """A path that passed: the resolved file, and where it lies in the project."""

    path: Path
    relative: str


@dataclass(frozen=True)
class Refused:
    """A path that did not pass, and why (:data:`REASONS`)."""

    code: str
    detail: str = ""

    @property
    def reason(self) -> str:
        return REASONS[self.code].format(detail=self.detail)


def refusal_message(what: str, written: str, refused: Refused, outcome: str) -> str:
    """The warning for a refused path: ``"literalinclude: '../x' lies outside
    the project; left out"`` (``outcome`` is a key of :data:`OUTCOMES`)."""
    return f"{what}: {written!r} {refused.reason}; {OUTCOMES[outcome]}"


#: ``scheme:`` as a URL starts (a Windows drive ``C:`` included: not a project path).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_address(written: str) -> bool:
    """Whether ``written`` is a URL (``http:``, ``file:``, ``data:``, ``//host``)
    rather than a path, read as a browser reads it: blanks and control
    characters left out."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", written)
    return bool(_SCHEME.match(squeezed)) or squeezed.startswith(("//", "\\\\"))


def _size(size: int) -> str:
    return f"{size / MiB:.0f} MB" if size >= MiB else f"{size // 1024} kB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def active_suffix(*names: str) -> str | None:
    """The first active suffix of any of ``names`` (case ignored), else None."""
    for name in names:
        for suffix in Path(name).suffixes:
            if suffix.lower() in ACTIVE_SUFFIXES:
                return suffix.lower()
    return None


@dataclass(frozen=True)
class Fence:
    """The project a build may read from: its source folder (and the folders
    its conf.py adds), and inside them what is never read (conf.py, the build
    folders)."""

    root: Path
    forbidden: tuple[Path, ...] = ()
    extra: tuple[Path, ...] = ()

    @classmethod
    def of_project(
        cls, srcdir: Path, confdir: Path, *build_dirs: Path, extra: Iterable[Path] = ()
    ) -> Fence:
        """The fence of a project built from ``srcdir`` into ``build_dirs``.

        A build folder inside the project is forbidden from its top folder in
        the project down (``_build`` for ``_build/.work/sv/html``): a build of
        one language must not publish what another wrote, such as the
        doctrees of an internal edition."""
        root = srcdir.resolve()
        forbidden = [(confdir / "conf.py").resolve()]
        for folder in build_dirs:
            resolved = folder.resolve()
            if resolved != root and resolved.is_relative_to(root):
                forbidden.append(root / resolved.relative_to(root).parts[0])
        extra_roots = tuple(folder.resolve() for folder in extra)
        return cls(root, tuple(dict.fromkeys(forbidden)), extra_roots)

    def contained(self, written: str, *, base: Path, use: Use = FILE) -> Contained | Refused:
        """``written`` as a writer wrote it, relative to ``base`` (the folder of
        the document or file that names it) or, when it starts with ``/``, to
        the project's root (Sphinx's convention), judged by the rule."""
        return contained(
            written,
            base=base,
            root=self.root,
            forbidden=self.forbidden,
            use=use,
            extra=self.extra,
        )

    def check_file(self, path: Path, *, use: Use = FILE, links: bool = True) -> Contained | Refused:
        """An absolute ``path`` (what a builder is about to copy) judged by the rule."""
        return check_file(
            path, root=self.root, forbidden=self.forbidden, use=use, links=links, extra=self.extra
        )


def contained(
    written: str,
    *,
    base: Path,
    root: Path,
    forbidden: Iterable[Path] = (),
    use: Use = FILE,
    extra: Iterable[Path] = (),
) -> Contained | Refused:
    """Whether the file ``written`` (relative to ``base``, or to ``root`` when it
    starts with ``/``) may be read or published for ``use``: it must lie in
    ``root`` or one of the ``extra`` folders, and not in ``forbidden``.

    An address is refused before anything is looked up: a build never fetches."""
    if is_address(written):
        return Refused("url")
    if not written.strip():
        return Refused("invalid", "empty")
    joined = root / written.lstrip("/") if written.startswith("/") else base / written
    return check_file(joined, root=root, forbidden=forbidden, use=use, name=written, extra=extra)


def check_file(
    path: Path,
    *,
    root: Path,
    forbidden: Iterable[Path] = (),
    use: Use = FILE,
    links: bool = True,
    name: str | None = None,
    extra: Iterable[Path] = (),
) -> Contained | Refused:
    """Whether the file at ``path`` may be read or published for ``use``.

    ``links`` false refuses ``path`` when it is itself a symbolic link (a
    profile folder holds files, not links).  ``name`` is the name a reader
    sees (as written), judged for an active type beside the resolved one.
    The result's ``relative`` is relative to the folder that holds the file
    (``root`` or one of ``extra``)."""
    try:
        if not links and path.is_symlink():
            return Refused("link")
        resolved = path.resolve()
        home = next(
            (
                r
                for r in (root.resolve(), *(e.resolve() for e in extra))
                if resolved.is_relative_to(r)
            ),
            None,
        )
        if home is None:
            return Refused("outside")
        inside = resolved.relative_to(home)
        hidden = next((part for part in inside.parts if part.startswith(".")), None)
        if hidden is not None:
            return Refused("hidden", hidden)
        for folder in forbidden:
            folder = folder.resolve()
            if resolved == folder or resolved.is_relative_to(folder):
                return Refused("conf" if folder.name == "conf.py" else "build")
        try:
            status = os.stat(resolved)
        except FileNotFoundError:
            return Refused("missing", str(resolved))
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a NUL, a long name
        return Refused("invalid", type(exc).__name__)
    if not stat.S_ISREG(status.st_mode):
        return Refused("kind", _kind(status.st_mode))
    if use.cap is not None and status.st_size > use.cap:
        return Refused("size", _size(use.cap))
    if use.published:
        suffix = active_suffix(*([name] if name else []), path.name, resolved.name)
        if suffix:
            return Refused("active", suffix)
    return Contained(resolved, inside.as_posix())


def folders(value: str | Iterable[str]) -> list[str]:
    """A setting that names folders (``kommun_file_dirs``), as a list: one folder
    written as a string is one folder, not one folder a letter."""
    return [value] if isinstance(value, str) else [str(folder) for folder in value]


def link_or_outside(path: Path, root: Path) -> str | None:
    """Why a program must not write to ``path`` (a symbolic link, or a place
    outside ``root`` once resolved), else None: a link committed in the
    project would make a write land outside it."""
    if path.is_symlink():
        return REASONS["link"]
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return REASONS["outside"]
    except (OSError, RuntimeError) as exc:
        return REASONS["invalid"].format(detail=type(exc).__name__)
    return None
