extensions = ["sphinx_kommun"]
language = "sv"
project = "Klarspråk"
kommun_profile = "klarby"
kommun_profile_dirs = ["profiler"]
kommun_languages = ["sv", "en"]
show_warning_types = True
