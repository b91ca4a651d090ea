"""The package's version: a leaf that every layer may import."""

__version__ = "0.1.0"
