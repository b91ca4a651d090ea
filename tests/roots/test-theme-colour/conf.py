extensions = ["sphinx_kommun"]
language = "sv"
project = "Färgprov"
html_theme = "kommun"
kommun_profile = "gul"
kommun_profile_dirs = ["profiler"]
show_warning_types = True
