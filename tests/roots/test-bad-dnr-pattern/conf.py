extensions = ["sphinx_kommun"]
language = "sv"
project = "Diarienummermönster"
kommun_profile = "monster"
kommun_profile_dirs = ["profiles"]
show_warning_types = True
