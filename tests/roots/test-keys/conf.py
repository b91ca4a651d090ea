extensions = ["sphinx_kommun"]
language = "sv"
project = "Nycklar"
# As a writer types it: the word, with its capital.
kommun_profile = "Haninge"
show_warning_types = True
