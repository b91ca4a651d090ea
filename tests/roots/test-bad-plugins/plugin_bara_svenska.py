"""A plugin whose labels have Swedish and no English."""


def register(registry):
    registry.add_section("lagesbild", {"sv": "Lägesbild"})
    registry.add_consequence_type("digitala", {"sv": "digitala"})
    registry.add_document_type("promemoria", {"sv": "Promemoria"}, ("lagesbild",))
