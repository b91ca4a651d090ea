"""A plugin whose register() raises."""


def register(registry):
    registry.add_section("kraschavsnitt", {"sv": "Krasch", "en": "Crash"})
    raise RuntimeError("något gick fel i pluginet")
