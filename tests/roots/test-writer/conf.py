# A Haninge project with a Södertälje memo, as a writer sets it up.
project = "Samhällsbyggnad"
extensions = ["sphinx_kommun"]
language = "sv"
kommun_profile = "haninge"
kommun_languages = ["sv", "en"]
html_theme = "kommun"
show_warning_types = True
exclude_patterns = ["_build"]
