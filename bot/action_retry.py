"""The Rasa server's calls to the action server survive its restart; a turn they cannot finish is not kept.

Rasa 3.6 (RemoteAction.run) turns a refused or dropped connection into an exception that the processor logs
and swallows: the action's events are lost, the form goes on without its validation and the half-done turn
is saved. Here, in the Rasa server's process (bot.rasa_server installs it):
- a call that fails to connect, or whose connection drops before any reply, is tried again a few times
  with backoff while the supervisor restarts the action server (RETRY_DELAYS, about 30 s in all). Only
  then: an HTTP error status is a reply and is never resent. Our actions are safe to run twice for one turn
  (a booking is idempotent per conversation, an intake is saved as a new version or unchanged, cancelling
  a cancelled booking changes nothing, moving to the time it already has changes nothing).
- if it still fails, the rest of that message is not handled and its turn is not saved (the tracker stays
  at the last confirmed turn, so the same answer sent again continues correctly), and the patient gets one
  polite line (action_retry.yml) instead of a reply built on a failed step."""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.exceptions import RasaException

from bot.messages import MessageFile
from bot.pseudonym import pseudonym

log = logging.getLogger(__name__)
MESSAGES = MessageFile(Path(__file__).with_name("action_retry.yml"))
RETRY_DELAYS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 8, 8)  # seconds between tries: 31.5 s, a slow restart


class ActionServerUnavailable(RasaException):
    def __init__(self, action_name: str) -> None:
        super().__init__(f"The action server could not be reached to run '{action_name}'")
        self.action_name = action_name


@dataclass
class _Turn:
    """The message being handled in this task; `failed` once an action call could not be made."""

    failed_action: str | None = None


_turn: ContextVar[_Turn | None] = ContextVar("action_retry_turn", default=None)


def connection_failed(error: BaseException) -> bool:
    """Whether RemoteAction.run failed because the action server could not be reached or dropped the
    connection before replying (it raises a RasaException from the aiohttp error)."""
    cause = error.__cause__ or error.__context__
    return isinstance(cause, aiohttp.ClientConnectionError) and not isinstance(cause, aiohttp.ServerTimeoutError)


_original_run = RemoteAction.run
_original_run_action = MessageProcessor._run_action
_original_handle_message = MessageProcessor.handle_message


async def run_with_retries(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    turn = _turn.get()
    if turn is not None and turn.failed_action:
        raise ActionServerUnavailable(self.name())  # this turn is given up already: do not wait again
    for delay in (*RETRY_DELAYS, None):
        try:
            return await _original_run(self, *args, **kwargs)
        except RasaException as error:
            if not connection_failed(error):
                raise
            if delay is None:
                break
            log.warning("Action server unreachable for '%s'; trying again in %g s", self.name(), delay)
            await asyncio.sleep(delay)
    if turn is not None:
        turn.failed_action = self.name()
    raise ActionServerUnavailable(self.name())


async def run_action_unless_failed(self: MessageProcessor, action: Any, *args: Any, **kwargs: Any) -> bool:
    """Rasa's _run_action, which swallows an action's exception; a failed call then ends the message here."""
    turn = _turn.get()
    if turn is not None and turn.failed_action:
        raise ActionServerUnavailable(turn.failed_action)
    result = await _original_run_action(self, action, *args, **kwargs)
    if turn is not None and turn.failed_action:
        raise ActionServerUnavailable(turn.failed_action)
    return bool(result)


async def handle_message_or_apologise(self: MessageProcessor, message: UserMessage) -> Any:
    token = _turn.set(_Turn())
    try:
        return await _original_handle_message(self, message)
    except ActionServerUnavailable as error:
        log.error(
            "Action server unreachable during '%s': the message of conversation %s was not kept and the"
            " patient was asked to send it again",
            error.action_name,
            pseudonym(message.sender_id or ""),
        )
        return await apologise(message)
    finally:
        _turn.reset(token)


async def apologise(message: UserMessage) -> list[dict[str, Any]] | None:
    output = message.output_channel
    if isinstance(output, CollectingOutputChannel):
        output.messages.clear()  # replies of a turn that is not kept would contradict the next ones
    await output.send_text_message(message.sender_id or "", MESSAGES.text("try_again"))
    return output.messages if isinstance(output, CollectingOutputChannel) else None


def install() -> None:
    """In the Rasa server's process (bot.rasa_server), before the server starts."""
    RemoteAction.run = run_with_retries
    MessageProcessor._run_action = run_action_unless_failed
    MessageProcessor.handle_message = handle_message_or_apologise
