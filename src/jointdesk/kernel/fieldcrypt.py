"""Authenticated encryption of single fields (TOTP secrets, later restricted personal data)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet


def _fernet(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_field(key: bytes, plaintext: str) -> bytes:
    return _fernet(key).encrypt(plaintext.encode())


def decrypt_field(key: bytes, token: bytes) -> str:
    return _fernet(key).decrypt(token).decode()
