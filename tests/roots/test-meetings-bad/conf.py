extensions = ["sphinx_kommun"]
language = "sv"
project = "Felaktiga sammanträden"
kommun_profile = "huddinge"
show_warning_types = True
