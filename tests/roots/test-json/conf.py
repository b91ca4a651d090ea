extensions = ["sphinx_kommun"]
language = "sv"
project = "Export"
kommun_profile = "huddinge"
show_warning_types = True
