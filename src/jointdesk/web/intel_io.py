"""Import and export pages for fraud intelligence (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/intel")
