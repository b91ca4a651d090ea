"""A plugin without a mistake: it is loaded beside the broken ones."""


def register(registry):
    registry.add_section("riskanalys", {"sv": "Riskanalys", "en": "Risk analysis"})
