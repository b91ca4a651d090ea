extensions = ["sphinx_kommun"]
language = "sv"
project = "Register"
kommun_profile = "huddinge"
show_warning_types = True
