import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinx_kommun"]
language = "sv"
project = "Plugin"
kommun_profile = "testkommun"
kommun_plugins = ["kommunplugin"]
show_warning_types = True
