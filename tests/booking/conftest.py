"""The booking conversation's desk: in memory in the fast tier, on SQLite and PostgreSQL in the slow tier."""
from __future__ import annotations

import pytest

from bot.booking.database_desk import DatabaseBookingDesk
from bot.store.db import make_engine, session_factory as make_session_factory
from tests.support.booking_desk import InMemoryBookingDesk


@pytest.fixture
def make_desk(desk_backend):
    """make_desk(now) -> a BookingDesk whose clock stands at `now`."""
    engines = []

    def make(now):
        if desk_backend == "memory":
            return InMemoryBookingDesk(now=now)
        engine = make_engine(desk_backend)
        engines.append(engine)
        return DatabaseBookingDesk(make_session_factory(engine), now=now)

    yield make
    for engine in engines:
        engine.dispose()
