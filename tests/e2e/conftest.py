"""Fixtures for end-to-end tests of the CLI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jointdesk.cli.common import container
from jointdesk.config import Settings


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI's settings at the test database (the CLI reads the environment)."""
    monkeypatch.setenv("JOINTDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JOINTDESK_SECRET_KEY", settings.secret_key.get_secret_value())
    monkeypatch.setenv("JOINTDESK_MODE", "test")
    monkeypatch.setenv("JOINTDESK_VAR_DIR", str(settings.var_dir))
    container.cache_clear()
    yield
    container().engine.dispose()
    container.cache_clear()
