# No extensions: ``-b kommunpdf`` alone must bring sphinx-kommun in.
language = "sv"
project = "Ingångspunkt"
kommun_profile = "tyreso"
show_warning_types = True
