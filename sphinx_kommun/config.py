"""The extension's configuration values, typed, and checked once they are read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun.compat import set_by_project
from sphinx_kommun.i18n import _
from sphinx_kommun.log import conf_location, warn
from sphinx_kommun.messages import hint
from sphinx_kommun.model.dates import parse_datum
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PII_MODES = ("error", "warn", "off")
#: The editions: the public one holds no secret, the internal one holds all, marked.
EDITIONS = ("offentlig", "intern")
#: How ``kommunarkiv`` hands over its package besides the folder: "" (the folder alone).
ARCHIVE_FORMS = ("", "zip", "tar")
#: The languages a project is published in unless ``kommun_languages`` says otherwise.
DEFAULT_LANGUAGES = ["sv", "en"]


def setup_config(app: Sphinx) -> None:
    app.add_config_value(
        "kommun_profile",
        "",
        "env",
        types=frozenset({str}),
        description="the municipality profile a memo uses by default",
    )
    app.add_config_value(
        "kommun_profile_dirs",
        [],
        "env",
        types=frozenset({list, tuple}),
        description="more folders of profile YAML files, relative to conf.py",
    )
    app.add_config_value(
        "kommun_plugins",
        [],
        "env",
        types=frozenset({list, tuple}),
        description="plugins to load: 'module' or 'module:function'",
    )
    app.add_config_value(
        "kommun_languages",
        DEFAULT_LANGUAGES,
        "",
        types=frozenset({list, tuple}),
        description="the languages the project is published in",
    )
    app.add_config_value(
        "kommun_pdf_variant",
        "pdf/a-2a, pdf/ua-1",
        "",
        types=frozenset({str}),
        description="the PDF standards kommunpdf meets (Typst's: pdf/a-2a, pdf/ua-1, ...)",
    )
    app.add_config_value(
        "kommun_pdf_template",
        "",
        "",
        types=frozenset({str}),
        description="a Typst template of the project's own, relative to conf.py",
    )
    app.add_config_value(
        "kommun_pii",
        "error",
        "env",
        types=frozenset({str}),
        description="personnummer in a memo: warn, error or off",
    )
    app.add_config_value(
        "kommun_klarsprak",
        False,
        "env",
        types=frozenset({bool}),
        description="plain Swedish: LIX, long sentences and officialese as warnings",
    )
    app.add_config_value(
        "kommun_publicering",
        "offentlig",
        "env",
        types=frozenset({str}),
        description="the edition built: offentlig (no secret) or intern (everything, marked)",
    )
    app.add_config_value(
        "kommun_arkiv_fran",
        "",
        "",
        types=frozenset({str}),
        description="kommunarkiv: the first memo date (ISO) the package holds",
    )
    app.add_config_value(
        "kommun_arkiv_tom",
        "",
        "",
        types=frozenset({str}),
        description="kommunarkiv: the last memo date (ISO) the package holds",
    )
    app.add_config_value(
        "kommun_arkiv_packa",
        "",
        "",
        types=frozenset({str}),
        description="kommunarkiv: also pack the package folder as zip or tar",
    )
    app.add_config_value(
        "kommun_arkiv_overenskommelse",
        "",
        "",
        types=frozenset({str}),
        description="kommunarkiv: the reference of the leveransöverenskommelse with the e-archive",
    )
    app.connect("config-inited", check_config, priority=450)
    app.connect("config-inited", publishing_defaults, priority=450)


def check_config(app: Sphinx, config: Config) -> None:
    """A wrong value is a warning located at conf.py, and the build goes on with a
    safe value: Sphinx reports a raised error with a traceback, which a writer
    should never see.  ``kommun_profile`` may be written as the word
    (``"Haninge"``); it becomes the profile's key."""
    registry = registry_for(config)
    if config.kommun_profile:
        profile = registry.profile(config.kommun_profile)
        if profile is None:
            warn(
                str(_("kommun_profile = {value} is not a known profile ({hint})")).format(
                    value=repr(config.kommun_profile),
                    hint=hint(config.kommun_profile, registry.profiles),
                ),
                "profile",
                conf_location(app.confdir, "kommun_profile"),
            )
        else:
            config.kommun_profile = profile.key
    if config.kommun_pii not in PII_MODES:
        warn(
            str(_("kommun_pii must be one of {modes}, not {value}; using 'error'")).format(
                modes=", ".join(PII_MODES), value=repr(config.kommun_pii)
            ),
            "config",
            conf_location(app.confdir, "kommun_pii"),
        )
        config.kommun_pii = "error"
    if config.kommun_publicering not in EDITIONS:
        warn(
            str(
                _(
                    "kommun_publicering must be one of {editions}, not {value}; "
                    "building the public edition"
                )
            ).format(editions=", ".join(EDITIONS), value=repr(config.kommun_publicering)),
            "config",
            conf_location(app.confdir, "kommun_publicering"),
        )
        config.kommun_publicering = "offentlig"
    for name in ("kommun_arkiv_fran", "kommun_arkiv_tom"):
        value = config[name]
        if value and parse_datum(value) is None:
            warn(
                str(
                    _(
                        "{name} = {value} is not a date written YYYY-MM-DD; the package is not "
                        "limited by it"
                    )
                ).format(name=name, value=repr(value)),
                "config",
                conf_location(app.confdir, name),
            )
            config[name] = ""
    if config.kommun_arkiv_packa not in ARCHIVE_FORMS:
        warn(
            str(
                _(
                    "kommun_arkiv_packa must be zip, tar or empty, not {value}; "
                    "the package is written as a folder alone"
                )
            ).format(value=repr(config.kommun_arkiv_packa)),
            "config",
            conf_location(app.confdir, "kommun_arkiv_packa"),
        )
        config.kommun_arkiv_packa = ""


def publishing_defaults(app: Sphinx, config: Config) -> None:
    """What a memo site is unless conf.py says otherwise: the ``kommun`` theme
    (alabaster's per-page sidebar makes writing N memos cost O(N²)), and never
    a copy of the memo sources: they hold the writer's internal comments and
    every text that the pages leave out.  The page title ends in the
    project's name, not Sphinx's "<project> <release> dokumentation" (a
    double space where there is no release, and a word that means nothing
    on a memo site)."""
    if not set_by_project(config, "html_theme"):
        config.html_theme = "kommun"
    if not set_by_project(config, "html_title"):
        config.html_title = config.project
    if config.html_copy_source and set_by_project(config, "html_copy_source"):
        warn(
            str(
                _(
                    "html_copy_source = True is not followed: a memo's source holds internal "
                    "comments and text the published pages leave out; the sources are not copied"
                )
            ),
            "config",
            conf_location(app.confdir, "html_copy_source"),
        )
    config.html_copy_source = False
    config.html_show_sourcelink = False
