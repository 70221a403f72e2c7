"""The result types of bot.nlp: a Finding per recognised phrase and the Understanding of one message."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PATIENT = "patient"
FAMILY = "family"
OTHER = "other"  # husband, friend ...: neither the patient nor a blood relative


@dataclass
class Finding:
    code: str  # lexicon code, e.g. "pattern_patches", "eyebrow_loss", "duration"
    text: str  # the words in the message
    start: int = 0  # character offsets in the (cleaned) message
    end: int = 0
    negated: bool = False
    subject: str = PATIENT  # "patient" | "family" | "other"
    uncertain: bool = False  # "maybe", "not sure", "thinking of ...", a general question ("can braids do this?")
    past: bool = False  # said of long ago, not now ("used to wear braids", "anaemic years ago")
    slot: str | None = None  # intake slot this finding can answer
    value: Any = None  # its value for that slot, or a number (days, years) for time findings

    @property
    def asserted(self) -> bool:
        """Said about the patient now, not negated, not hedged: the only findings that fill slots."""
        return self.subject == PATIENT and not self.negated and not self.uncertain and not self.past

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Understanding:
    slots: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # The slot in `slots` whose value came only from a bare reply ("yes", "none") to the question asked
    # (understand's context_slot), not from anything the text states.
    bare_answer_to: str | None = None

    def stated_slots(self) -> dict[str, Any]:
        """What the text itself states, without a bare answer to the question asked."""
        return {k: v for k, v in self.slots.items() if k != self.bare_answer_to}

    def codes(self, asserted_only: bool = True) -> list[str]:
        return [f.code for f in self.findings if f.asserted or not asserted_only]

    def has(self, code: str) -> bool:
        return any(f.code == code and f.asserted for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"slots": dict(self.slots), "findings": [f.to_dict() for f in self.findings]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Understanding:
        """The inverse of to_dict(), for a reading kept in a conversation slot."""
        fields = Finding.__dataclass_fields__
        return cls(
            slots=dict(data.get("slots") or {}),
            findings=[Finding(**{k: v for k, v in f.items() if k in fields}) for f in data.get("findings") or []],
        )
