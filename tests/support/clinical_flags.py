"""The codes the clinical rules raise for a description (red flags and contraindications), the red-flag safety net
switched off: what the rule tests of issue 12 check."""

from bot.clinical.text_classification import classify_text

RULES_ONLY = {"flag_probability": lambda _text: None}


def rules_flags(text: str, slots: dict | None = None) -> set[str]:
    out = classify_text(text, slots or {}, **RULES_ONLY)
    return set(out["red_flags"]) | set(out["contraindications"])


def check_probe(probe: dict, known: dict[str, str]) -> None:
    """A blind probe raises the codes it `must` and none it `must_not` (rules only). A probe listed in `known`
    (text -> why it is left unmet) must still be unmet: it xfails with its reason; met, it fails (take it out)."""
    import pytest

    raised = rules_flags(probe["text"], probe["slots"])
    missing, wrong = set(probe["must"]) - raised, set(probe["must_not"]) & raised
    if probe["text"] in known:
        assert missing or wrong, "now met: take it out of KNOWN"
        pytest.xfail(known[probe["text"]])
    assert not missing, f"missing {sorted(missing)}"
    assert not wrong, f"raised {sorted(wrong)}"
