"""One prediction of the Rasa server replays the conversation once, not once per policy that asks for its states.

For each prediction, Rasa 3.6's RulePolicy (twice after a patient message), MemoizationPolicy and TEDPolicy each
call DialogueStateTracker.past_states, and each call replays every event of the conversation on a fresh tracker
(generate_all_prior_trackers) and works out the state of every turn (Domain.get_active_state): about a quarter of
the server's CPU under load, growing with the conversation (issue 15's profile). Within one prediction the
conversation does not change, so the replay and the turn states are worked out once, at the first call, and
every call builds its list of states from them exactly as Domain.states_for_tracker_history does: the same
steps with Rasa's own helpers, on fresh copies (the featurizers edit the lists they are given). The copies
share sub-states wherever Rasa's lists share them, so an edit reaches the same places as with Rasa's lists.

Relies on Rasa 3.6 internals (re-check them on an upgrade): MessageProcessor._predict_next_with_tracker is where
a prediction runs (the policies run synchronously inside it); DialogueStateTracker.past_states delegates to
Domain.states_for_tracker_history, whose loop is mirrored in `_states` below; generate_all_prior_trackers,
get_active_state, _get_prev_action_sub_state, _remove_rule_only_features, _substitute_rule_only_user_input and
_clean_state. tests/rasa/test_past_states.py compares the states with Rasa's own, and
tests/rasa/test_past_states_predictions.py the trained model's predictions over simulated patients.

Anything else (training, omit_unset_slots, a tracker other than the one being predicted for, or one whose
events changed since the prediction began) takes Rasa's way.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

_rasas_past_states = DialogueStateTracker.past_states
_rasas_predict_next_with_tracker = MessageProcessor._predict_next_with_tracker


@dataclass(frozen=True)
class _Turn:
    """The replayed tracker at one turn (before each action, and at the end), as states_for_tracker_history
    reads it. `state` and `previous_action` are never handed out, only copies of them."""

    state: dict[str, Any]  # Domain.get_active_state, with every slot (omit_unset_slots=False)
    previous_action: dict[str, Any] | None  # the replayed tracker's latest_action (the same object as in state)
    hide_rule_turn: bool
    may_hide: bool  # no follow-up action and the last action is not the active loop: the turn decides hiding


class _Prediction:
    """The turns of one tracker, worked out at most once, for one domain, while its events stay the same."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self.tracker = tracker
        self._events_seen = self._events_now()
        self._domain: Domain | None = None
        self._turns: list[_Turn] = []

    def _events_now(self) -> tuple[int, int | None]:
        events = self.tracker.events
        return len(events), id(events[-1]) if events else None

    def serves(self, tracker: DialogueStateTracker, domain: Domain) -> bool:
        if tracker is not self.tracker or self._events_now() != self._events_seen:
            return False
        return self._domain is None or domain is self._domain

    def turns(self, domain: Domain) -> list[_Turn]:
        if self._domain is None:
            self._domain = domain
            self._turns = [
                _Turn(
                    state=domain.get_active_state(replayed),
                    previous_action=domain._get_prev_action_sub_state(replayed),
                    hide_rule_turn=hide_rule_turn,
                    may_hide=(
                        not replayed.followup_action and replayed.latest_action_name != replayed.active_loop_name
                    ),
                )
                for replayed, hide_rule_turn in self.tracker.generate_all_prior_trackers()
            ]
        return self._turns


_current: contextvars.ContextVar[_Prediction | None] = contextvars.ContextVar("past_states_prediction", default=None)


@contextmanager
def one_prediction(tracker: DialogueStateTracker) -> Iterator[None]:
    """While the policies predict the next action for `tracker`, its turns are worked out once."""
    token = _current.set(_Prediction(tracker))
    try:
        yield
    finally:
        _current.reset(token)


def _states(
    domain: Domain, turns: list[_Turn], ignore_rule_only_turns: bool, rule_only_data: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Domain.states_for_tracker_history's loop (Rasa 3.6), over the worked-out turns instead of a replay."""
    copies: dict[int, dict[str, Any]] = {}

    def copy_of(sub_state: dict[str, Any]) -> dict[str, Any]:
        # one copy per original object, so the copies are shaped like Rasa's states (no sub-state shared that
        # is not shared there); the values inside sub-states are strings and tuples
        copied = copies.get(id(sub_state))
        if copied is None:
            copied = copies[id(sub_state)] = dict(sub_state)
        return copied

    states: list[dict[str, Any]] = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for turn in turns:
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = turn.previous_action
            if turn.may_hide:
                turn_was_hidden = turn.hide_rule_turn
            if turn_was_hidden:
                continue

        state = {kind: copy_of(sub_state) for kind, sub_state in turn.state.items()}

        if ignore_rule_only_turns:
            domain._remove_rule_only_features(state, rule_only_data)
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = copy_of(last_ml_action_sub_state)

        states.append(domain._clean_state(state))
    return states


def past_states(
    tracker: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    prediction = _current.get()
    if (
        prediction is None
        or omit_unset_slots
        or type(tracker) is not DialogueStateTracker  # e.g. training's TrackerWithCachedStates
        or not prediction.serves(tracker, domain)
    ):
        return _rasas_past_states(tracker, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return _states(domain, prediction.turns(domain), ignore_rule_only_turns, rule_only_data)


def predict_next_with_tracker(processor: MessageProcessor, tracker: DialogueStateTracker) -> Any:
    with one_prediction(tracker):
        return _rasas_predict_next_with_tracker(processor, tracker)


def install() -> None:
    """In the Rasa server's process (bot.rasa_server)."""
    DialogueStateTracker.past_states = past_states
    MessageProcessor._predict_next_with_tracker = predict_next_with_tracker
