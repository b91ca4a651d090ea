# Nykvarn's case KS 2025/101 with two memos (a consultation and the adoption)
# and their appendices, a memo with a secret appendix, and a memo secret as a
# whole: what kommunarkiv puts in the municipality's archive package.
extensions = ["sphinx_kommun"]
language = "sv"
project = "Arkivprov"
kommun_profile = "nykvarn"
kommun_publicering = "intern"
show_warning_types = True
