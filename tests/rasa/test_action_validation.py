"""The Rasa server judges action server responses as Rasa does, with one validator per process (issue 15)."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import action_validation

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 34, "timestamp": None}], "responses": [{"text": "hi"}]},
    {"events": [{"event": "active_loop", "name": "intake_form"}], "responses": [{"text": "a", "buttons": []}]},
    {},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"events": [{"event": "no_such_event"}]},
    {"responses": ["text instead of an object"]},
    [],
]


def rasa_verdict(result) -> bool:
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("result", GOOD + BAD)
def test_the_same_verdict_as_rasas_own_check(result):
    expected = rasa_verdict(result)
    if expected:
        assert action_validation.validate_action_result(None, result) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            action_validation.validate_action_result(None, result)
    assert expected == (result in GOOD)


def test_install_replaces_rasas_check_with_the_cached_validator(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_validation.install()
    assert RemoteAction._validate_action_result is action_validation.validate_action_result
    assert action_validation.response_validator() is action_validation.response_validator()


def test_the_schema_is_checked_and_the_validator_built_once(monkeypatch):
    built = []
    real = action_validation.validator_for

    def counting_validator_for(schema):
        built.append(schema)
        return real(schema)

    monkeypatch.setattr(action_validation, "validator_for", counting_validator_for)
    action_validation.response_validator.cache_clear()
    for _ in range(20):
        action_validation.validate_action_result(None, GOOD[1])
    assert len(built) == 1
