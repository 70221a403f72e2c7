"""What of a conversation may be stored, as plain functions on Rasa's event dicts (bot/tracker_store.py)."""
from __future__ import annotations

import json

from bot.tracker_store import (
    consent_when_recorded, declined_in_latest_turn, declined_rewrite, stored_events, without_patient_words,
)

NAME, MEDICINE, AGE = "Quillonia", "Zentravorin", "47 years old"
OPENING = f"hi I'm {NAME}, {AGE}, losing hair since I started {MEDICINE}"
CONSENT_BUTTONS = [{"title": "Yes, I agree", "payload": '/inform{"choice":"yes"}'},
                   {"title": "No, just answer my questions", "payload": '/inform{"choice":"no"}'}]


def user(text, intent="inform", confidence=0.93, metadata=None, entities=None):
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
             "entities": entities or [], "message_id": "m1", "metadata": metadata or {},
             "intent_ranking": [{"name": intent, "confidence": confidence}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/cost"}}}}
    return {"event": "user", "timestamp": 1.0, "metadata": metadata or {}, "text": text, "parse_data": parse,
            "input_channel": "rest", "message_id": "m1"}


def bot(text, buttons=None):
    return {"event": "bot", "timestamp": 1.0, "text": text, "data": {"buttons": buttons}, "metadata": {}}


def slot(name, value):
    return {"event": "slot", "timestamp": 1.0, "name": name, "value": value}


def action(name):
    return {"event": "action", "timestamp": 1.0, "name": name}


def contains_patient_words(events):
    dumped = json.dumps(events)
    return any(word in dumped for word in (NAME, MEDICINE, AGE))


def test_messages_before_consent_keep_only_their_intent():
    events = [action("action_listen"), user(OPENING, "greet", entities=[{"entity": "choice", "value": NAME}]),
              bot("May we store your answers?", CONSENT_BUTTONS)]
    stored = stored_events(events)
    assert not contains_patient_words(stored)
    message = stored[1]
    assert message["text"] == ""
    assert message["parse_data"] == {"intent": {"name": "greet", "confidence": 0.93}, "entities": []}
    assert message["timestamp"] == 1.0 and message["input_channel"] == "rest"
    assert stored[0] is events[0] and stored[2] is events[2]  # the rest is stored as it is
    assert events[1]["text"] == OPENING  # the caller's events are not changed


def test_messages_after_consent_are_stored_whole():
    events = [user("hi", "greet"), slot("consent", True), action("action_listen"), user(OPENING)]
    stored = stored_events(events)
    assert stored[3] == events[3]
    assert stored[0]["text"] == ""


def test_the_consent_answer_itself_and_a_decline_keep_no_words():
    events = [user(OPENING, "greet"), bot("consent?", CONSENT_BUTTONS), user(f"no thanks, {NAME} here", "deny"),
              slot("consent", False), user(f"does {MEDICINE} cause hair loss?", "faq")]
    assert not contains_patient_words(stored_events(events))


def test_consent_is_not_given_again_after_a_reset_until_the_patient_agrees():
    events = [slot("consent", True), user("first"), {"event": "reset_slots", "timestamp": 1.0}, user("second"),
              slot("consent", True), {"event": "restart", "timestamp": 1.0}, user("third"),
              {"event": "session_started", "timestamp": 1.0}, slot("consent", True), user("fourth")]
    assert [e["text"] for e in stored_events(events) if e["event"] == "user"] == ["first", "", "", "fourth"]


def test_a_rewind_goes_back_to_the_consent_before_the_undone_message():
    events = [user("hi", "greet"), user("yes", "affirm"), slot("consent", True), {"event": "rewind"},
              user("after the rewind")]
    assert consent_when_recorded(events)[-1] is False
    events = [slot("consent", True), user("one"), slot("consent", False), {"event": "rewind"}, user("two")]
    assert consent_when_recorded(events)[-1] is True


def test_entities_added_before_consent_lose_their_values():
    events = [{"event": "entities", "timestamp": 1.0, "entities": [{"entity": "choice", "value": NAME}]}]
    assert stored_events(events)[0]["entities"] == []


def test_the_widget_keeps_its_hidden_flag_and_the_title_of_an_offered_button_only():
    hidden = user("/greet", "greet", metadata={"web": {"hidden": True}})
    assert without_patient_words(hidden)["metadata"] == {"web": {"hidden": True}}
    clicked = user('/inform{"choice":"yes"}', metadata={"web": {"shown": "Yes, I agree"}})
    forged = user(f'/inform{{"choice":"{NAME}"}}', metadata={"web": {"shown": f"I am {NAME}"}})
    stored = stored_events([bot("consent?", CONSENT_BUTTONS), clicked, bot("consent?", CONSENT_BUTTONS), forged])
    assert stored[1]["metadata"] == {"web": {"shown": "Yes, I agree"}} and stored[1]["text"] == ""
    assert "metadata" not in stored[3] and not contains_patient_words(stored)


def test_a_decline_also_empties_facts_older_versions_filled_before_consent():
    # What an older version stored: the opening message and the slots it filled from it, then "no".
    events = [user(OPENING, "greet"), slot("first_name", NAME), slot("medicines", [MEDICINE]), slot("age", 47),
              slot("requested_slot", "consent"), user("no", "deny"), slot("consent", False),
              slot("first_name", None), slot("age", None)]
    rewritten = declined_rewrite(events)
    assert not contains_patient_words(rewritten)
    assert [e["value"] for e in rewritten if e["event"] == "slot" and e["name"] == "age"] == [None, None]
    assert rewritten[4] == events[4]  # not a patient fact
    assert declined_rewrite(rewritten) == rewritten  # rewriting again changes nothing


def test_facts_given_after_consent_survive_a_later_decline_rewrite():
    events = [slot("consent", True), user(f"I'm {NAME}"), slot("first_name", NAME),
              {"event": "reset_slots", "timestamp": 1.0}, user("no", "deny"), slot("consent", False)]
    rewritten = declined_rewrite(events)
    assert rewritten[1]["text"] == f"I'm {NAME}" and rewritten[2]["value"] == NAME


def test_a_decline_is_recognised_in_the_turn_it_happens_only():
    turn = [user("no", "deny"), action("intake_form"), slot("consent", False), bot("I won't store anything")]
    assert declined_in_latest_turn(turn)
    assert not declined_in_latest_turn(turn + [action("action_listen"), user("what does it cost?", "faq")])
    assert not declined_in_latest_turn([user("yes", "affirm"), slot("consent", True)])


def test_the_widget_history_still_shows_the_clicked_consent_button_and_hides_its_greeting():
    from bot.channels.transcript import transcript

    events = [user("/greet", "greet", metadata={"web": {"hidden": True}}), bot("May we store?", CONSENT_BUTTONS),
              user('/inform{"choice":"yes"}', metadata={"web": {"shown": "Yes, I agree"}}),
              slot("consent", True), bot("What is your first name?"), user(NAME)]
    history = transcript(stored_events(events))
    assert [(m["from"], m.get("text")) for m in history] == [
        ("bot", "May we store?"), ("user", "Yes, I agree"), ("bot", "What is your first name?"), ("user", NAME)]
