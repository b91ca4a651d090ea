extensions = ["sphinx_kommun"]
language = "sv"
project = "Felaktiga memon"
kommun_profile = "huddinge"
show_warning_types = True
