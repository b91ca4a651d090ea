extensions = ["sphinx_kommun"]
language = "sv"
project = "Profiles"
kommun_profile = "huddinge"
show_warning_types = True
