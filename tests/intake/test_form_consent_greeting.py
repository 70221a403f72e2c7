"""Before consent the greeting is said once: after a question the patient asks, the consent question comes
back in short (issue 10, point 7)."""
from __future__ import annotations

from bot.conversation.form import ask, step
from bot.conversation.turn import Turn
from bot.conversation.wording import text


def test_the_greeting_comes_once_and_then_a_short_question_with_the_same_buttons():
    first = ask("consent", {})
    again = ask("consent", {}, again=True)
    assert "SKN" in first[0].text and "not a diagnosis" in first[0].text
    assert "SKN" not in again[0].text and len(again[0].text) < len(first[0].text) / 2
    assert "store your answers" in again[0].text
    assert [b.value for b in again[0].buttons] == [b.value for b in first[0].buttons] == ["yes", "no"]


def test_an_unclear_reply_gets_the_re_ask_not_the_greeting():
    slots: dict = {}
    slots.update(step(slots, "consent", Turn("hmm let me think", "inform", 0.9)).updates)
    assert ask("consent", slots, again=True)[0].text == text("consent.reask")


def test_a_question_before_consent_is_handed_to_the_rules_and_not_taken_as_consent():
    outcome = step({}, "consent", Turn("ok but does it hurt?", "faq", 0.9))
    assert outcome.reject and "consent" not in outcome.updates


def test_a_description_instead_of_yes_or_no_is_acknowledged_then_consent_asked_again_and_nothing_kept():
    slots: dict = {}
    outcome = step(slots, "consent", Turn("assalam o alaikum, do saal se baal gir rahe hain", "report_hair_loss", 0.99))
    assert [m.text for m in outcome.messages] == [text("consent.heard")]
    assert outcome.next_slot == "consent" and "consent" not in outcome.updates
    assert not {k for k, v in outcome.updates.items() if v} - {"intake_retries"}, "nothing of the description kept"
    slots.update(outcome.updates)
    assert ask("consent", slots)[0].text == text("consent.reask")


def test_a_hello_after_the_greeting_gets_the_short_question_not_a_telling_off():
    slots: dict = {}
    outcome = step(slots, "consent", Turn("hi there", "greet", 0.98))
    assert outcome.next_slot == "consent" and not outcome.messages
    slots.update(outcome.updates)
    assert ask("consent", slots, again=True)[0].text == text("consent.ask_again")
