"""The result of assess(): likely type, probabilities, evidence, red flags, contraindications."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

TYPES = ("androgenetic_alopecia", "alopecia_areata", "telogen_effluvium", "traction_alopecia")
UNCLEAR = "unclear"
# text -> the red-flag safety net's probability that the description has a red flag, or None without a trained model
# (red_flag_model.py)
FlagProbability = Callable[[str], "float | None"]


@dataclass
class Flag:
    code: str
    patient: str  # words for the patient
    staff: str  # words for clinic staff
    source: str = ""
    # Who should see the patient first (weights.py REFERRALS: physician, endocrinologist, dermatologist,
    # crisis_line); "" for contraindications, and in assessments stored before it existed.
    refer_to: str = ""


@dataclass
class Evidence:
    code: str
    patient: str
    staff: str
    effects: dict[str, float]  # type -> weight added (+ raised, - lowered)
    source: str = ""

    def summary(self) -> str:
        """One line for staff: 'Well-defined patch(es): +3.0 alopecia_areata, -1.5 ...'."""
        parts = ", ".join(f"{w:+.1f} {t}" for t, w in sorted(self.effects.items(), key=lambda kv: -abs(kv[1])))
        return f"{self.staff}: {parts}" if parts else self.staff


@dataclass
class Assessment:
    likely_type: str
    probabilities: dict[str, float]
    confidence: float
    red_flags: list[Flag] = field(default_factory=list)
    contraindications: list[Flag] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    unclear_reason: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def top_type(self) -> str:
        """The most probable of the four, even when the answer is "unclear"."""
        return max(self.probabilities, key=lambda t: self.probabilities[t])

    def referrals(self) -> list[str]:
        """Who should see the patient first, once each, in the order of the red flags ("crisis_line" first)."""
        found = list(dict.fromkeys(f.refer_to for f in self.red_flags if f.refer_to))
        return sorted(found, key=lambda r: r != "crisis_line")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        """The inverse of to_dict(), for an assessment kept in a conversation slot."""
        return cls(
            likely_type=data["likely_type"],
            probabilities=dict(data["probabilities"]),
            confidence=data["confidence"],
            red_flags=[_flag(f) for f in data.get("red_flags") or []],
            contraindications=[_flag(f) for f in data.get("contraindications") or []],
            evidence=[Evidence(**e) for e in data.get("evidence") or []],
            unclear_reason=data.get("unclear_reason"),
            facts=dict(data.get("facts") or {}),
        )


def _flag(data: dict[str, Any]) -> Flag:
    """A Flag from its dict; keys it does not know (a newer or older version's) are left out."""
    return Flag(**{k: v for k, v in data.items() if k in Flag.__dataclass_fields__})
