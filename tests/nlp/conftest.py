import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:   # plain `pytest` from the repo root does not put it on sys.path
    sys.path.insert(0, str(ROOT))

from nlp_testing import TODAY  # noqa: E402


@pytest.fixture(scope="session")
def u():
    """understand() with a fixed 'today' so "since August" is stable."""
    from bot.nlp import understand

    def run(text, context_slot=None):
        return understand(text, context_slot, today=TODAY)
    return run
