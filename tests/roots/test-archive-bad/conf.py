# What kommunarkiv cannot archive, each a located warning while the rest is
# packaged: a memo without a dnr, a memo whose date is no date, an appendix in
# Word, a PDF appendix that is not PDF/A.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Arkivfel"
kommun_profile = "nykvarn"
kommun_publicering = "intern"
show_warning_types = True
