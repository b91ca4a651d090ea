"""A small plugin of a municipality outside Södertörn: its own profile, a section
type, a directive, a consequence type and a check, all through the registry."""

from pathlib import Path

from docutils import nodes

from sphinx_kommun.api import KommunDirective, option_spec


class Kommunhalsning(KommunDirective):
    """``.. kommunhalsning:: [ton]``: one word, optional."""

    argument = "word"
    option_spec = option_spec()

    def render(self):
        profile = self.profile
        ton = f"{self.arguments[0].capitalize()} hälsning" if self.arguments else "Hälsning"
        text = f"{ton} från {profile.name(self.lang)}"
        return [self.label(text, nodes.paragraph, classes=["testkommun-halsning"])]


def check_riskanalys(memo, context):
    if not any(key == "riskanalys" for key, _line in memo.sections):
        context.warn("Testköpings memon har en riskanalys", "riskanalys", memo.header.line)


def register(registry):
    registry.add_profile_dir(Path(__file__).parent / "profiles")
    registry.add_section("riskanalys", {"sv": "Riskanalys", "en": "Risk analysis"})
    registry.add_directive("kommunhalsning", Kommunhalsning)
    registry.add_consequence_type("digitala", {"sv": "digitala", "en": "digital"})
    registry.add_check(check_riskanalys)
