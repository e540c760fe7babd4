"""The demo world for newcomers, trainers and browser tests."""

from jointdesk.demo.loader import DemoLogin, is_empty, load_demo
from jointdesk.demo.logins import demo_logins
from jointdesk.demo.world import DEMO_PASSWORD, USERS, demo_totp_secret

__all__ = ["DEMO_PASSWORD", "USERS", "DemoLogin", "demo_logins", "demo_totp_secret", "is_empty", "load_demo"]
