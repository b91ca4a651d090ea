# The documentation of sphinx-kommun, itself built with sphinx-kommun.
project = "sphinx-kommun"
author = "sphinx-kommun contributors"
copyright = "2026, sphinx-kommun contributors"

extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "huddinge"
html_theme = "kommun"
exclude_patterns = ["_build"]
