"""sphinx-kommun: Swedish municipal decision memos as web pages and archival PDFs.

``setup`` registers, in order: the config values; the extension's message
catalog; the plugin registry (which the built-in directives and checks join
like any plugin, and which loads ``kommun_plugins`` and the profiles once the
configuration is read); the node classes with their visitors; the domain that
keeps each memo's record (and names the pages another memo's change
outdates); the roles; the register, resolved once every memo is read; the
writer's words read back into the record once translated; the checks that
run when a memo has been read; the HTML theme; the garbage collector kept off
what the build keeps; the clean-up of what no document produces any more;
and the ``kommunjson`` and ``kommunpdf`` builders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_kommun.builders.json import KommunJsonBuilder
from sphinx_kommun.builders.pdf import KommunPDFBuilder
from sphinx_kommun.checks import setup_checks
from sphinx_kommun.collect import setup_collect
from sphinx_kommun.config import setup_config
from sphinx_kommun.directives.register import setup_register
from sphinx_kommun.domain import KommunDomain, setup_domain
from sphinx_kommun.i18n import setup_catalog
from sphinx_kommun.memory import setup_memory
from sphinx_kommun.nodes import setup_nodes
from sphinx_kommun.output import setup_output
from sphinx_kommun.registry import setup_registry
from sphinx_kommun.roles import setup_roles
from sphinx_kommun.theme import setup_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

from sphinx_kommun.version import __version__


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    setup_catalog(app)
    setup_registry(app)
    setup_nodes(app)
    setup_domain(app)
    setup_roles(app)
    setup_register(app)
    setup_collect(app)
    setup_checks(app)
    setup_html(app)
    setup_memory(app)
    setup_output(app)
    app.add_builder(KommunJsonBuilder)
    app.add_builder(KommunPDFBuilder)
    return {
        "version": __version__,
        "env_version": KommunDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
