import re

import pytest

from bot.clinical import assess, explain_mesotherapy, explain_result

FORBIDDEN = re.compile(r"\byou have (androgenetic|alopecia|telogen|traction|pattern|patchy)|\bdiagnosed with\b", re.I)


def text(messages):
    return " ".join(messages)


@pytest.mark.parametrize("slots,must", [
    ({"pattern": "edges", "hairstyles": True}, "hairstyle"),
    ({"pattern": "diffuse", "shedding": "clumps", "triggers": ["illness_fever"]}, "3-6 months"),
    ({"pattern": "patches", "onset": "sudden"}, "medical treatment comes first"),
    ({"pattern": "hairline_crown", "onset": "gradual", "family_history": True}, "evidence for it is limited"),
    ({}, "examine your scalp first"),
])
def test_mesotherapy_tailored_to_type(slots, must):
    msgs = explain_mesotherapy(assess(slots))
    assert must in text(msgs)
    assert "dermatologist" in text(msgs).lower() and "evidence" in text(msgs).lower()
    assert not FORBIDDEN.search(text(msgs))


def test_mesotherapy_clinic_facts_when_no_flags():
    t = text(explain_mesotherapy(assess({"pattern": "hairline_crown", "onset": "gradual"})))
    for fact in ["numbing cream", "30-45 minutes", "5-8 sessions", "2-3 weeks", "every 2-3 months",
                 "2-3 months", "24-48 hours", "minoxidil", "PRP", "transplant", "consultation"]:
        assert fact in t, fact


def test_red_flag_means_doctor_first_and_no_promise():
    t = text(explain_mesotherapy(assess({"pattern": "patches", "age": 9})))
    assert "doctor" in t and "can't promise" in t
    assert "5-8 sessions" not in t and "visible after" not in t


def test_contraindication_changes_message():
    t = text(explain_mesotherapy(assess({"pattern": "hairline_crown", "onset": "gradual", "pregnancy": "pregnant"})))
    assert "may not be safe" in t and "pregnancy" in t
    assert "5-8 sessions" not in t


def test_explain_result_likely_with_points_and_not_a_diagnosis():
    msgs = explain_result(assess({"pattern": "edges", "hairstyles": True, "onset": "gradual"}))
    assert "most like yours is hair loss from pulling" in msgs[0] and "not a diagnosis" in msgs[0]
    points = [l for l in msgs[1].splitlines() if l.startswith("- ")]
    assert 2 <= len(points) <= 4
    assert not FORBIDDEN.search(text(msgs))


def test_explain_result_unclear_and_red_flags():
    msgs = explain_result(assess({"age": 10}))
    assert "can't say" in msgs[0] and any("under 18" in m for m in msgs)

