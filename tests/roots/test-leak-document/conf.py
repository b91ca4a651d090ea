extensions = ["sphinx_kommun"]
language = "sv"
project = "Läcka"
kommun_profile = "huddinge"
show_warning_types = True
exclude_patterns = ["_build"]
