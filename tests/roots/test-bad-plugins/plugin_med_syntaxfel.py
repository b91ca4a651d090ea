"""A plugin that is not Python."""

def register(registry)
    pass
