"""Storage: SQLAlchemy models, engines and migrations. SQLite by default, PostgreSQL via $DATABASE_URL."""
from .db import (
    DEFAULT_DATABASE_URL,
    StorageUnavailable,
    database_url_from_env,
    engine_from_env,
    make_engine,
    session_factory,
)
from .intakes import find_intake, load_summary, save_summary
from .migrate import migrate
from .models import Booking, Intake, metadata
from . import privacy_models, staff_models  # noqa: F401 - their tables share `metadata`

__all__ = [
    "DEFAULT_DATABASE_URL",
    "StorageUnavailable",
    "database_url_from_env",
    "engine_from_env",
    "make_engine",
    "session_factory",
    "migrate",
    "save_summary",
    "find_intake",
    "load_summary",
    "Booking",
    "Intake",
    "metadata",
]
