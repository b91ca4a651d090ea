extensions = ["sphinx_kommun"]
language = "sv"
project = "Injektion"
kommun_profile = "huddinge"
show_warning_types = True
html_theme = "kommun"
