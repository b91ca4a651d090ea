extensions = ["sphinx_kommun"]
language = "sv"
project = "Misstag"
kommun_profile = "huddinge"
show_warning_types = True
