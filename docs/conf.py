# The documentation of sphinx-kommun, itself built with sphinx-kommun.
project = "sphinx-kommun"
author = "sphinx-kommun contributors"
copyright = "2026, sphinx-kommun contributors"

import sys
from pathlib import Path

# The guide's own directive for live examples of the internal edition.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

extensions = ["sphinx_kommun", "utgava"]
language = "sv"
kommun_profile = "huddinge"
html_theme = "kommun"
exclude_patterns = ["_build"]

# The writer's guide shows each directive's output live, outside a whole memo.
suppress_warnings = ["kommun.arende", "kommun.section"]
html_static_path = ["_static"]
html_css_files = ["exempel.css"]

# The example memo is shown as it is written in the example project beside.
kommun_file_dirs = ["../example_project"]
