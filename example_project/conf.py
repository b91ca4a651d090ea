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

# The site's accessibility statement (tillgänglighetsredogörelse), written by the
# kommun theme as tillganglighet.html and linked from every page's footer.
kommun_tillganglighet = {
    "status": "delvis",
    "kanda_brister": [
        {
            "sv": "Bilagorna finns bara som PDF-filer, och de har inte granskats med "
            "skärmläsare. [WCAG 1.3.1]",
            "en": "The appendices are only available as PDF files, and they have not been "
            "checked with a screen reader. [WCAG 1.3.1]",
        },
    ],
    "bedomd": "2026-11-15",
    "granskad": "2026-12-01",
    "svarstid": {"sv": "två arbetsdagar", "en": "two working days"},
}
