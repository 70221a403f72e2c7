"""bot.past_states: within one prediction, the states every policy asks for are Rasa's own (same values, same
sharing, so the featurizers' edits land the same way), the conversation is replayed once, and a tracker that
changed, another tracker or other arguments never get states worked out for something else.

The conversations are the project's own stories and rules (data/), one by one and all in a row, cut before
every action as at prediction time. tests/rasa/test_past_states_predictions.py compares whole predictions of
the trained model over simulated patients' conversations."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import RULE_ONLY_LOOPS, RULE_ONLY_SLOTS
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import past_states

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def training():
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    domain = importer.get_domain()
    generated = TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=0).generate()
    conversations = [list(tracker.events) for tracker in generated]
    assert len(conversations) >= 20 and any(tracker.is_rule_tracker for tracker in generated)
    # everything in a row, a patient message taken back in the middle: a long conversation with hidden rule turns
    in_a_row = [event for events in conversations for event in events]
    middle = len(in_a_row) // 2
    in_a_row[middle:middle] = [UserUttered("hi", {"name": "greet"}), UserUtteranceReverted()]
    conversations.append(in_a_row)
    return domain, conversations


def arguments(domain) -> list[tuple[bool, dict | None]]:
    """What the policies pass (RulePolicy: not ignoring rule turns; Memoization and TED: ignoring them, with the
    slots and loops only rules use), and ignoring without rule-only data."""
    rule_only = {RULE_ONLY_SLOTS: [slot.name for slot in domain.slots][::2], RULE_ONLY_LOOPS: list(domain.form_names)}
    assert rule_only[RULE_ONLY_SLOTS] and rule_only[RULE_ONLY_LOOPS]
    return [(False, None), (True, rule_only), (True, None)]


def tracker_of(domain, events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("patient", events, domain.slots)


def prediction_points(events: list[Event]) -> list[int]:
    """Where a prediction is made: before each action, and at the end."""
    return [i for i, event in enumerate(events) if isinstance(event, ActionExecuted)] + [len(events)]


def rasas(tracker, domain, ignore, rule_only):
    return past_states._rasas_past_states(tracker, domain, False, ignore, rule_only)


def ours(tracker, domain, ignore, rule_only):
    return past_states.past_states(tracker, domain, False, ignore, rule_only)


def sharing(states: list[dict]) -> list[list[tuple[str, int]]]:
    """Which sub-states are the same object: each as the position of its first appearance."""
    first: dict[int, int] = {}
    shape = []
    for state in states:
        shape.append([(kind, first.setdefault(id(sub), len(first))) for kind, sub in sorted(state.items())])
    return shape


def as_the_featurizer_edits_it(states: list[dict], use_text: bool) -> list[dict]:
    MaxHistoryTrackerFeaturizer()._choose_last_user_input([states], use_text)
    return states


def test_every_policys_states_are_rasas_at_every_prediction_point(training):
    domain, conversations = training
    compared = 0
    for events in conversations:
        points = prediction_points(events)
        for end in points if len(points) < 40 else points[::7] + points[-3:]:  # the long one: a sample
            tracker = tracker_of(domain, events[:end])
            with past_states.one_prediction(tracker):
                for ignore, rule_only in arguments(domain):
                    theirs, mine = rasas(tracker, domain, ignore, rule_only), ours(tracker, domain, ignore, rule_only)
                    assert mine == theirs and sharing(mine) == sharing(theirs)
                    use_text = len(theirs) % 2 == 0  # the featurizer's edits, one way or the other
                    edited_mine = as_the_featurizer_edits_it(ours(tracker, domain, ignore, rule_only), use_text)
                    assert edited_mine == as_the_featurizer_edits_it(theirs, use_text)
                    compared += 1
    assert compared > 300


def test_edits_of_one_answer_do_not_reach_the_next(training):
    domain, conversations = training
    tracker = tracker_of(domain, conversations[-1])
    with past_states.one_prediction(tracker):
        first = ours(tracker, domain, True, None)
        for state in first:
            state.clear()
        assert ours(tracker, domain, True, None) == rasas(tracker, domain, True, None)


def test_the_conversation_is_replayed_once_per_prediction(training, monkeypatch):
    domain, conversations = training
    replays = []
    rasas_replay = DialogueStateTracker.generate_all_prior_trackers
    monkeypatch.setattr(DialogueStateTracker, "generate_all_prior_trackers",
                        lambda self: replays.append(self) or rasas_replay(self))
    tracker = tracker_of(domain, conversations[-1])
    with past_states.one_prediction(tracker):
        for ignore, rule_only in arguments(domain) * 2:
            ours(tracker, domain, ignore, rule_only)
    assert len(replays) == 1
    ours(tracker, domain, False, None)  # outside a prediction: Rasa's way, a replay per call
    assert len(replays) == 2


def test_a_tracker_changed_during_the_prediction_gets_fresh_states(training):
    domain, conversations = training
    slot = next(s for s in domain.slots if s.influence_conversation)
    tracker = tracker_of(domain, conversations[-1])
    with past_states.one_prediction(tracker):
        before = ours(tracker, domain, False, None)
        tracker.update(SlotSet(slot.name, "changed"))
        tracker.update(ActionExecuted("action_listen"))
        after = ours(tracker, domain, False, None)
        assert after == rasas(tracker, domain, False, None) and after != before
    tracker = tracker_of(domain, conversations[-1])
    with past_states.one_prediction(tracker):
        before = ours(tracker, domain, False, None)
        tracker.events.pop()  # as many events as before, the last one another
        tracker.update(UserUttered("hello", {"name": "greet"}))
        after = ours(tracker, domain, False, None)
        assert after == rasas(tracker, domain, False, None) and after != before


def test_another_tracker_or_other_arguments_take_rasas_way(training, monkeypatch):
    domain, conversations = training
    tracker = tracker_of(domain, conversations[-1])
    other = tracker_of(domain, conversations[0])
    replays = []
    rasas_replay = DialogueStateTracker.generate_all_prior_trackers
    monkeypatch.setattr(DialogueStateTracker, "generate_all_prior_trackers",
                        lambda self: replays.append(self) or rasas_replay(self))
    with past_states.one_prediction(tracker):
        ours(tracker, domain, False, None)
        assert ours(other, domain, False, None) == rasas(other, domain, False, None)
        assert replays == [tracker, other, other]
        unset_omitted = past_states.past_states(tracker, domain, omit_unset_slots=True)
        assert unset_omitted == past_states._rasas_past_states(tracker, domain, omit_unset_slots=True)
        assert replays[3:] == [tracker, tracker]  # worked out again, not taken from this prediction's turns


def test_install_wraps_each_prediction(training, monkeypatch):
    domain, conversations = training
    monkeypatch.setattr(DialogueStateTracker, "past_states", DialogueStateTracker.past_states)
    monkeypatch.setattr(MessageProcessor, "_predict_next_with_tracker", MessageProcessor._predict_next_with_tracker)
    seen = []
    monkeypatch.setattr(past_states, "_rasas_predict_next_with_tracker",
                        lambda processor, tracker: seen.append(past_states._current.get()) or "prediction")
    past_states.install()
    tracker = tracker_of(domain, conversations[-1])
    assert MessageProcessor._predict_next_with_tracker(object(), tracker) == "prediction"
    assert seen[0] is not None and seen[0].tracker is tracker and past_states._current.get() is None
    with past_states.one_prediction(tracker):
        assert tracker.past_states(domain) == rasas(tracker, domain, False, None)
