extensions = ["sphinx_kommun"]
language = "sv"
project = "Fel"
kommun_profile = "haninge"
show_warning_types = True
