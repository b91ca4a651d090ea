# Twelve memos for -j: which process printed each (printed_by), and an image
# without alt text in every memo, so that each process has a warning to report.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinx_kommun", "printed_by"]
language = "sv"
project = "Många ärenden"
kommun_profile = "tyreso"
show_warning_types = True
