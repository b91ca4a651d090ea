extensions = ["sphinx_kommun"]
language = "sv"
project = "Personnummer"
kommun_profile = "huddinge"
show_warning_types = True

