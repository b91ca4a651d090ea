"""The accessibility statement (tillgänglighetsredogörelse) of a memo site.

Every public-sector web site must publish one (lagen (2018:1937) om
tillgänglighet till digital offentlig service, 11 §), in the form Myndigheten
för digital förvaltning (Digg) prescribes, and link to it from every page.
The ``kommun`` theme writes it as the page ``tillganglighet`` in the build's
language, from ``kommun_tillganglighet`` in conf.py and the municipality's
profile, and links to it from every page's footer.  Its wording follows
Digg's model statement (the template and instructions on
https://www.digg.se/utveckling--innovation/digital-tillganglighet/tillganglighetsredogorelse,
and what it must contain on
https://www.digg.se/kunskap-och-stod/digital-tillganglighet/skapa-en-tillganglighetsredogorelse),
section by section; the English page translates it.

conf.py says what only the municipality can know (the compliance status, the
known problems, the dates); the profile gives the body's name and how to
reach it.  A statement that would say something untrue or leave out what the
law requires is not written: a missing or wrong value is a located warning
(``kommun.tillganglighet``) and the site has no statement until it is fixed.
Without ``kommun_tillganglighet`` none is written, and nothing is said: the
site may be internal, or the municipality's statement may live elsewhere.  A
project's own document ``tillganglighet.rst`` is its statement: the footer
links there, and none is generated.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx_kommun.i18n import _, format_datum
from sphinx_kommun.languages import language
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.registry import registry_for
from sphinx_kommun.theme.memoindex import uses_kommun_theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

PAGENAME = "tillganglighet"
TEMPLATE = "tillganglighet.html"
CONFIG = "kommun_tillganglighet"
#: Digg's notification service: where anyone reports a site's shortcomings.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
#: The compliance statuses, in Digg's words: helt, delvis or inte förenlig.
STATUSES = ("helt", "delvis", "inte")
KEYS = frozenset(
    {
        "kommun", "webbplats", "status", "kanda_brister", "oskaligt_betungande",
        "utanfor_lagen", "bedomd", "granskad", "publicerad", "metod", "granskare",
        "svarstid", "epost", "telefon",
    }
)  # fmt: skip

#: A text of the writer's: the same in both languages, or ``{"sv": …, "en": …}``.
Text = str | Mapping[str, str]


@dataclass(frozen=True)
class Settings:
    """``kommun_tillganglighet``, checked: what the statement says."""

    kommun: str
    status: str
    bedomd: dt.date
    granskad: dt.date
    epost: str
    telefon: str
    kanda_brister: tuple[Text, ...] = ()
    oskaligt_betungande: tuple[Text, ...] = ()
    utanfor_lagen: tuple[Text, ...] = ()
    webbplats: Text | None = None
    publicerad: dt.date | None = None
    metod: Text | None = None
    granskare: str = ""
    svarstid: Text | None = None


def text_in(value: Text, lang: str | None) -> str:
    return value if isinstance(value, str) else value[language(lang)]


def _is_text(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, Mapping)
        and set(value) == {"sv", "en"}
        and all(isinstance(v, str) and v.strip() for v in value.values())
    )


#: How a text in both languages is written, as the messages show it.
BOTH_LANGUAGES = "{'sv': ..., 'en': ...}"


class _Reader:
    """Reads ``kommun_tillganglighet``, warning at its line in conf.py of each mistake."""

    def __init__(self, config: Config, confdir: str) -> None:
        self.value: Mapping[str, Any] = config[CONFIG]
        self.config = config
        self.where = conf_location(confdir, CONFIG)
        self.ok = True

    def problem(self, message: str, *, fatal: bool = True) -> None:
        consequence = str(_("; no accessibility statement is written")) if fatal else ""
        warn(f"{CONFIG}: {message}{consequence}", "tillganglighet", self.where)
        self.ok = self.ok and not fatal

    def date(self, key: str, *, required: bool) -> dt.date | None:
        value = self.value.get(key)
        if value is None:
            if required:
                self.problem(
                    str(_("{key} (an ISO date, ÅÅÅÅ-MM-DD) is required")).format(key=repr(key))
                )
            return None
        if isinstance(value, dt.date):
            return value
        found = parse_datum(value) if isinstance(value, str) else None
        if found is None:
            self.problem(
                str(_("{key} = {value} is not a real ISO date (ÅÅÅÅ-MM-DD)")).format(
                    key=repr(key), value=repr(value)
                )
            )
        return found

    def text(self, key: str) -> Text | None:
        value = self.value.get(key)
        if value is not None and not _is_text(value):
            self.problem(
                str(_("{key} is a text, or {example} with both languages")).format(
                    key=repr(key), example=BOTH_LANGUAGES
                ),
                fatal=False,
            )
            return None
        return value  # type: ignore[no-any-return]

    def texts(self, key: str) -> tuple[Text, ...]:
        value = self.value.get(key, [])
        if isinstance(value, str) or not isinstance(value, list | tuple):
            self.problem(str(_("{key} is a list of texts")).format(key=repr(key)))
            return ()
        bad = [i for i, item in enumerate(value, 1) if not _is_text(item)]
        if bad:
            self.problem(
                str(
                    _(
                        "{key}: entry {entries} is no text "
                        "(a text, or {example} with both languages)"
                    )
                ).format(key=repr(key), entries=", ".join(map(str, bad)), example=BOTH_LANGUAGES)
            )
        return tuple(item for item in value if _is_text(item))

    def read(self) -> Settings | None:
        if not isinstance(self.value, Mapping):
            self.problem(
                str(_("write it as a dict: {example}")).format(
                    example="{'status': 'delvis', 'bedomd': '2026-11-15', ...}"
                )
            )
            return None
        for key in sorted(set(map(str, self.value)) - KEYS):
            self.problem(
                str(_("unknown key {key} (known: {known})")).format(
                    key=repr(key), known=", ".join(sorted(KEYS))
                ),
                fatal=False,
            )
        status = self.value.get("status")
        if status not in STATUSES:
            self.problem(
                str(_("{key} is one of {values}, not {value}")).format(
                    key="'status'", values=", ".join(map(repr, STATUSES)), value=repr(status)
                )
            )
        kommun = self.value.get("kommun") or self.config.kommun_profile
        profile = registry_for(self.config).profile(kommun) if isinstance(kommun, str) else None
        if profile is None:
            self.problem(
                str(_("no profile {key} names the body that runs the site")).format(
                    key=repr(kommun)
                )
            )
        bedomd = self.date("bedomd", required=True)
        granskad = self.date("granskad", required=False) or bedomd
        publicerad = self.date("publicerad", required=False)
        brister = self.texts("kanda_brister")
        if status in ("delvis", "inte") and not brister:
            self.problem(
                str(_("status {status} needs {key}: the list of known problems")).format(
                    status=repr(status), key="'kanda_brister'"
                )
            )
        if status == "helt" and brister:
            self.problem(
                str(_("status {status} (fully compliant) cannot have {key}")).format(
                    status="'helt'", key="'kanda_brister'"
                )
            )
        contact = {key: self.value.get(key) for key in ("epost", "telefon")}
        for key, value in contact.items():
            if value is not None and not isinstance(value, str):
                self.problem(str(_("{key} is a text")).format(key=repr(key)))
        epost = contact["epost"] or (profile.epost if profile else "")
        telefon = contact["telefon"] or (profile.telefon if profile else "")
        if profile is not None and not (epost or telefon):
            self.problem(
                str(
                    _(
                        "the statement must say how to report a problem: profile {key} has no "
                        "epost or telefon; give 'epost' or 'telefon'"
                    )
                ).format(key=repr(kommun))
            )
        granskare = self.value.get("granskare", "")
        if not isinstance(granskare, str):
            self.problem(str(_("{key} is a name")).format(key="'granskare'"), fatal=False)
            granskare = ""
        oskaligt, utanfor = self.texts("oskaligt_betungande"), self.texts("utanfor_lagen")
        webbplats, metod, svarstid = (
            self.text("webbplats"),
            self.text("metod"),
            self.text("svarstid"),
        )
        if not self.ok or bedomd is None or granskad is None:
            return None
        return Settings(
            kommun=kommun,
            status=str(status),
            bedomd=bedomd,
            granskad=granskad,
            epost=str(epost),
            telefon=str(telefon),
            kanda_brister=brister,
            oskaligt_betungande=oskaligt,
            utanfor_lagen=utanfor,
            webbplats=webbplats,
            publicerad=publicerad,
            metod=metod,
            granskare=granskare.strip(),
            svarstid=svarstid,
        )


#: Each application's statement settings, once conf.py and the profiles are read.
_settings: weakref.WeakKeyDictionary[Sphinx, Settings | None] = weakref.WeakKeyDictionary()


def read_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``kommun_tillganglighet`` checked once a build."""
    _settings[app] = _Reader(config, str(app.confdir)).read() if config[CONFIG] else None


