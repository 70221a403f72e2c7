"""What one intake turn costs inside the assistant: action-server calls, bytes sent to them, events added.

    python -m tests.bench.turns           # one full intake to a booking, a line per patient message

Every action call carries the whole conversation (the tracker as JSON), so calls per message and their size
are what a turn costs beyond NLU and the policies. A counting proxy sits between the Rasa server and the
action server (ACTION_ENDPOINT_URL points at it); the events come from the Rasa HTTP API's tracker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import threading
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.services import free_port
from tests.bench.conversations import Intake
from tests.support.assistant import RunningAssistant


class CountingProxy:
    """Forwards HTTP calls to `target` and records (action name, request bytes) for each."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.port = free_port()
        self.calls: list[tuple[str, int]] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            name = str(json.loads(body).get("next_action"))
        except ValueError:
            name = "?"
        self.calls.append((name, len(body)))
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "x-action-token")}
        async with aiohttp.ClientSession() as session, session.post(self.target, data=body, headers=headers) as answer:
            return web.Response(body=await answer.read(), status=answer.status, content_type=answer.content_type)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application(client_max_size=16 * 2**20)
        app.router.add_post("/webhook", self._forward)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> CountingProxy:
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)
        return self


def slot_changes(events: list[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """For each patient message: (events added, slot events, slot events that set the value already held)."""
    values: dict[str, Any] = {}
    turns: list[list[int]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append([0, 0, 0])
        if kind in ("restart", "session_started", "reset_slots"):
            values = {}
        if turns:
            turns[-1][0] += 1
        if kind == "slot":
            name, value = event.get("name"), event.get("value")
            if turns:
                turns[-1][1] += 1
                turns[-1][2] += int(name in values and values[name] == value)
            values[name] = value
    return [(a, b, c) for a, b, c in turns]


def measure(sender: str = "turns-1") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="skn-turns-") as folder:
        assistant = RunningAssistant(Path(folder))
        proxy = CountingProxy(assistant.settings.action_url).start()
        assistant.settings.extra_env["ACTION_ENDPOINT_URL"] = proxy.url
        with assistant.serving():
            conversation = Intake(7)
            message: str | None = conversation.first()
            lines = []
            while message is not None:
                before = len(proxy.calls)
                replies = assistant.say(sender, message)
                lines.append({"said": message[:30], "calls": proxy.calls[before:]})
                message = conversation.next(replies)
            events = assistant.tracker(sender)["events"]
    changes = slot_changes(events)
    for line, (added, slots, same) in zip(lines, changes, strict=False):
        line.update(events=added, slot_events=slots, unchanged_slot_events=same)
    return {
        "messages": len(lines),
        "action_calls": sum(len(line["calls"]) for line in lines),
        "bytes_to_action_server": sum(size for line in lines for _, size in line["calls"]),
        "events": len(events),
        "slot_events": sum(c[1] for c in changes),
        "unchanged_slot_events": sum(c[2] for c in changes),
        "turns": lines,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args(argv)
    result = measure()
    print(f"{'#':>3} {'said':<30} {'calls':>5} {'KB':>6} {'events':>6} {'slots':>5} {'same':>4}  actions")
    for n, line in enumerate(result["turns"], 1):
        kb = sum(size for _, size in line["calls"]) / 1024
        names = ", ".join(name for name, _ in line["calls"])
        print(f"{n:>3} {line['said']:<30} {len(line['calls']):>5} {kb:>6.1f} {line.get('events', 0):>6} "
              f"{line.get('slot_events', 0):>5} {line.get('unchanged_slot_events', 0):>4}  {names}")
    print(f"\n{result['messages']} messages: {result['action_calls']} action calls "
          f"({result['action_calls'] / result['messages']:.2f} per message), "
          f"{result['bytes_to_action_server'] / 1024:.0f} KB sent to the action server, {result['events']} events "
          f"({result['slot_events']} slot events, {result['unchanged_slot_events']} setting a value already held)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
