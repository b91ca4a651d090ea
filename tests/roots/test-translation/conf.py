extensions = ["sphinx_kommun"]
language = "sv"
project = "Översättning"
kommun_profile = "haninge"
show_warning_types = True
locale_dirs = ["locales/"]
gettext_compact = False
exclude_patterns = ["_build", "locales"]
