"""Nothing from outside the project reaches a published page.

Every path a page names goes through the one rule of
:mod:`sphinx_kommun.paths`, at three moments (and every document Sphinx
finds, before it is read: a document may be a link out of the project too):

* **while the page is parsed**: ``include``, ``literalinclude``,
  ``csv-table``, ``raw`` and ``figure`` (``:figwidth: image`` reads the image)
  check their file before the standard directive reads it; ``:url:`` is
  always refused (no network during a build).  A refusal is a located
  warning (``kommun.file``, ``kommun.url``) and no node;
* **once the page is read and translated** (so a translator's ``.po`` is
  covered), before Sphinx collects its images and downloads: each image and
  each ``:download:`` is checked; a refused image is left out, a refused
  download keeps its text without the link;
* **before anything is copied**, on every build, incremental ones included
  (``env-updated``): each file Sphinx is about to copy to ``_images/`` and
  ``_downloads/`` is checked again, for a file may have been replaced by a
  link since its page was read; a refused one is dropped and the pages that
  use it are written again without it (``doctree-resolved``).

A builder that would download a web image itself (LaTeX, EPUB) leaves it out
instead.  The folders a build may not read (the build folder, conf.py) are
known once the builder is made, per application.  A project whose pages
share files with a folder beside it (a documentation project showing an
example project) names that folder in ``kommun_file_dirs``; conf.py is the
project owner's, and the rule applies inside that folder as well.
"""

from __future__ import annotations

