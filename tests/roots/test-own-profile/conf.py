extensions = ["sphinx_kommun"]
language = "sv"
project = "Egen profil"
kommun_profile = "testby"
kommun_profile_dirs = ["profiler"]
kommun_languages = ["sv"]
show_warning_types = True
