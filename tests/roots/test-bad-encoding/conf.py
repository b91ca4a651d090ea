extensions = ["sphinx_kommun"]
language = "sv"
project = "Kodning"
kommun_profile = "huddinge"
show_warning_types = True
