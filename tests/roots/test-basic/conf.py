extensions = ["sphinx_kommun"]
language = "sv"
project = "Test"
kommun_profile = "huddinge"
show_warning_types = True
