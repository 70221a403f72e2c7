"""The clinical assessment of a confirmed intake, and the messages that tell the patient about it.

bot.clinical decides; this module gives it the confirmed answers and the reading of the patient's own
description, which is kept from the turn that answered it (DESCRIPTION_READING), so the description is
not read a second time at confirmation. The result is two messages (the booking offer makes the third);
"tell me more" gives the rest. Both are worded for a parent when the intake is about a child."""

from __future__ import annotations

from typing import Any

from bot.clinical import Assessment, assess, explain_mesotherapy, explain_result
from bot.clinical.explanations import tell_me_more
from bot.conversation.audience import CHILD_FINDING, about_child, is_child
from bot.conversation.slot_names import DESCRIPTION_READING, OTHER_ANSWERS
from bot.conversation.turn import Message
from bot.intake.questions import SKIPPED
from bot.nlp.understanding import Finding, Understanding


def description_reading(description: str, understanding: Understanding) -> dict[str, Any]:
    """What DESCRIPTION_READING keeps: the description and bot.nlp's reading of exactly that text."""
    stated = Understanding(slots=understanding.stated_slots(), findings=understanding.findings)
    return {"text": description, "understanding": stated.to_dict()}


def _description_understanding(slots: dict[str, Any]) -> Understanding | None:
    description = slots.get("description")
    if not isinstance(description, str) or description == SKIPPED:
        return None
    kept = slots.get(DESCRIPTION_READING)
    if isinstance(kept, dict) and kept.get("text") == description:
        return Understanding.from_dict(kept["understanding"])
    # No reading of this text was kept (typed over several lines, or a conversation from before it was
    # kept): read it now.
    from bot.nlp import understand

    return understand(description)


def _own_words_findings(slots: dict[str, Any]) -> list[Finding]:
    """What the lexicon knows in the answers kept in the patient's own words ("iron tablets", "lupus"): the
    findings that answer that same question, and those that answer none (red-flag signs such as a fever or
    eyebrow loss), so an answer that fitted no button still counts where its words are known."""
    own = slots.get(OTHER_ANSWERS)
    if not isinstance(own, dict) or not own:
        return []
    from bot.nlp import understand

    found: list[Finding] = []
    for slot, words in own.items():
        if isinstance(words, str) and words.strip():
            found += [f for f in understand(words).findings if f.asserted and f.slot in (None, slot)]
    return found


def _as_confirmed(slots: dict[str, Any], described: Understanding | None) -> Understanding | None:
    """The description's reading without what the confirmed answers say otherwise. A finding that answers a
    question ("pareshan" -> stress, a trigger) is left out when the patient's answer to that question, read back
    and confirmed, does not hold it: they took it out ("stress wala galat hai") or answered otherwise. Findings
    that answer no question (red-flag signs) always stay; so do those of a question skipped or not asked."""
    if described is None:
        return None
    kept = []
    for f in described.findings:
        answer = slots.get(f.slot) if f.slot else None
        if answer is not None and answer != SKIPPED and f.value is not None and f.asserted:
            held = answer if isinstance(answer, list) else [answer]
            if f.value not in held:
                continue
        kept.append(f)
    return Understanding(slots=described.slots, findings=kept)


def assess_intake(slots: dict[str, Any]) -> dict[str, Any]:
    """The clinical assessment of the confirmed answers, the patient's own description (as kept in a slot) and
    the answers kept in their own words."""
    described = _as_confirmed(slots, _description_understanding(slots))
    extra = _own_words_findings(slots)
    if extra:
        base = described or Understanding()
        described = Understanding(slots=base.slots, findings=[*base.findings, *extra])
    return assess(slots, described).to_dict()


def _about_child(assessment: Assessment) -> bool:
    """From what the assessment was made of: the age answered and the description's reading."""
    return is_child(
        assessment.facts.get("numbers", {}).get("age"), CHILD_FINDING in assessment.facts.get("findings", [])
    )


def result_messages(assessment: dict[str, Any]) -> list[Message]:
    """Two messages from an assessment kept in a slot: the likely type and why, in short; then what it means
    for mesotherapy, or that a doctor should see the patient first."""
    parsed = Assessment.from_dict(assessment)
    child = _about_child(parsed)
    return [Message(explain_result(parsed, child)), Message(explain_mesotherapy(parsed, child))]


def more_messages(assessment: dict[str, Any] | None, slots: dict[str, Any]) -> list[Message]:
    """What "tell me more" says: the rest of the result, or what mesotherapy is when there is no result yet."""
    if not assessment:
        return [Message(line) for line in tell_me_more(None, about_child(slots))]
    parsed = Assessment.from_dict(assessment)
    return [Message(line) for line in tell_me_more(parsed, _about_child(parsed))]
