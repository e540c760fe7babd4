"""Configuration refuses unsafe defaults outside development."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jointdesk.config import Settings


def test_placeholder_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="JOINTDESK_SECRET_KEY"):
        Settings(mode="production", _env_file=None)  # type: ignore[call-arg]


def test_environment_configures_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINTDESK_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/x")
    monkeypatch.setenv("JOINTDESK_MODE", "production")
    monkeypatch.setenv("JOINTDESK_SECRET_KEY", "a-real-secret-of-enough-length")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert not settings.is_sqlite and settings.secure_cookies and not settings.demo_logins_visible


def test_development_defaults_to_sqlite() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.is_sqlite and not settings.secure_cookies and settings.demo_logins_visible
