"""The codes the clinical rules raise for a description (red flags and contraindications), the red-flag safety net
switched off: what the rule tests of issue 12 check."""

from bot.clinical.text_classification import classify_text

RULES_ONLY = {"flag_probability": lambda _text: None}


def rules_flags(text: str, slots: dict | None = None) -> set[str]:
    out = classify_text(text, slots or {}, **RULES_ONLY)
    return set(out["red_flags"]) | set(out["contraindications"])
