"""The ``jointdesk`` command line: one command group per domain."""

from jointdesk.cli.main import app, main

__all__ = ["app", "main"]
