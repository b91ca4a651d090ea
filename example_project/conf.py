# Södertörnssamarbetet: memos of the eight Södertörn municipalities, built with
# sphinx-kommun into web pages and archival PDFs, in Swedish and English.
project = "Södertörnssamarbetet"
author = "Södertörnskommunerna"
copyright = "2019, Södertörnskommunerna"

extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "huddinge"
kommun_languages = ["sv", "en"]

html_theme = "kommun"
html_title = project

locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True

exclude_patterns = ["_build"]
