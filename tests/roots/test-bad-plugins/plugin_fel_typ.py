"""A plugin whose label is not text, and whose directive is not a directive."""


def register(registry):
    registry.add_directive("ingenting", object)


def label(registry):
    registry.add_section("tal", 42)
