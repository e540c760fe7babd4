"""Persons, trafficking screening, transfer batches and raid intake (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/cooperation", tags=["cooperation"])
