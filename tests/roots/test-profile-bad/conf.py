extensions = ["sphinx_kommun"]
language = "sv"
project = "Bad profiles"
kommun_profile = "huddinge"
kommun_profile_dirs = ["profiles"]
show_warning_types = True
