# A municipality's own profile with its own words, and memos of the new types.
project = "Innehåll"
extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "tullinge"
kommun_profile_dirs = ["profiler"]
html_theme = "kommun"
show_warning_types = True
exclude_patterns = ["_build"]
