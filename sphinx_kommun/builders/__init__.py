"""The builders sphinx-kommun adds: each writes what a memo is besides a web page."""
