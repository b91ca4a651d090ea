extensions = ["sphinx_kommun"]
language = "sv"
project = "Meddelanden"
kommun_profile = "haninge"
show_warning_types = True
