"""The node's Ed25519 log key: loaded from a seed, never stored in the database."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jointdesk.audit.checkpoint import NoteSigner, NoteVerifier, vkey_string
from jointdesk.kernel.secrets import NodeSecrets


def key_name(origin: str) -> str:
    return origin


def signer_from(secrets: NodeSecrets) -> NoteSigner:
    if secrets.log_key_seed is None:
        raise RuntimeError("no log signing key configured for this node")
    private = Ed25519PrivateKey.from_private_bytes(secrets.log_key_seed)
    return NoteSigner(key_name(secrets.origin), private)


def verifier_from(secrets: NodeSecrets) -> NoteVerifier:
    signer = signer_from(secrets)
    return NoteVerifier(signer.name, signer.private_key.public_key())


def node_vkey(secrets: NodeSecrets) -> str:
    signer = signer_from(secrets)
    return vkey_string(signer.name, signer.private_key.public_key())
