"""One understanding per message: each step runs the spaCy pipeline at most once, and the confirmation does
not read the description a second time."""
from __future__ import annotations

import pytest

import bot.nlp.pipeline as pipeline
from bot.clinical import assess
from bot.conversation.form import step
from bot.conversation.slot_names import ASSESSMENT, CONFIRM, DESCRIPTION_READING
from bot.conversation.turn import Turn
from bot.nlp import understand

ANSWERED = {
    "consent": True, "first_name": "Sara", "age": 34, "sex": "female", "duration_days": 21, "onset": "sudden",
    "pattern": "patches", "shedding": "clumps", "triggers": [], "family_history": False, "hairstyles": False,
    "scalp_symptoms": [], "nail_changes": False, "conditions": [], "medicines": [], "pregnancy": "no",
    "treatments_tried": [],
}
DESCRIPTION = "a round bald patch behind my ear that appeared in two weeks, my eyebrows are thinning too"


class PipelineSpy:
    """Counts the messages the spaCy pipeline processes."""

    def __init__(self, nlp):
        self.nlp, self.texts = nlp, []

    def __call__(self, text):
        self.texts.append(text)
        return self.nlp(text)

    def get_pipe(self, name):
        return self.nlp.get_pipe(name)


@pytest.fixture
def spy(monkeypatch):
    spy = PipelineSpy(pipeline.get_nlp())
    monkeypatch.setattr(pipeline, "get_nlp", lambda: spy)
    return spy


@pytest.mark.parametrize("requested,text", [
    ("description", DESCRIPTION),  # the answer, and what else it says (volunteered)
    ("description", "actually I'm 35"),  # a correction while the description is asked
    ("scalp_symptoms", "itching and some dandruff"),  # a list answer, read for the question and for the rest
    ("duration_days", "about 3 months, it started suddenly"),
    ("family_history", "yes my father"),
    ("pattern", "sorry, the age is wrong"),
])
def test_a_step_reads_the_message_once(spy, requested, text):
    slots = {k: v for k, v in ANSWERED.items() if k != requested}
    step(slots, requested, Turn(text, "inform", 0.9))
    assert spy.texts == [text]


def test_the_spy_sees_every_reading(spy):
    """The check above can fail: two readings of a message are two entries."""
    understand("itching")
    understand("itching")
    assert len(spy.texts) == 2


def test_the_confirmation_assesses_the_description_without_reading_it_again(spy):
    slots = {k: v for k, v in ANSWERED.items()}
    slots.update(step(slots, "description", Turn(DESCRIPTION, "inform", 0.9)).updates)
    assert slots["description"] == DESCRIPTION and slots[DESCRIPTION_READING]["text"] == DESCRIPTION
    spy.texts.clear()
    outcome = step(slots, CONFIRM, Turn("yes", "affirm", 0.95))
    assert spy.texts == ["yes"], "only the confirmation message itself is read"
    read_again = assess({**slots, CONFIRM: True, "intake_status": "confirmed"}, understand(DESCRIPTION)).to_dict()
    assert outcome.updates[ASSESSMENT] == read_again


def test_a_description_without_a_kept_reading_is_read_at_confirmation(spy):
    """A description stored before the reading was kept (or typed over several lines) is still assessed."""
    slots = {**ANSWERED, "description": DESCRIPTION}
    outcome = step(slots, CONFIRM, Turn("yes", "affirm", 0.95))
    assert spy.texts == ["yes", DESCRIPTION]
    assert outcome.updates[ASSESSMENT]["likely_type"] == "alopecia_areata"
