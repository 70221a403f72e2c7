"""bot.action_retry against a real HTTP action endpoint: what is retried, what is not, what the patient gets.
The whole path (Rasa server, form, tracker) is in tests/e2e/test_process_restart.py."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot import action_retry
from bot.services import free_port


@pytest.fixture(autouse=True)
def short_delays(monkeypatch):
    monkeypatch.setattr(action_retry, "RETRY_DELAYS", (0.05, 0.1, 0.2))


class ActionEndpoint:
    """A stand-in action server: each request is answered by the next of `behaviours`, the last repeated."""

    def __init__(self, port: int, behaviours: list[str]) -> None:
        self.port, self.behaviours, self.hits, self.runner = port, behaviours, 0, None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        behaviour = self.behaviours[min(self.hits, len(self.behaviours) - 1)]
        self.hits += 1
        if behaviour == "drop":  # the process died after reading the request: no reply at all
            request.transport.close()
            return web.Response()  # written nowhere: the connection is gone
        if behaviour == "error":
            return web.json_response({"error": "boom"}, status=500)
        return web.json_response({"events": [{"event": "slot", "name": "age", "value": 34}], "responses": []})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        await self.runner.cleanup()


def action(port: int) -> RemoteAction:
    return RemoteAction("validate_intake_form", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))


async def run(remote: RemoteAction):
    return await action_retry.run_with_retries(
        remote, CollectingOutputChannel(), None, DialogueStateTracker("patient", []), Domain.empty()
    )


async def test_an_unreachable_action_server_is_tried_again_then_given_up_for_this_turn():
    turn = action_retry._Turn()
    token = action_retry._turn.set(turn)
    try:
        with pytest.raises(action_retry.ActionServerUnavailable):
            await run(action(free_port()))
        assert turn.failed_action == "validate_intake_form"
        # the next action call of the same turn fails at once instead of waiting again
        started = asyncio.get_running_loop().time()
        with pytest.raises(action_retry.ActionServerUnavailable):
            await run(action(free_port()))
        assert asyncio.get_running_loop().time() - started < 0.05
    finally:
        action_retry._turn.reset(token)


async def test_a_server_back_during_the_retries_runs_the_action():
    port = free_port()
    endpoint = ActionEndpoint(port, ["ok"])
    later = asyncio.get_running_loop().call_later(0.1, lambda: asyncio.ensure_future(endpoint.start()))
    try:
        events = await run(action(port))
    finally:
        later.cancel()
        if endpoint.runner:
            await endpoint.stop()
    assert [(e.key, e.value) for e in events] == [("age", 34)]
    assert endpoint.hits == 1


async def test_a_connection_dropped_before_any_reply_is_tried_again():
    port = free_port()
    endpoint = ActionEndpoint(port, ["drop", "ok"])
    await endpoint.start()
    try:
        events = await run(action(port))
    finally:
        await endpoint.stop()
    assert endpoint.hits == 2 and [(e.key, e.value) for e in events] == [("age", 34)]


async def test_an_error_reply_is_never_sent_again():
    port = free_port()
    endpoint = ActionEndpoint(port, ["error", "ok"])
    await endpoint.start()
    try:
        with pytest.raises(RasaException) as raised:
            await run(action(port))
    finally:
        await endpoint.stop()
    assert not isinstance(raised.value, action_retry.ActionServerUnavailable)
    assert endpoint.hits == 1


async def test_a_turn_given_up_gets_only_the_polite_line(monkeypatch):
    async def failing_turn(_processor, message):
        await message.output_channel.send_text_message(message.sender_id, "a reply built on a failed step")
        action_retry._turn.get().failed_action = "validate_intake_form"
        raise action_retry.ActionServerUnavailable("validate_intake_form")

    monkeypatch.setattr(action_retry, "_original_handle_message", failing_turn)
    output = CollectingOutputChannel()
    replies = await action_retry.handle_message_or_apologise(None, UserMessage("34", output, "patient"))
    assert [r["text"] for r in replies] == ["Sorry, something went wrong on our side — please send that again."]
    assert action_retry._turn.get() is None  # the marker does not outlive the message
