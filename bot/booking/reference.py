"""Short booking references a patient can read out over the phone."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L or 5/S-like pairs a caller would confuse: 29 symbols, 29**6 ≈ 595 million codes.
ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
LENGTH = 6


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_reference(text: str) -> str:
    """What the patient typed ("ab3-k7q ") in the stored form ("AB3K7Q")."""
    return re.sub(r"[\s\-_.]", "", text or "").upper()
