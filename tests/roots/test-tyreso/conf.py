extensions = ["sphinx_kommun"]
language = "sv"
project = "Tyresö"
kommun_profile = "tyreso"
show_warning_types = True
