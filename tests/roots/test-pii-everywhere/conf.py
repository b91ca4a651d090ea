# Every place a personal identity number can hide on a page, one document each;
# rent.rst holds none and must be published untouched.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Personnummer överallt"
kommun_profile = "huddinge"
show_warning_types = True
locale_dirs = ["locales/"]
gettext_compact = False
suppress_warnings = ["kommun.arende", "kommun.section"]
