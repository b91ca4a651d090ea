# A memo whose every option and text holds what Typst would read as code or
# markup: each must print as the text it is, and nothing outside be read.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Injektion"
kommun_profile = "huddinge"
show_warning_types = True
suppress_warnings = ["kommun.dnr"]
