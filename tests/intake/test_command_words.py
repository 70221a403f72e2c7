"""The words the assistant tells patients to type (bot/conversation/commands.yml) always mean their intent."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.booking import requests
from bot.command_component import CommandWords
from bot.conversation.commands import booking_step_words, command_intent, commands
from bot.services import ROOT

# `say "start"`, `Write "delete my data"`, `say \"start\"` (escaped inside a YAML string)
TAUGHT = re.compile(r"""\b(?:say|write|type)\s+\\?["“]([^"”\\]{1,40})\\?["”]""", re.IGNORECASE)
TEXT_FILES = [ROOT / "domain.yml", *sorted(p for p in (ROOT / "bot").rglob("*.yml") if p.name != "commands.yml")]


def taught_words() -> set[str]:
    found = set()
    for path in TEXT_FILES:
        found |= {m.group(1).strip().lower() for m in TAUGHT.finditer(path.read_text(encoding="utf-8"))}
    return found


def test_the_assistants_texts_teach_commands():
    # the reader of the texts finds what it should (else the next test proves nothing)
    assert {"start", "start over", "book a consultation", "delete my data", "human"} <= taught_words()


def test_every_word_the_assistant_teaches_is_a_command():
    missing = taught_words() - set(commands()) - set(booking_step_words())
    assert not missing, f"told to patients but not in bot/conversation/commands.yml: {sorted(missing)}"


def test_the_booking_steps_own_words_are_read_there():
    assert booking_step_words() and all(requests.way_out(words) for words in booking_step_words())


def test_every_command_names_an_intent_of_the_domain():
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    assert set(commands().values()) <= intents


@pytest.mark.parametrize("text, intent", [
    ("start", "report_hair_loss"), ("Start.", "report_hair_loss"), ("  START!! ", "report_hair_loss"),
    ("“start over”", "start_over"), ("start   over", "start_over"), ("'human'", "human_handoff"),
    ("Delete my data 🙏", "delete_my_data"),
])
def test_the_command_itself_with_case_quotes_and_punctuation(text, intent):
    assert command_intent(text) == intent


@pytest.mark.parametrize("text", ["start please", "it started suddenly", "don't start over", "human hair wig",
                                  "", "   ", "start" * 40, None, 7])
def test_anything_more_or_less_is_left_to_the_classifier(text):
    assert command_intent(text) is None


def _message(text: str, intent: str, confidence: float) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence},
                                   {"name": "report_hair_loss", "confidence": 0.2}])
    return message


def test_the_component_overrides_a_fallback_for_a_command():
    component = CommandWords()
    [message] = component.process([_message("Start", "nlu_fallback", 0.4)])
    assert message.get("intent") == {"name": "report_hair_loss", "confidence": 1.0}
    names = [r["name"] for r in message.get("intent_ranking")]
    assert names[0] == "report_hair_loss" and names.count("report_hair_loss") == 1


def test_the_component_leaves_other_messages_and_button_payloads_alone():
    component = CommandWords()
    sentence, payload = component.process([_message("start of the year it began", "inform", 0.9),
                                           _message("/start_over", "start_over", 1.0)])
    assert sentence.get("intent") == {"name": "inform", "confidence": 0.9}
    assert payload.get("intent") == {"name": "start_over", "confidence": 1.0}


def test_the_component_runs_before_the_crisis_detector():
    pipeline = [c["name"] for c in yaml.safe_load(Path(ROOT / "config.yml").read_text())["pipeline"]]
    assert pipeline.index("bot.command_component.CommandWords") < pipeline.index("bot.crisis_component.CrisisDetector")
    assert pipeline.index("FallbackClassifier") < pipeline.index("bot.command_component.CommandWords")
