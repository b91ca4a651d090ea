extensions = ["sphinx_kommun"]
language = "sv"
project = "Nämndhandlingar"
kommun_profile = "nykvarn"
kommun_languages = ["sv", "en"]
show_warning_types = True

kommun_tillganglighet = {
    "webbplats": {"sv": "Nykvarns nämndhandlingar", "en": "Nykvarn's committee papers"},
    "status": "inte",
    "kanda_brister": [
        "Protokollen från 2019 är inskannade bilder utan text. [WCAG 1.1.1]",
        {
            "sv": "Kartan i detaljplanen saknar textalternativ. [WCAG 1.1.1]",
            "en": "The map in the detailed plan has no text alternative. [WCAG 1.1.1]",
        },
    ],
    "oskaligt_betungande": ["Ritningarna till Kommunhuset från 1974."],
    "utanfor_lagen": ["Filmer som publicerades före den 23 september 2020."],
    "bedomd": "2026-10-01",
    "granskad": "2026-10-20",
    "publicerad": "2025-01-15",
    "granskare": "Tillgänglighetsbyrån AB",
    "metod": {"sv": "manuell granskning av 20 sidor", "en": "manual review of 20 pages"},
    "epost": "tillganglighet@nykvarn.se",
}
