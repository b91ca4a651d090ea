# A secret memo, a secret appendix and masked names in every kind of place,
# in Swedish and English: the public edition must hold none of them, the
# internal one all, marked.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Sekretess"
kommun_profile = "huddinge"
kommun_languages = ["sv", "en"]
locale_dirs = ["locales/"]
gettext_compact = False
show_warning_types = True
exclude_patterns = ["_build", "locales"]
