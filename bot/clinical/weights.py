"""Loads weights.yml (the likely-type scorecard, red flags, contraindications) once, and checks its type keys
and who each red flag sends the patient to."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

WEIGHTS_PATH = Path(__file__).with_name("weights.yml")
# `refer_to` of a flag: who should see the patient first (code -> words for staff).
REFERRALS = {
    "physician": "family doctor or physician",
    "endocrinologist": "endocrinologist",
    "dermatologist": "dermatologist",
    "crisis_line": "urgent care / crisis line",
}


@lru_cache(maxsize=4)
def weights(path: str = str(WEIGHTS_PATH)) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    short = data["types"]
    for f in data["features"]:
        unknown = set(f["weights"]) - set(short)
        if unknown:
            raise ValueError(f"feature {f['code']}: unknown type keys {unknown}")
    unknown = set(data["text_model"]["resembles"]) - set(short.values())
    if unknown:
        raise ValueError(f"text_model.resembles: unknown types {unknown}")
    for section in ("red_flags", "contraindications"):
        for rule in data.get(section) or []:
            refer_to = rule.get("refer_to")
            # every red flag says who sees the patient; a contraindication may
            if (refer_to is None and section == "red_flags") or (refer_to is not None and refer_to not in REFERRALS):
                raise ValueError(f"{section} {rule['code']}: refer_to must be one of {sorted(REFERRALS)}")
    net = data.get("red_flag_model")
    if net is not None and net.get("refer_to") not in REFERRALS:
        raise ValueError(f"red_flag_model: refer_to must be one of {sorted(REFERRALS)}")
    return data
