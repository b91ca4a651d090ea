extensions = ["sphinx_kommun"]
language = "sv"
project = "Profiler med fel i sin YAML"
kommun_profile = "huddinge"
kommun_profile_dirs = ["profiles"]
show_warning_types = True
