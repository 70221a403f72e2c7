import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:   # plain `pytest` from the repo root does not put it on sys.path
    sys.path.insert(0, str(ROOT))
