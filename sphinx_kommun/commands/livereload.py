"""The web side of ``sphinx-kommun serve``: the built pages, straight from the
build folder, with what the preview adds put in on the way out.

The files on disk stay what Sphinx wrote.  Each HTML page is served with

- a small script that opens ``/_serve/events`` (Server-Sent Events) and
  reloads the page once a build has changed it, or the warnings it shows;
- a banner (``role="alert"``, in Swedish: the writers' own language,
  whatever edition they preview) with the warnings of the last build for the
  page's document, each at its file and line, and those of no document (a
  broken profile, conf.py); after a build that failed, its error, over the
  page as it was before;
- on a memo's page, a link to ``/<lang>/pdf/<docname>.pdf``, which prints
  the memo's PDF when it is asked for.

The addresses are the published layout's, ``/<lang>/html/…`` as
``_build/<lang>/html``, so the link to the other language in a page's
header leads to the same page of the other edition, which is built when it
is first asked for.  The standard library's ``http.server`` serves it: the
preview is one writer's, on the writer's own machine.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from sphinx_kommun.commands.previewbuild import BuildReport, PdfReport, Problem

#: Seconds between two keep-alive comments on an open event stream.
KEEPALIVE = 15.0
EVENTS = "/_serve/events"


@dataclass
class EditionState:
    """What the pages of one language show now; changed by the server's main
    loop, read by the request threads, both under :attr:`Site.changed`."""

    lang: str
    html: Path
    status: str = "idle"  # idle (not asked for yet), building, ready, broken
    fatal: str = ""
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    project: tuple[Problem, ...] = ()
    memos: frozenset[str] = frozenset()
    builds: int = 0
    #: Bumped when what every page shows changes; :attr:`pages` per page.
    generation: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)

    def apply(self, report: BuildReport, everything: bool = False) -> None:
        """A build's report: which pages now differ from what a browser shows."""
        self.builds += 1
        if not report.ok:
            self.status, self.fatal = "broken", report.fatal
            self.project = report.project or self.project
            self.generation += 1
            return
        if self.fatal or report.started or everything or report.project != self.project:
            self.generation += 1
        self.status, self.fatal, self.project = "ready", "", report.project
        touched = {p for p, digest in report.written.items() if self.digests.get(p) != digest}
        touched |= {
            d
            for d in self.problems.keys() | report.problems.keys()
            if self.problems.get(d) != report.problems.get(d)
        }
        touched |= self.memos ^ report.memos
        for page in touched:
            self.pages[page] = self.pages.get(page, 0) + 1
        self.digests.update(report.written)
        self.problems, self.memos = report.problems, report.memos

    def version(self, page: str, exists: bool) -> str:
        """Changes whenever the page, as served, would change."""
        if not exists or self.status != "ready":
            return f"{self.generation}.{self.builds}.{self.status}"
        return f"{self.generation}.{self.pages.get(page, 0)}"


class Site:
    """Everything the request threads share: each language's state, and the
    server's callbacks to start a language and to print a PDF."""

    def __init__(
        self,
        editions: dict[str, EditionState],
        primary: str,
        *,
        start: Callable[[str], None],
        print_pdf: Callable[[str, str], PdfReport],
    ) -> None:
        self.editions = editions
        self.primary = primary
        self.start = start
        self.print_pdf = print_pdf
        #: Tells a reloaded server's pages from the last one's.
        self.boot = secrets.token_hex(4)
        self.changed = threading.Condition()

    def update(self, lang: str, change: Callable[[EditionState], None]) -> None:
        with self.changed:
            change(self.editions[lang])
            self.changed.notify_all()

    def version(self, lang: str, page: str) -> str:
        edition = self.editions[lang]
        exists = page_file(edition.html, page) is not None
        return f"{self.boot}.{edition.version(page, exists)}"


