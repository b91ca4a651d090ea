"""sphinx-kommun: Swedish municipal decision memos as web pages and archival PDFs.

``setup`` is the one place that puts the layers together (see
``CONTRIBUTING.md``).  It registers, in order: the config values; the
extension's message catalog; the plugin registry, given the built-in
directives and checks as plugins (conf.py's plugins and the profiles join
once the configuration is read, and then every directive is installed); the
node classes with their visitors; the domain that reads each memo's record
from its finished doctree and resolves ``:dnr:`` and ``:bilaga:``; the roles;
the reStructuredText parser whose directive lookup names a misspelt directive;
the source checks that turn an undecodable file or runaway nesting into a
warning before docutils reads it;
the transform that takes unsafe links and raw markup out of every page; the
containment of every file a page reads or publishes; the register, resolved
once every memo is read; the checks that run when a memo has been read, and
the personnummer bookkeeping; the HTML theme; the garbage collector kept off
what the build keeps; the clean-up of what no document produces any more; and
the ``kommunjson``, ``kommunpdf`` and ``kommunarkiv`` builders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun import checks
from sphinx_kommun.builders.archive import KommunArkivBuilder
from sphinx_kommun.builders.json import KommunJsonBuilder
from sphinx_kommun.builders.pdf import KommunPDFBuilder
from sphinx_kommun.config import setup_config
from sphinx_kommun.directives import (
    arende,
    beslut,
    bilaga,
    delges,
    fokus,
    protokoll,
    register,
    sections,
    underskrift,
)
from sphinx_kommun.directives.files import setup_files
from sphinx_kommun.directives.sammantrade import setup_meetings
from sphinx_kommun.directives.unknown import setup_parser
from sphinx_kommun.domain import KommunDomain, setup_domain
from sphinx_kommun.i18n import setup_catalog
from sphinx_kommun.memory import setup_memory
from sphinx_kommun.nodes import setup_nodes
from sphinx_kommun.output import setup_output
from sphinx_kommun.pii import setup_pii
from sphinx_kommun.registry import registry_for, setup_registry
from sphinx_kommun.roles import setup_roles
from sphinx_kommun.secrecy import setup_secrecy
from sphinx_kommun.sources import setup_sources
from sphinx_kommun.theme import setup_html
from sphinx_kommun.transforms import setup_transforms
from sphinx_kommun.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The built-in features, registered as any plugin is.
BUILTIN_PLUGINS = (
    ("sphinx_kommun.directives.arende", arende.register),
    ("sphinx_kommun.directives.beslut", beslut.register),
    ("sphinx_kommun.directives.sections", sections.register),
    ("sphinx_kommun.directives.fokus", fokus.register),
    ("sphinx_kommun.directives.underskrift", underskrift.register),
    ("sphinx_kommun.directives.bilaga", bilaga.register),
    ("sphinx_kommun.directives.delges", delges.register),
    ("sphinx_kommun.directives.register", register.register),
    ("sphinx_kommun.directives.protokoll", protokoll.register),
    ("sphinx_kommun.checks", checks.register),
)


def _install_directives(app: Sphinx, config: Config) -> None:
    sections.install_directives(app, registry_for(config))


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    setup_catalog(app)
    setup_registry(app, BUILTIN_PLUGINS)
    app.connect("config-inited", _install_directives, priority=410)
    setup_nodes(app)
    setup_domain(app)
    setup_roles(app)
    setup_parser(app)
    setup_sources(app)
    setup_transforms(app)
    setup_secrecy(app)
    setup_files(app)
    register.setup_register(app)
    setup_meetings(app)
    checks.setup_checks(app)
    setup_pii(app)
    setup_html(app)
    setup_memory(app)
    setup_output(app)
    app.add_builder(KommunJsonBuilder)
    app.add_builder(KommunPDFBuilder)
    app.add_builder(KommunArkivBuilder)
    return {
        "version": __version__,
        "env_version": KommunDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
