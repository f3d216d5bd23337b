"""``python -m dossier`` runs the CLI."""

from dossier.cli.main import app

app(prog_name="dossier")
