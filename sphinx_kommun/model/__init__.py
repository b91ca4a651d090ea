"""The pure model: what a memo, a meeting, a profile and a personal identity
number are, and the rules that hold for them (dates of appeal, readability,
secrecy provisions).

Nothing in this package imports docutils or Sphinx, directly or through
another module of the package: it is plain Python, tested on its own, and
every other layer builds on it.
"""
