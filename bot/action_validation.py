"""The Rasa server's check of each action server response, with its JSON-schema validator built once per process.

Rasa 3.6's RemoteAction._validate_action_result calls `jsonschema.validate`, which checks the schema itself and
builds a new validator on every call: about half of the Rasa server's CPU under load (issue 15's profile). The
schema never changes, so it is checked once and its validator reused; responses are judged exactly as before,
with Rasa's own error message."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.cache
def response_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # what jsonschema.validate does first, on every call
    return cls(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        response_validator().validate(result)
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> None:
    """Replace Rasa's per-call validation in this process (the Rasa server, bot.rasa_server)."""
    RemoteAction._validate_action_result = validate_action_result
