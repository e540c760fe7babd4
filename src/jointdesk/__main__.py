"""``python -m jointdesk`` runs the CLI."""

from jointdesk.cli import main

main()
