"""Persons, trafficking screening and transfer batch pages (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/cooperation")