def makes_statement(app: Sphinx) -> bool:
    """The statement is written: it is asked for, right, and the project has no
    page of that name of its own."""
    return (
        _settings.get(app) is not None
        and uses_kommun_theme(app)
        and app.builder.name != "singlehtml"
        and PAGENAME not in app.env.found_docs
    )


def _own_statement(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a project's own ``tillganglighet`` document is kept, and
    a warning says the generated statement is not written over it."""
    if _settings.get(app) is not None and PAGENAME in env.found_docs:
        warn(
            str(
                _(
                    "this document is the site's accessibility statement: the footer links "
                    "here, and the one {config} describes is not written"
                )
            ).format(config=CONFIG),
            "tillganglighet",
            f"{env.doc2path(PAGENAME)}:1",
        )


def link_statement(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Every page's footer links to the statement, wherever it is."""
    if makes_statement(app) or PAGENAME in app.env.found_docs:
        context["kommun_tillganglighet"] = (PAGENAME, str(_("Accessibility statement")))


@dataclass(frozen=True)
class Line:
    """A sentence of the statement, at most one part of it a link or a date."""

    before: str
    part: str = ""
    after: str = ""
    href: str = ""
    iso: str = ""


def line(sentence: str, key: str = "", part: str = "", *, href: str = "", iso: str = "") -> Line:
    """``sentence`` with its placeholder ``{key}`` as ``part``, linked to
    ``href`` or dated ``iso``; the whole sentence is the link when ``key`` is ""."""
    if not key:
        return Line("", sentence, "", href) if href else Line(sentence)
    before, _sep, after = sentence.partition("{" + key + "}")
    return Line(before, part, after, href, iso)


@dataclass(frozen=True)
class Block:
    """A paragraph (one line), a list (a line each) or a sub-heading."""

    kind: str  # "p", "ul" or "h3"
    lines: tuple[Line, ...]


def p(sentence: str, key: str = "", part: str = "", **link: str) -> Block:
    return Block("p", (line(sentence, key, part, **link),))


@dataclass(frozen=True)
class Statement:
    """The statement in one language: its title and its sections, each a
    heading (none for the first) and its blocks."""

    title: str
    sections: tuple[tuple[str, tuple[Block, ...]], ...]


#: The method unless conf.py names another: the browser test the project runs
#: (``tests/test_browser.py``).
DEFAULT_METHOD = _(
    "automated testing of every page, in Swedish and in English, with axe-core against "
    "the rules of WCAG 2.1 levels A and AA (the contrast between text and background "
    "included) in the Chromium web browser, at desktop and at mobile width"
)


def statement(settings: Settings, app: Sphinx) -> Statement:
    """The statement in the build's language, section by section as in Digg's model."""
    lang = app.config.language
    profile = registry_for(app.config).profile(settings.kommun)
    assert profile is not None  # checked when conf.py was read
    organisation = profile.name(lang)
    site = text_in(settings.webbplats, lang) if settings.webbplats else ""
    site = site or app.config.html_title or app.config.project

    def dated(sentence: str, day: dt.date) -> Block:
        return p(sentence, "date", format_datum(day, lang), iso=day.isoformat())

    def listing(items: tuple[Text, ...]) -> Block:
        return Block("ul", tuple(Line(text_in(item, lang)) for item in items))

    contacts = []
    if settings.epost:
        sentence = str(_("send an e-mail to {address}"))
        contacts.append(line(sentence, "address", settings.epost, href=f"mailto:{settings.epost}"))
    if settings.telefon:
        digits = "".join(c for c in settings.telefon if c.isdigit() or c == "+")
        contacts.append(
            line(str(_("call {number}")), "number", settings.telefon, href=f"tel:{digits}")
        )

    helping = [
        p(
            str(
                _(
                    "If you need content from {site} that is not accessible to you, but is "
                    "exempt from the scope of the law as described below, you can let us know."
                )
            ).format(site=site)
        )
    ]
    if settings.svarstid:
        time = text_in(settings.svarstid, lang)
        helping.append(p(str(_("Our normal response time is {time}.")).format(time=time)))
    helping += [
        p(str(_("You can contact us in the following ways:"))),
        Block("ul", tuple(contacts)),
    ]

    known = (
        _("There are no known accessibility issues with this website.")
        if settings.status == "helt"
        else _(
            "We know that some parts of the website are not fully accessible. See the "
            "section on content that is not accessible below for more information."
        )
    )
    compliance = {
        "helt": _(
            "This website is fully compliant with the law on accessibility to digital "
            "public services."
        ),
        "delvis": _(
            "This website is partially compliant with the law on accessibility to digital "
            "public services, due to the shortcomings described below."
        ),
        "inte": _(
            "This website is not compliant with the law on accessibility to digital public "
            "services. The parts that are not accessible are described below."
        ),
    }[settings.status]
    intro = _(
        "{organisation} runs this website. We want as many people as possible to be able "
        "to use it. This document describes how {site} complies with the law on "
        "accessibility to digital public services, any known accessibility issues, and how "
        "you can report problems to us so that we can fix them."
    )
    sections: list[tuple[str, tuple[Block, ...]]] = [
        ("", (p(str(intro).format(organisation=organisation, site=site)),)),
        (str(_("How accessible is the website?")), (p(str(known)),)),
        (str(_("What can you do if you cannot use parts of the website?")), tuple(helping)),
        (
            str(_("Report shortcomings in the website's accessibility")),
            (
                p(
                    str(
                        _(
                            "We are always striving to improve the accessibility of the "
                            "website. If you find problems that are not described on this "
                            "page, or if you think that we do not meet the requirements of "
                            "the law, let us know so that we know that the problem exists."
                        )
                    )
                ),
            ),
        ),
        (
            str(_("Supervision")),
            (
                p(
                    str(
                        _(
                            "The Agency for Digital Government (Digg) is responsible for "
                            "supervising the law on accessibility to digital public services. "
                            "You can report to Digg if you think that our digital service has "
                            "shortcomings in accessibility."
                        )
                    )
                ),
                p(
                    str(
                        _(
                            "You can also report to Digg if you think that our assessment of "
                            "what is a disproportionate burden should be reviewed, if you "
                            "think that our accessibility statement has shortcomings, or if "
                            "you think that we have not handled your request for accessible "
                            "content correctly."
                        )
                    )
                ),
                p(str(_("Report inadequate accessibility to Digg")), href=DIGG_REPORT_URL),
            ),
        ),
        (
            str(_("Technical information about the website's accessibility")),
            (p(str(compliance)),),
        ),
    ]

    exempt = _(
        "{organisation} claims an exemption for disproportionate burden under section 12 "
        "of the law on accessibility to digital public services for the following content:"
    )
    content: list[Block] = []
    for heading, lead, items in (
        (_("Non-compliance with the requirements of the law"), None, settings.kanda_brister),
        (_("Disproportionate burden"), exempt, settings.oskaligt_betungande),
        (_("Content that is not covered by the law"), None, settings.utanfor_lagen),
    ):
        if items:
            content.append(Block("h3", (Line(str(heading)),)))
            if lead is not None:
                content.append(p(str(lead).format(organisation=organisation)))
            content.append(listing(items))
    if content:
        lead = _("The content described below is, in one way or another, not fully accessible.")
        sections.append((str(_("Content that is not accessible")), (p(str(lead)), *content)))

    if settings.granskare:
        tested = str(_("{reviewer} has made an independent review of {site}.")).format(
            reviewer=settings.granskare, site=site
        )
    else:
        tested = str(_("We have made a self-assessment (internal testing) of {site}.")).format(
            site=site
        )
    method = text_in(settings.metod, lang) if settings.metod else str(DEFAULT_METHOD)
    how = [
        p(tested),
        dated(str(_("The latest assessment was made on {date}.")), settings.bedomd),
        p(str(_("Assessment method: {method}")).format(method=method)),
    ]
    if settings.publicerad is not None:
        how.append(dated(str(_("The website was published on {date}.")), settings.publicerad))
    how.append(dated(str(_("The statement was last updated on {date}.")), settings.granskad))
    sections.append((str(_("How we tested the website")), tuple(how)))
    return Statement(str(_("Accessibility of {site}")).format(site=site), tuple(sections))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    settings = _settings.get(app)
    if settings is None or not makes_statement(app):
        return
    text = statement(settings, app)
    yield PAGENAME, {"title": text.title, "kommun_statement": text}, TEMPLATE


def setup_tillganglighet(app: Sphinx) -> None:
    app.add_config_value(
        CONFIG,
        {},
        "html",
        types=frozenset({dict}),
        description="the accessibility statement: status, known problems, dates",
    )
    # Once the registry has read the profiles (priority 400).
    app.connect("config-inited", read_settings, priority=460)
    app.connect("env-updated", _own_statement)
    app.connect("html-page-context", link_statement, priority=600)
    app.connect("html-collect-pages", collect_pages)
