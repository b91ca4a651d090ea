"""Notes, for the test, which process resolved each memo for printing."""

import os
from pathlib import Path


def note(app, doctree, docname):
    with open(Path(app.outdir) / "printed-by.txt", "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {docname}\n")


def setup(app):
    app.connect("doctree-resolved", note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
