"""``jointdesk serve``: the web UI and API."""

from __future__ import annotations

import typer
import uvicorn

from jointdesk.asgi import create_app
from jointdesk.cli.common import container


def serve(
    host: str = typer.Option(None, help="Bind address (default from settings: 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from settings: 8000)."),
) -> None:
    """Serve the web UI on / and the JSON API on /api/v1."""
    settings = container().settings
    app = create_app(container=container())
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, proxy_headers=False)
