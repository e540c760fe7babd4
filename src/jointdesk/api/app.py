"""The API sub-application mounted at /api/v1."""

from __future__ import annotations

from fastapi import FastAPI

from jointdesk import __version__
from jointdesk.api import (
    audit,
    bulletins,
    cooperation,
    dna,
    errors,
    identity,
    intel,
    intel_io,
    jobs,
    persons,
    system,
)


def create_api() -> FastAPI:
    api = FastAPI(
        title="jointdesk API",
        version=__version__,
        description="Cross-border cooperation against telecom and online fraud. Bearer tokens; "
        "errors are RFC 9457 problem details.",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the spec is served as JSON
        redoc_url=None,
    )
    errors.install(api)
    for module in (system, identity, bulletins, dna, intel, intel_io, cooperation, persons, audit, jobs):
        api.include_router(module.router)
    return api