import os
import weakref
from functools import partial
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import Figure
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_kommun.log import warn
from sphinx_kommun.paths import (
    FILE,
    IMAGE,
    TEXT,
    Contained,
    Fence,
    Refused,
    Use,
    folders,
    is_address,
    refusal_message,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: The schemes an image may be loaded from by a reader's browser (never by the build).
WEB_SCHEMES = ("http://", "https://")


class Guard:
    """Per application: what a build may read, and whether its builder would
    fetch web images itself."""

    def __init__(self, fence: Fence, fetches_images: bool) -> None:
        self.fence = fence
        self.fetches_images = fetches_images


_guards: weakref.WeakKeyDictionary[Config, Guard] = weakref.WeakKeyDictionary()


def fence_of(env: BuildEnvironment) -> Fence:
    """The fence of the project ``env`` reads (without its build folder when
    no builder has been made, as when a directive is used outside a build)."""
    guard = _guards.get(env.config)
    if guard is not None:
        return guard.fence
    return Fence.of_project(Path(env.srcdir), Path(env.srcdir), Path(env.doctreedir))


def _builder_inited(app: Sphinx) -> None:
    builder = app.builder
    fence = Fence.of_project(
        Path(app.srcdir),
        Path(app.confdir),
        Path(app.outdir),
        Path(app.doctreedir),
        extra=[Path(app.confdir, folder) for folder in folders(app.config.kommun_file_dirs)],
    )
    fetches = bool(builder.supported_image_types) and not builder.supported_remote_images
    _guards[app.config] = Guard(fence, fetches)


def doc_folder(env: BuildEnvironment, docname: str | None = None) -> Path:
    """The folder a document's relative paths start from (Sphinx's convention)."""
    return Path(env.doc2path(docname or env.docname)).parent


def subtype_of(refused: Refused) -> str:
    """``url`` for an address (``suppress_warnings`` tells them apart), else ``file``."""
    return "url" if refused.code == "url" else "file"


# -- while the page is parsed ---------------------------------------------------


class _ReadsFiles:
    """What the file-reading directives share: the rule, and a located warning
    in place of the file when it is refused."""

    name: str
    lineno: int
    options: dict[str, Any]
    state: Any
    state_machine: Any

    @property
    def _env(self) -> BuildEnvironment:
        return self.state.document.settings.env  # type: ignore[no-any-return]

    @property
    def _outside_a_build(self) -> bool:
        """Whether docutils parses without Sphinx (a test of a writer parses
        rST alone): nothing is published then, and the directive is docutils'."""
        return getattr(self.state.document.settings, "env", None) is None

    def _source_folder(self) -> Path:
        """The folder docutils reads this directive's relative paths from: the
        file being parsed (an included one included)."""
        source = self.state.document.current_source
        if source and Path(source).is_file():
            return Path(os.path.abspath(source)).parent
        return doc_folder(self._env)

    def _refuse(self, written: str, refused: Refused) -> None:
        source, line = self.state_machine.get_source_and_line(self.lineno)
        warn(
            refusal_message(self.name, written, refused, "left-out"),
            subtype_of(refused),
            f"{source}:{line}" if source and line else None,
        )

    def checked(
        self, written: str, *, base: Path | None = None, use: Use = TEXT
    ) -> Contained | None:
        """The file ``written`` names when the rule lets it be read, else None
        and a warning.  ``base`` defaults to the document's folder, from which
        Sphinx's own directives read."""
        fence = fence_of(self._env)
        result = fence.contained(written, base=base or doc_folder(self._env), use=use)
        if isinstance(result, Refused):
            self._refuse(written, result)
            return None
        return result

    def no_url(self) -> bool:
        """False, and a warning, when a ``:url:`` is given: a build never fetches."""
        if "url" in self.options:
            self._refuse(str(self.options["url"]), Refused("url"))
            return False
        return True


class ContainedInclude(_ReadsFiles, Include):
    """``include``: a file of the project only (``<isonum.txt>``: docutils' own)."""

    def run(self) -> list[Node]:
        written = self.arguments[0]
        if written.startswith("<") and written.endswith(">"):
            standard = DocutilsInclude.standard_include_path
            result = Fence(standard).contained(written[1:-1], base=standard, use=TEXT)
            if isinstance(result, Refused):
                self._refuse(written, result)
                return []
        elif self.checked(directives.path(written)) is None:
            return []
        return list(super().run())


class ContainedLiteralInclude(_ReadsFiles, LiteralInclude):
    """``literalinclude`` (and its ``:diff:``): files of the project only."""

    def run(self) -> list[Node]:
        if self.checked(self.arguments[0]) is None:
            return []
        if "diff" in self.options and self.checked(self.options["diff"]) is None:
            return []
        return super().run()


class ContainedCSVTable(_ReadsFiles, CSVTable):
    """``csv-table``: ``:file:`` of the project only (``/x.csv`` from the
    project's root, as Sphinx reads it), never ``:url:``."""

    def run(self) -> Sequence[Node]:  # type: ignore[override]
        if self._outside_a_build:
            return list(super().run())
        if not self.no_url():
            return []
        if "file" in self.options:
            found = self.checked(self.options["file"], base=self._source_folder())
            if found is None:
                return []
            self.options["file"] = str(found.path)  # read what was checked
        return list(super().run())


class ContainedRaw(_ReadsFiles, Raw):
    """``raw``: never ``:url:``, ``:file:`` of the project only (the page
    leaves raw markup out in any case; the file must not even be read)."""

    def run(self) -> list[Node]:
        if self._outside_a_build:
            return list(super().run())
        if not self.no_url():
            return []
        if "file" in self.options:
            found = self.checked(self.options["file"], base=self._source_folder(), use=TEXT)
            if found is None:
                return []
            self.options["file"] = str(found.path)
        return list(super().run())


class ContainedFigure(_ReadsFiles, Figure):
    """``figure``: the image is checked here, since ``:figwidth: image`` reads it
    while the page is parsed; the figure is left out, caption and all."""

    def run(self) -> list[Node]:
        if self._outside_a_build:
            return list(super().run())
        refused = image_refusal(self._env, directives.uri(self.arguments[0]), self._env.docname)
        if refused is not None:
            self._refuse(self.arguments[0], refused)
            return []
        return list(super().run())


# -- before a page is read --------------------------------------------------------

#: A document of the project: read into its own page (Sphinx finds documents
#: through linked folders too).
DOCUMENT = Use("document", None, published=False)


def refuse_documents(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A document Sphinx found that the rule refuses (a link out of the project,
    a named pipe that would hang the read) is not read, and is no document of
    the project: its page is neither written nor kept."""
    fence = fence_of(env)
    for docname in list(docnames):
        result = fence.check_file(Path(env.doc2path(docname)), use=DOCUMENT)
        if not isinstance(result, Refused):
            continue
        warn(refusal_message("document", docname, result, "left-out"), "file", (docname, 1))
        docnames.remove(docname)
        # As sources.leave_out_undecodable (which runs after this, and would
        # read a pipe forever): found_docs is the project's own set, which
        # every builder iterates to choose what to write.
        env.found_docs.discard(docname)
        if docname in env.all_docs:
            app.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


# -- once the page is read --------------------------------------------------------


def image_refusal(env: BuildEnvironment, uri: str, docname: str) -> Refused | None:
    """Why the image ``uri`` of ``docname`` may not be published, or None.

    A web address is left to the reader's browser; any other address
    (``file:``, ``data:``) is refused.  ``x.*`` (Sphinx picks the format per
    builder) is judged by every file it matches."""
    if uri.startswith(WEB_SCHEMES):
        return None
    if is_address(uri):
        return Refused("url")
    fence = fence_of(env)
    base = doc_folder(env, docname)
    if uri.endswith(".*"):
        pattern = fence.root / uri.lstrip("/") if uri.startswith("/") else base / uri
        for match in sorted(glob(str(pattern))):
            result = fence.check_file(Path(match), use=IMAGE)
            if isinstance(result, Refused):
                return result
        return None
    result = fence.contained(uri, base=base, use=IMAGE)
    # A missing image is Sphinx's to report: it may exist in the build's
    # language only (figure_language_filename); what Sphinx finds is checked
    # again before it is copied.
    return result if isinstance(result, Refused) and result.code != "missing" else None


def download_refusal(env: BuildEnvironment, target: str, docname: str) -> Refused | None:
    """Why the download ``target`` of ``docname`` may not be published, or None
    (a web address is a plain link, never fetched)."""
    if target.startswith(WEB_SCHEMES):
        return None
    result = fence_of(env).contained(target, base=doc_folder(env, docname), use=FILE)
    return result if isinstance(result, Refused) else None


def _as_text(reference: nodes.Element) -> nodes.inline:
    return nodes.inline(reference.rawsource, "", *reference.children)


class ContainAssets(SphinxTransform):
    """Images and downloads of a read page, checked before Sphinx collects them."""

    # After the translation (20): a translator's .po may bring a :download:.
    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        env, docname = self.env, self.env.docname
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            refused = image_refusal(env, uri, docname)
            if refused is not None:
                warn(refusal_message("image", uri, refused, "left-out"), subtype_of(refused), image)
                image.parent.remove(image)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = str(download.get("reftarget", ""))
            refused = download_refusal(env, target, docname)
            if refused is not None:
                warn(
                    refusal_message("download", target, refused, "text-stays"),
                    subtype_of(refused),
                    download,
                )
                download.replace_self(_as_text(download))


class NoFetchedImages(SphinxPostTransform):
    """A web image is left out of a builder that would download it (LaTeX,
    EPUB): Sphinx's own downloader (priority 100) would fetch it during the build."""

    default_priority = 90

    def run(self, **kwargs: Any) -> None:
        guard = _guards.get(self.config)
        if guard is None or not guard.fetches_images:
            return
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if "://" in uri:
                warn(refusal_message("image", uri, Refused("web"), "not-fetched"), "url", image)
                image.parent.remove(image)


# -- before anything is copied ------------------------------------------------------


def _located(env: BuildEnvironment, docnames: set[str], match: Any) -> list[Any]:
    """The nodes of ``docnames`` that ``match`` (for a warning's file and line),
    else the documents themselves."""
    found: list[Any] = []
    for docname in sorted(docnames):
        try:
            doctree = env.get_doctree(docname)
        except OSError:
            found.append(docname)
            continue
        found.extend(list(doctree.findall(match)) or [docname])
    return found or sorted(docnames)


def _drop_refused(
    env: BuildEnvironment,
    files: dict[Any, tuple[set[str], Any]],
    what: str,
    use: Use,
    uses: Callable[..., bool],
) -> set[str]:
    """Drop each entry of ``files`` (``env.images``, ``env.dlfiles``: path →
    (documents, name of the copy)) the rule now refuses, with a warning where
    each document uses it (``uses(node, key=, copy=)``); the documents to
    write again."""
    fence = fence_of(env)
    srcdir, converted = Path(env.srcdir), Path(env.doctreedir, "images")
    again: set[str] = set()
    for key, (docnames, copy) in list(files.items()):
        path = srcdir / key
        if path.is_relative_to(converted):  # Sphinx's own converted images
            continue
        result = fence.check_file(path, use=use)
        if isinstance(result, Refused):
            del files[key]
            again |= docnames
            for where in _located(env, docnames, partial(uses, key=key, copy=copy)):
                warn(refusal_message(what, str(key), result, "not-copied"), "file", where)
    return again


def _uses_image(node: nodes.Node, *, key: str, copy: str) -> bool:
    return isinstance(node, nodes.image) and key in node.get("candidates", {}).values()


def _uses_download(node: nodes.Node, *, key: Path, copy: Path) -> bool:
    return isinstance(node, addnodes.download_reference) and node.get("filename") == str(copy)


def recheck_copies(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check again every image and download Sphinx is about to copy, on every
    build; drop the refused ones and give back the pages to write again."""
    again = _drop_refused(env, env.images, "image", IMAGE, _uses_image)
    again |= _drop_refused(env, env.dlfiles, "download", FILE, _uses_download)
    return sorted(again & env.found_docs)


def drop_uncopied(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """No page links to a file that is not copied: a download whose file was
    dropped keeps its text, an image none of whose files is copied is left out."""
    env = app.env
    copied = {str(dest) for _docs, dest in env.dlfiles.values()}
    for download in list(doctree.findall(addnodes.download_reference)):
        if "filename" in download and str(download["filename"]) not in copied:
            download.replace_self(_as_text(download))
    for image in list(doctree.findall(nodes.image)):
        candidates: dict[str, str] = image.get("candidates", {})
        local = {k: v for k, v in candidates.items() if k != "?"}
        if local and not any(v in env.images for v in local.values()):
            image.parent.remove(image)


def setup_files(app: Sphinx) -> None:
    """The file-reading directives in their contained form, the checks of every
    image and download, and the check again before they are copied."""
    app.add_config_value(
        "kommun_file_dirs",
        [],
        "env",
        types=frozenset({list, tuple}),
        description="folders beside the source folder, relative to conf.py, whose files "
        "pages may include and publish (the same rule applies inside them)",
    )
    app.connect("builder-inited", _builder_inited)
    for name, directive in (
        ("include", ContainedInclude),
        ("literalinclude", ContainedLiteralInclude),
        ("csv-table", ContainedCSVTable),
        ("raw", ContainedRaw),
        ("figure", ContainedFigure),
    ):
        app.add_directive(name, directive, override=True)
    app.add_transform(ContainAssets)
    app.add_post_transform(NoFetchedImages)
    app.connect("env-before-read-docs", refuse_documents, priority=100)
    app.connect("env-updated", recheck_copies)
    app.connect("doctree-resolved", drop_uncopied)
