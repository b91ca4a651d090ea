import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinx_kommun"]
language = "sv"
project = "Trasiga tillägg"
kommun_profile = "huddinge"
kommun_plugins = [
    "",
    42,
    "plugin_som_kraschar",
    "plugin_med_syntaxfel",
    "plugin_bara_svenska",
    "plugin_som_inte_finns",
    "plugin_bara_svenska:saknas",
    "plugin_fel_typ",
    "plugin_fel_typ:label",
    "plugin_som_fungerar",
]
show_warning_types = True
