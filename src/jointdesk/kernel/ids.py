"""Identifiers: random UUIDs, never sequential numbers that leak volumes."""

import uuid


def new_id() -> uuid.UUID:
    return uuid.uuid4()
