"""Fraud-intelligence imports and exports as background jobs (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/intel", tags=["intel"])
