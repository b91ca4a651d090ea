extensions = ["sphinx_kommun"]
language = "sv"
project = "Nästling"
kommun_profile = "huddinge"
show_warning_types = True
