"""The command-line shell: parses input, calls ``dossier.api``, formats output."""