def page_file(root: Path, page: str) -> Path | None:
    path = root / f"{page}.html"
    return path if path.is_file() else None


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        self.site = site
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "sphinx-kommun-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal tells of builds, not of every request

    def do_HEAD(self) -> None:
        self.handle_request(body=False)

    def do_GET(self) -> None:
        self.handle_request(body=True)

    # -- routing ----------------------------------------------------------------------------

    def handle_request(self, *, body: bool) -> None:
        site = self.server.site
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path in ("", "/"):
            return self.redirect(f"/{site.primary}/html/")
        if path == EVENTS:
            query = parse_qs(url.query)
            lang = query.get("lang", [""])[0]
            if lang in site.editions:
                return self.events(lang, query.get("page", [""])[0], query.get("v", [""])[0])
            return self.not_found(body)
        parts = path.lstrip("/").split("/", 2)
        if len(parts) < 2 or parts[0] not in site.editions or parts[1] not in ("html", "pdf"):
            return self.not_found(body)
        lang, kind = parts[0], parts[1]
        relative = parts[2] if len(parts) == 3 else ""
        if "\0" in relative or ".." in relative.split("/"):
            return self.not_found(body)
        if kind == "pdf":
            return self.pdf(lang, relative, body)
        return self.page(lang, relative, body)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # -- pages ------------------------------------------------------------------------------

    def page(self, lang: str, relative: str, body: bool) -> None:
        site = self.server.site
        edition = site.editions[lang]
        if edition.status == "idle":
            site.start(lang)
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        root = edition.html.resolve()
        target = (root / relative).resolve() if relative else root
        if not target.is_relative_to(root):
            return self.not_found(body)
        if target.suffix != ".html":
            if target.is_file():
                return self.send(target.read_bytes(), _content_type(target), body=body)
            return self.not_found(body)
        page = relative.removesuffix(".html")
        with site.changed:
            version = site.version(lang, page)
            problems = edition.problems.get(page, ())
            status, fatal, project = edition.status, edition.fatal, edition.project
            is_memo = page in edition.memos
        script = reload_script(lang, page, version)
        banner = banner_html(status, fatal, problems, project)
        if not target.is_file():
            if status in ("idle", "building"):
                text = waiting_page(lang, script)
                return self.send(text.encode(), "text/html; charset=utf-8", body=body)
            if not banner:
                return self.not_found(body, script=script)
            text = error_page(banner, script)
            return self.send(text.encode(), "text/html; charset=utf-8", body=body)
        link = pdf_link(lang, page) if is_memo and status == "ready" else ""
        text = inject(target.read_text(encoding="utf-8"), banner + link, script)
        self.send(text.encode(), "text/html; charset=utf-8", body=body)

    def pdf(self, lang: str, relative: str, body: bool) -> None:
        site = self.server.site
        edition = site.editions[lang]
        docname = relative.removesuffix(".pdf")
        with site.changed:
            ready, is_memo = edition.status == "ready", docname in edition.memos
        if not relative.endswith(".pdf") or (ready and not is_memo):
            return self.not_found(body)
        if not ready:
            text = error_page(
                _box(
                    "Ingen PDF just nu",
                    "Webbsidorna är inte byggda. Spara igen när felet är rättat.",
                    [],
                ),
                "",
            )
            return self.send(
                text.encode(), "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE, body=body
            )
        report = site.print_pdf(lang, docname)
        if report.path:
            data = Path(report.path).read_bytes()
            return self.send(data, "application/pdf", body=body)
        banner = _box(
            "PDF:en kunde inte skrivas ut",
            "Typst skrev ingen PDF för det här tjänsteutlåtandet:",
            report.problems,
        )
        text = error_page(banner, "")
        self.send(
            text.encode(), "text/html; charset=utf-8", HTTPStatus.INTERNAL_SERVER_ERROR, body=body
        )

    def not_found(self, body: bool, script: str = "") -> None:
        text = error_page(
            "<h1>Sidan finns inte</h1>"
            "<p>Det finns ingen sida med den adressen i förhandsvisningen.</p>",
            script,
        )
        self.send(text.encode(), "text/html; charset=utf-8", HTTPStatus.NOT_FOUND, body=body)

    def send(
        self, data: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK, *, body: bool
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    # -- reloading --------------------------------------------------------------------------

    def events(self, lang: str, page: str, version: str) -> None:
        """An event stream that sends ``reload`` once the page, as it would be
        served now, is not the version the browser shows."""
        site = self.server.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                with site.changed:
                    moved = site.changed.wait_for(
                        lambda: site.version(lang, page) != version, timeout=KEEPALIVE
                    )
                if moved:
                    self.wfile.write(b"event: reload\ndata: {}\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


# -- what is put into a page --------------------------------------------------------------

_MAIN = re.compile(r"<main\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def inject(page: str, top: str, script: str) -> str:
    """``top`` first in the page's main content (or its body), ``script`` at its end."""
    if top:
        opening = _MAIN.search(page) or _BODY.search(page)
        at = opening.end() if opening else 0
        page = page[:at] + top + page[at:]
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + script + page[at:]


def reload_script(lang: str, page: str, version: str) -> str:
    address = f"{EVENTS}?lang={quote(lang)}&page={quote(page, safe='')}&v={quote(version)}"
    # json.dumps quotes the address for JavaScript; "<" escaped so that it
    # can never close the script element.
    literal = json.dumps(address).replace("<", "\\u003c")
    return (
        "<script>(function () {\n"
        "  if (!window.EventSource) { return; }\n"
        f"  var source = new EventSource({literal});\n"
        '  source.addEventListener("reload", function () {\n'
        "    source.close();\n"
        "    window.location.reload();\n"
        "  });\n"
        "}());</script>\n"
    )


def pdf_link(lang: str, page: str) -> str:
    href = html.escape(f"/{quote(lang)}/pdf/{quote(page)}.pdf")
    return (
        f'<p class="kommun-serve-pdf" lang="sv" style="{_LINK_STYLE}">'
        f'<a href="{href}">Tjänsteutlåtandet som PDF</a> (skrivs ut när du öppnar den)</p>\n'
    )


_BOX_STYLE = (
    "margin:0 0 1.5rem;padding:1rem 1.25rem;border:2px solid #a4161a;"
    "border-left-width:8px;background:#fff4f2;color:#1b1b1b;font-size:1rem;line-height:1.5"
)
_LINK_STYLE = "margin:0 0 1.5rem"


def _box(title: str, lead: str, problems: Iterable[Problem], detail: str = "") -> str:
    items = "".join(f"<li>{_problem(p)}</li>" for p in problems)
    parts = [
        f'<h2 style="margin:0 0 .5rem;font-size:1.25rem">{html.escape(title)}</h2>',
        f'<p style="margin:0 0 .5rem">{html.escape(lead)}</p>',
    ]
    if detail:
        parts.append(f'<pre style="white-space:pre-wrap;margin:0">{html.escape(detail)}</pre>')
    if items:
        parts.append(f'<ul style="margin:0;padding-left:1.25rem">{items}</ul>')
    return "".join(parts)


def _problem(problem: Problem) -> str:
    level = "Fel" if problem.level in ("ERROR", "CRITICAL") else "Varning"
    where = ""
    if problem.path:
        where = html.escape(problem.path)
        if problem.line:
            where += f", rad {problem.line}"
        where = f"<code>{where}</code>: "
    message = html.escape(problem.message)
    return f'<strong>{level}</strong> {where}<span style="white-space:pre-wrap">{message}</span>'


def banner_html(
    status: str, fatal: str, problems: Iterable[Problem], project: Iterable[Problem]
) -> str:
    """The alert at the top of a page, or '' when there is nothing to tell."""
    sections = []
    if status == "broken":
        sections.append(
            _box(
                "Webbsidorna kunde inte byggas om",
                "Sidan nedan är från förra bygget. Rätta felet och spara, så byggs sidorna om.",
                [],
                detail=fatal,
            )
        )
    problems = list(problems)
    if problems:
        sections.append(
            _box(
                "Fel på den här sidan",
                "Bygget varnade för det här. Rätta texten och spara, så byggs sidan om.",
                problems,
            )
        )
    project = list(project)
    if project:
        sections.append(
            _box(
                "Fel i projektet",
                "De här varningarna gäller inte en enskild sida "
                "(till exempel en profil eller conf.py).",
                project,
            )
        )
    if not sections:
        return ""
    inner = '<hr style="border:0;border-top:1px solid #a4161a;margin:1rem 0">'.join(sections)
    return (
        f'<div class="kommun-serve-fel" role="alert" lang="sv" style="{_BOX_STYLE}">{inner}</div>\n'
    )


def _shell(content: str, script: str, title: str = "Förhandsvisning") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>\n"
        '<body style="font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem">\n'
        f"<main>\n{content}\n</main>\n{script}</body>\n</html>\n"
    )


def waiting_page(lang: str, script: str) -> str:
    name = {"sv": "svenska", "en": "engelska"}.get(lang, lang)
    return _shell(
        f"<h1>Sidorna byggs</h1><p>Den {html.escape(name)} utgåvan byggs. "
        "Sidan laddas om när den är klar.</p>",
        script,
    )


def error_page(banner: str, script: str) -> str:
    return _shell(banner, script)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return (
        f"{kind}; charset=utf-8"
        if kind.startswith("text/") or kind.endswith("javascript")
        else kind
    )


def edition_url(host: str, port: int, lang: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{lang}/html/"
