"""Data layer: declarative base, portable types, engine, unit of work, job table."""

from jointdesk.db.base import Base
from jointdesk.db.engine import make_engine
from jointdesk.db.models import Job
from jointdesk.db.types import JSONType, UTCDateTime
from jointdesk.db.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["Base", "JSONType", "Job", "UTCDateTime", "UnitOfWork", "UnitOfWorkFactory", "make_engine"]
