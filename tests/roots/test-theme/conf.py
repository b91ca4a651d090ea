extensions = ["sphinx_kommun"]
language = "sv"
project = "Temaprov"
html_theme = "kommun"
kommun_profile = "tyreso"
html_logo = "logo.svg"
show_warning_types = True
