"""Transcripts from the tracker store: button titles for clicks, the bot's understanding, and nothing at all
for a conversation in which the patient declined consent."""
from __future__ import annotations

import uuid

from bot.conversation.slot_names import CONSENT
from bot.staff import transcript
from bot.staff.transcript import build_turns, consent_declined, load_transcript

from staff_helpers import bot, make_intake, slot, user, write_tracker

BUTTONS = [{"title": "Round or oval patches", "payload": '/inform{"choice":"patches"}'},
           {"title": "Hairline and crown", "payload": '/inform{"choice":"hairline_crown"}'}]


def test_consent_slot_name_matches_the_form():
    assert transcript.CONSENT == CONSENT


def test_button_clicks_show_the_button_title_and_the_understanding():
    turns = build_turns([
        bot("Where do you notice it most?", buttons=BUTTONS),
        {**user('/inform{"choice":"patches"}', entities=[{"entity": "choice", "value": "patches"}]), "timestamp": 1},
        slot("pattern", "patches"),
        slot("requested_slot", "shedding"),
        user("I am 34", intent="inform", confidence=0.91),
    ])
    bot_turn, click, typed = turns
    assert bot_turn.buttons == BUTTONS
    assert click.text == "Round or oval patches" and click.clicked == "Round or oval patches"
    assert click.payload == '/inform{"choice":"patches"}' and click.entities[0]["value"] == "patches"
    assert click.slots == [{"name": "pattern", "value": "patches"}]
    assert typed.clicked is None and typed.text == "I am 34" and typed.confidence == 0.91


def test_consent_rules():
    assert consent_declined([slot("consent", False)])
    assert consent_declined([slot("consent", None), slot("consent", False)])
    assert not consent_declined([slot("consent", False), slot("consent", True)])
    assert not consent_declined([slot("consent", True), slot("consent", False)])  # said yes once: shown
    assert not consent_declined([])


def test_declined_conversation_is_withheld(tmp_path):
    path = tmp_path / "tracker.db"
    write_tracker(path, "declined", [bot("May we keep your answers?"), user("no", intent="deny"),
                                     slot("consent", False), user("my secret story")])
    result = load_transcript(f"sqlite:///{path}", "declined")
    assert result.withheld and result.turns == []


def test_missing_tracker_store_is_not_created(tmp_path):
    missing = tmp_path / "nope" / "tracker.db"
    result = load_transcript(f"sqlite:///{missing}", "x")
    assert not result.available and not missing.exists()


def test_intake_page_and_api_show_or_withhold_the_transcript(bob, session_factory, tracker_path):
    run = uuid.uuid4().hex[:8]  # the tracker file is shared by both database backends
    shown = make_intake(session_factory, f"conv-shown-{run}", first_name="Shown")
    write_tracker(tracker_path, f"conv-shown-{run}", [
        slot("consent", True), bot("Where do you notice it most?", buttons=BUTTONS),
        user('/inform{"choice":"hairline_crown"}'), slot("pattern", "hairline_crown")])
    hidden = make_intake(session_factory, f"conv-hidden-{run}", first_name="Hidden")
    write_tracker(tracker_path, f"conv-hidden-{run}", [
        slot("consent", False), user("a private detail about my scalp")])
    page = bob.get(f"/staff/intakes/{shown}").text
    assert "Hairline and crown" in page and "clicked a button" in page and "What the bot understood" in page
    api = bob.api("GET", f"/staff/api/intakes/{shown}/transcript").json()
    assert api["available"] and [t["kind"] for t in api["turns"]] == ["bot", "user"]
    assert api["turns"][1]["clicked"] == "Hairline and crown"
    page = bob.get(f"/staff/intakes/{hidden}").text
    assert "a private detail" not in page and "declined consent" in page
    api = bob.api("GET", f"/staff/api/intakes/{hidden}/transcript").json()
    assert api["withheld"] and api["turns"] == []
