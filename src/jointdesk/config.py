"""The one Settings object. Only asgi, cli and bootstrap read it; the rest get values as arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_PLACEHOLDER = "dev-only-change-me"  # noqa: S105 - a placeholder refused outside development

Mode = Literal["development", "test", "production"]


class Settings(BaseSettings):
    """Typed configuration from ``JOINTDESK_*`` variables and an optional ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="JOINTDESK_", env_file=".env", extra="ignore")

    mode: Mode = "development"
    database_url: str = "sqlite:///./var/jointdesk.db"
    secret_key: SecretStr = SecretStr(DEV_SECRET_PLACEHOLDER)
    var_dir: Path = Path("./var")
    node_origin: str = "jointdesk.local/dev-node"
    host: str = "127.0.0.1"
    port: int = 8000
    session_hours: int = 8
    cookie_secure: bool | None = None
    default_language: str = "en"
    show_demo_logins: bool | None = None
    max_login_failures: int = 5

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        placeholder = self.secret_key.get_secret_value() == DEV_SECRET_PLACEHOLDER
        if placeholder and self.mode != "development":
            msg = "JOINTDESK_SECRET_KEY: the development placeholder is refused outside development mode"
            raise ValueError(msg)
        if len(self.secret_key.get_secret_value()) < 16:
            msg = "JOINTDESK_SECRET_KEY: must be at least 16 characters"
            raise ValueError(msg)
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies everywhere but local development over plain HTTP."""
        return self.cookie_secure if self.cookie_secure is not None else self.mode == "production"

    @property
    def demo_logins_visible(self) -> bool:
        if self.show_demo_logins is not None:
            return self.show_demo_logins
        return self.mode == "development"

    @property
    def signing_key_path(self) -> Path:
        return self.var_dir / "node-signing.key"
