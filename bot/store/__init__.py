"""Storage: SQLAlchemy models, engines and migrations, on SQLite or PostgreSQL."""

from . import (  # noqa: F401 - their tables share `metadata`
    alert_models,
    attachment_models,
    handoff_models,
    privacy_models,
    reminder_models,
    staff_models,
    whatsapp_models,
)
from .db import StorageUnavailable, make_engine, session_factory
from .intakes import find_intake, save_intake
from .migrate import migrate
from .models import Booking, Intake, metadata

__all__ = [
    "StorageUnavailable",
    "make_engine",
    "session_factory",
    "migrate",
    "save_intake",
    "find_intake",
    "Booking",
    "Intake",
    "metadata",
]
