"""What a build leaves in its output folder: the pages and files of the
documents that exist now, and nothing of a memo that was deleted or renamed.

Sphinx writes what changed and leaves everything else where it lies, so a
deleted memo's page, PDF, images and appendix files would stay online after
the next build.  Once a build has finished, the files that no document
produces any more are removed: pages of documents the project no longer has,
images and downloads no document uses, and the copied sources when the
project does not publish them.  Files the project puts there itself
(``html_static_path``, ``html_extra_path``) are left alone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from sphinx_kommun.domain import KommunDomain

#: Folders of an HTML output whose files the checks below do not own.
_STATIC = "_static"


class OutputPruner:
    """Per application: the extra pages written during this build, and the
    clean-up once it has finished."""

    def __init__(self) -> None:
        self.pages: set[str] = set()

    def page_written(self, app: Sphinx, pagename: str, *_args: Any) -> None:
        self.pages.add(pagename)

    def build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if exception is not None:
            return
        builder = app.builder
        expected = getattr(builder, "expected_outputs", None)
        if callable(expected):  # the extension's own builders say what they write
            keep: set[Path] = set(expected())
            prune(Path(builder.outdir), keep, suffixes=getattr(builder, "output_suffixes", ()))
        elif builder.format == "html" and builder.name != "singlehtml":
            prune_html(app, builder, self.pages)
        elif isinstance(getattr(builder, "out_suffix", None), str):
            prune_unpublished(app, builder)
        self.pages.clear()


def prune_html(app: Sphinx, builder: Builder, extra_pages: Iterable[str]) -> None:
    outdir = Path(builder.outdir)
    get_output_path = builder.get_output_path  # type: ignore[attr-defined]
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    documents = app.env.found_docs
    published = (documents - domain.unpublished(app.config)) | (set(extra_pages) - documents)
    keep = {Path(get_output_path(name)) for name in published}
    keep |= _project_files(app, outdir)
    suffix = str(getattr(builder, "out_suffix", ".html"))
    prune(outdir, keep, suffixes=(suffix,), skip=(_STATIC,))
    env = app.env
    images = {outdir / "_images" / unique for _docs, unique in env.images.values()}
    _prune_folder(outdir / "_images", images, recursive=False)
    downloads = {outdir / "_downloads" / dest for _docs, dest in env.dlfiles.values()}
    _prune_folder(outdir / "_downloads", downloads, recursive=True)
    if not app.config.html_copy_source:
        _prune_folder(outdir / "_sources", set(), recursive=True)


def prune_unpublished(app: Sphinx, builder: Builder) -> None:
    """A builder writing a file per document (``text``): the files of the
    documents this edition does not publish are removed."""
    domain: KommunDomain = app.env.domains["kommun"]  # type: ignore[assignment]
    suffix = str(builder.out_suffix)  # type: ignore[attr-defined]
    for docname in domain.unpublished(app.config):
        Path(builder.outdir, docname + suffix).unlink(missing_ok=True)


def _project_files(app: Sphinx, outdir: Path) -> set[Path]:
    """The files ``html_extra_path`` copies into the output: the project's own."""
    found: set[Path] = set()
    for extra in app.config.html_extra_path:
        root = Path(app.confdir, extra)
        if root.is_file():
            found.add(outdir / root.name)
        elif root.is_dir():
            found |= {outdir / p.relative_to(root) for p in root.rglob("*") if p.is_file()}
    return found


def prune(
    outdir: Path, keep: set[Path], *, suffixes: Iterable[str], skip: Iterable[str] = ()
) -> None:
    """Remove every file under ``outdir`` ending in one of ``suffixes`` that
    is not in ``keep``; the folders named in ``skip`` are not entered."""
    suffixes, skip = tuple(suffixes), set(skip)
    if not suffixes or not outdir.is_dir():
        return
    for folder, dirnames, filenames in os.walk(outdir):
        if Path(folder) == outdir:
            dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith(".")]
        for filename in filenames:
            path = Path(folder, filename)
            if filename.endswith(suffixes) and path not in keep:
                path.unlink()
    _remove_empty_folders(outdir)


def _prune_folder(folder: Path, keep: set[Path], *, recursive: bool) -> None:
    if not folder.is_dir():
        return
    paths = folder.rglob("*") if recursive else folder.iterdir()
    for path in list(paths):
        if (path.is_file() or path.is_symlink()) and path not in keep:
            path.unlink()
    _remove_empty_folders(folder)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _remove_empty_folders(root: Path) -> None:
    for folder, _dirnames, _filenames in os.walk(root, topdown=False):
        path = Path(folder)
        if path != root and not any(path.iterdir()):
            path.rmdir()


def setup_output(app: Sphinx) -> None:
    pruner = OutputPruner()
    app.connect("html-page-context", pruner.page_written)
    app.connect("build-finished", pruner.build_finished, priority=900)
