"""Application factory: bootstrap, mount the API under /api/v1 and the web UI at /."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from jointdesk import __version__
from jointdesk.api.app import create_api
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.web import app as web_app

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(settings: Settings | None = None, *, container: Container | None = None) -> FastAPI:
    container = container or bootstrap(settings or Settings())
    app = FastAPI(title="jointdesk", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.container = container
    api = create_api()
    api.state.container = container
    app.middleware("http")(_security_headers)
    web_app.install(app)
    app.mount("/api/v1", api)
    return app
