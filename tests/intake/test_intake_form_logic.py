"""The intake form's flow as plain Python: what a message fills and what is asked next."""
from __future__ import annotations

from bot.conversation.form import all_question_slots, applies, ask, next_slot, start, step, why
from bot.conversation.readback import readback
from bot.conversation.slot_names import CONFIRM, CONSENT, RETRIES
from bot.conversation.turn import Turn
from bot.intake.questions import SKIPPED, question_slots

ALL_ANSWERED = {
    "consent": True, "first_name": "Sara", "age": 34, "sex": "female",
    "description": "round bald patch behind my ear", "duration_days": 21, "onset": "sudden",
    "pattern": "patches", "shedding": "clumps", "triggers": [], "family_history": False, "hairstyles": False,
    "scalp_symptoms": [], "nail_changes": False, "conditions": [], "medicines": [], "pregnancy": "no",
    "treatments_tried": [],
}


def answer(slots, requested, text, intent="inform", confidence=0.95, choice=None):
    outcome = step(slots, requested, Turn(text, intent, confidence, choice))
    slots.update(outcome.updates)
    return outcome


def test_consent_is_asked_first_and_nothing_is_filled_before_it():
    outcome = start({}, Turn("hi, I'm 34 and I have a round bald patch since 3 weeks, it came suddenly", "greet", 0.9))
    assert outcome.next_slot == CONSENT
    assert not set(outcome.updates) & set(question_slots())


def test_after_consent_free_text_fills_what_it_answers():
    outcome = start({"consent": True},
                    Turn("hi, I'm 34 and I have a round bald patch since 3 weeks, it came suddenly", "greet", 0.9))
    assert outcome.updates["age"] == 34
    assert outcome.updates["pattern"] == "patches"
    assert outcome.updates["duration_days"] == 21
    assert outcome.updates["onset"] == "sudden"


def test_prefilled_questions_are_skipped():
    slots = {"consent": True, "first_name": "Sara", "age": 34}
    assert next_slot(slots) == "sex"
    slots.update(sex="female", description="my part is getting wider")
    assert next_slot(slots) == "duration_days"


def test_declining_consent_ends_the_form_and_forgets_volunteered_answers():
    slots = {"age": 34}
    outcome = answer(slots, CONSENT, "no", "deny")
    assert slots[CONSENT] is False and slots["age"] is None
    assert outcome.next_slot is None
    assert any("won't store" in m.text for m in outcome.messages)


def test_consent_button_and_unclear_reply():
    slots = {}
    outcome = answer(slots, CONSENT, "maybe later", "inform")
    assert outcome.next_slot == CONSENT and slots[RETRIES][CONSENT] == 1
    answer(slots, CONSENT, "Yes, I agree", "affirm", choice="yes")
    assert slots[CONSENT] is True


def test_a_failed_answer_gets_a_specific_reask_with_skip_then_moves_on():
    slots = {"consent": True, "first_name": "Sara"}
    assert ask("age", slots)[0].text == "How old are you?"
    answer(slots, "age", "banana")
    first = ask("age", slots)
    assert "didn't catch a number of years" in first[0].text
    assert any(b.value == SKIPPED for m in first for b in m.buttons), "the re-ask offers a skip"
    assert first[0].text != ask("age", {**slots, RETRIES: {}})[0].text
    outcome = answer(slots, "age", "a lot")
    assert slots["age"] == SKIPPED and outcome.next_slot == "sex", "asked twice at most"


def test_closed_question_reask_offers_its_buttons():
    slots = {**{k: v for k, v in ALL_ANSWERED.items() if k in ("consent", "first_name", "age", "sex", "description", "duration_days")}}
    answer(slots, "onset", "??")
    messages = ask("onset", slots)
    titles = [b.title for m in messages for b in m.buttons]
    assert "Suddenly" in titles and "Gradually" in titles and "Skip this question" in titles


def test_skip_marks_the_question_and_moves_on():
    slots = {"consent": True}
    outcome = answer(slots, "first_name", "skip", "skip")
    assert slots["first_name"] == SKIPPED and outcome.next_slot == "age"


def test_consent_cannot_be_skipped_away():
    slots = {}
    outcome = answer(slots, CONSENT, "skip", "skip")
    assert slots.get(CONSENT) is None and outcome.next_slot == CONSENT


