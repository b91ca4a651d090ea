extensions = ["sphinx_kommun"]
language = "sv"
project = "Eget memoindex"
kommun_profile = "huddinge"
html_theme = "kommun"
show_warning_types = True
