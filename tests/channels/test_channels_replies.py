"""Every patient message gets a reply, and a message sent again is answered once."""
import asyncio

import pytest

from bot.channels.replies import FALLBACK_TEXT, RecentReplies, never_silent


def test_an_empty_answer_becomes_the_polite_fallback(caplog):
    replies = never_silent([], "+923001112223")
    assert [r["text"] for r in replies] == [FALLBACK_TEXT]
    assert "+923001112223" not in caplog.text and "No reply" in caplog.text


def test_real_replies_pass_unchanged():
    replies = [{"text": "How old are you?"}]
    assert never_silent(replies, "s") is replies
    assert never_silent([{"buttons": [{"title": "Yes", "payload": "/affirm"}]}], "s")[0].get("text") is None


def test_the_same_message_id_is_handled_once_even_while_in_flight():
    calls = []

    async def handle():
        calls.append(1)
        await asyncio.sleep(0.05)
        return [{"text": f"answer {len(calls)}"}]

    async def scenario():
        recent = RecentReplies()
        first, again = await asyncio.gather(recent.once("s", "msg-00000001", handle),
                                            recent.once("s", "msg-00000001", handle))
        later = await recent.once("s", "msg-00000001", handle)
        other = await recent.once("s", "msg-00000002", handle)
        return first, again, later, other

    first, again, later, other = asyncio.run(scenario())
    assert first == again == later == [{"text": "answer 1"}]
    assert other == [{"text": "answer 2"}] and len(calls) == 2


def test_a_failed_handling_can_be_tried_again():
    attempts = []

    async def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database blip")
        return [{"text": "ok"}]

    async def scenario():
        recent = RecentReplies()
        with pytest.raises(RuntimeError):
            await recent.once("s", "msg-00000003", flaky)
        return await recent.once("s", "msg-00000003", flaky)

    assert asyncio.run(scenario()) == [{"text": "ok"}]


def test_old_entries_are_forgotten():
    async def scenario():
        recent = RecentReplies(size=2, ttl_seconds=600)
        for i in range(5):
            await recent.once("s", f"msg-0000000{i}", lambda: asyncio.sleep(0, result=[{"text": "x"}]))
        return len(recent._entries)

    assert asyncio.run(scenario()) <= 3
