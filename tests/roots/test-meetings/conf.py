extensions = ["sphinx_kommun"]
language = "sv"
project = "Sammanträden"
kommun_profile = "huddinge"
show_warning_types = True
