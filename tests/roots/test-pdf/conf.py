# Two memos of two municipalities, a page that is no memo, an image, a bilaga
# file and an English translation: what kommunpdf prints and what it leaves.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Utskrift"
kommun_profile = "huddinge"
locale_dirs = ["locales"]
gettext_compact = False
show_warning_types = True
