"""The subcommands of ``sphinx-kommun``, one module each."""
