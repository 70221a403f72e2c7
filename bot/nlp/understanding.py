"""The result types of bot.nlp: a Finding per recognised phrase and the Understanding of one message."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional

PATIENT = "patient"
FAMILY = "family"
OTHER = "other"  # husband, friend ...: neither the patient nor a blood relative


@dataclass
class Finding:
    code: str                      # lexicon code, e.g. "pattern_patches", "eyebrow_loss", "duration"
    text: str                      # the words in the message
    start: int = 0                 # character offsets in the (cleaned) message
    end: int = 0
    negated: bool = False
    subject: str = PATIENT         # "patient" | "family" | "other"
    uncertain: bool = False        # "maybe", "not sure", "thinking of ..."
    slot: Optional[str] = None     # intake slot this finding can answer
    value: Any = None              # its value for that slot, or a number (days, years) for time findings

    @property
    def asserted(self) -> bool:
        """Said about the patient, not negated, not hedged: the only findings that fill slots."""
        return self.subject == PATIENT and not self.negated and not self.uncertain

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass
class Understanding:
    slots: Dict[str, Any] = field(default_factory=dict)
    findings: List[Finding] = field(default_factory=list)

    def codes(self, asserted_only: bool = True) -> List[str]:
        return [f.code for f in self.findings if f.asserted or not asserted_only]

    def has(self, code: str) -> bool:
        return any(f.code == code and f.asserted for f in self.findings)

    def to_dict(self) -> Dict[str, Any]:
        return {"slots": dict(self.slots), "findings": [f.to_dict() for f in self.findings]}