def test_go_back_reopens_the_previous_answer():
    slots = {"consent": True, "first_name": "Sara", "age": 34}
    outcome = answer(slots, "sex", "go back", "go_back")
    assert outcome.next_slot == "age" and slots["age"] is None
    outcome = answer(slots, "age", "35")
    assert slots["age"] == 35 and outcome.next_slot == "sex"


def test_go_back_at_the_first_question_says_so():
    slots = {"consent": True}
    outcome = answer(slots, "first_name", "go back", "go_back")
    assert outcome.next_slot == "first_name"
    assert "first question" in outcome.messages[0].text


def test_corrections_change_earlier_answers_and_keep_the_current_question():
    slots = {"consent": True, "first_name": "Sara", "age": 34, "sex": "female"}
    outcome = answer(slots, "description", "actually I'm 35")
    assert slots["age"] == 35 and outcome.next_slot == "description"
    assert "35" in outcome.messages[0].text
    slots.update(description="patchy", duration_days=30, onset="gradual")
    outcome = answer(slots, "pattern", "sorry, it started suddenly")
    assert slots["onset"] == "sudden" and outcome.next_slot == "pattern"


def test_naming_a_wrong_answer_goes_back_to_it():
    slots = dict(ALL_ANSWERED)
    slots.pop("treatments_tried")
    outcome = answer(slots, "treatments_tried", "sorry, the age is wrong")
    assert outcome.next_slot == "age" and slots["age"] is None


def test_interruptions_that_are_no_answer_are_handed_to_the_rules():
    slots = {"consent": True}
    for intent in ("faq", "ask_why", "human_handoff", "stop", "start_over", "out_of_scope"):
        assert step(slots, "first_name", Turn("hmm?", intent, 0.95)).reject
    # an answer is an answer whatever the NLU guessed, and a low-confidence guess is an answer attempt
    assert not step(slots, "first_name", Turn("Sara", "faq", 0.95)).reject
    assert not step(slots, "first_name", Turn("Sara", "faq", 0.3)).reject


def test_pregnancy_is_only_asked_where_it_applies():
    assert applies("pregnancy", {"sex": "female", "age": 30})
    assert applies("pregnancy", {"sex": "other", "age": 30})
    assert not applies("pregnancy", {"sex": "male", "age": 30})
    assert not applies("pregnancy", {"sex": "female", "age": 70})
    assert not applies("pregnancy", {"sex": "female", "age": 8})
    slots = {k: v for k, v in ALL_ANSWERED.items() if k != "pregnancy"}
    slots.update(sex="male", treatments_tried=None)
    assert next_slot(slots) == "treatments_tried"


def test_under_18_is_noted_for_a_guardian():
    slots = {"consent": True, "first_name": "Ali"}
    outcome = answer(slots, "age", "15")
    assert slots["age"] == 15 and any("guardian" in m.text for m in outcome.messages)


def test_summary_read_back_and_confirmation():
    slots = dict(ALL_ANSWERED)
    assert next_slot(slots) == CONFIRM
    messages = ask(CONFIRM, slots)
    assert "Sara" in messages[0].text and "Round or oval patches" in messages[0].text
    outcome = answer(slots, CONFIRM, "yes", "affirm")
    assert slots[CONFIRM] is True and outcome.next_slot == "wants_booking"
    assert slots["assessment"]["likely_type"] == "alopecia_areata"


def test_summary_fix_then_confirm():
    slots = dict(ALL_ANSWERED)
    outcome = answer(slots, CONFIRM, "no", "deny")
    assert outcome.next_slot == CONFIRM and "What should I change" in outcome.messages[0].text
    assert ask(CONFIRM, slots) == [], "no second read-back while we wait for the change"
    answer(slots, CONFIRM, "my age is 40")
    assert slots["age"] == 40
    assert "40" in ask(CONFIRM, slots)[0].text
    answer(slots, CONFIRM, "yes", "affirm")
    assert slots[CONFIRM] is True


def test_every_question_has_a_reason():
    for slot in all_question_slots():
        assert len(why(slot)) > 20


def test_readback_lists_only_answered_questions():
    text = readback({"first_name": "Sara", "age": 34, "triggers": [], "medicines": SKIPPED})
    assert "Age: 34" in text and "none" in text and "skipped" in text and "Pattern" not in text
    assert set(question_slots()) >= {"age", "pattern"}
