"""The WhatsApp channel's parts without Rasa: signature and handshake, Meta's sample bodies, formatting within
Meta's limits, sending with retries against the Graph API stand-in, the 24-hour rule, and the records."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import aiohttp
import pytest

from bot.channels.whatsapp import records
from bot.channels.whatsapp.delivery import Delivery
from bot.channels.whatsapp.graph import GraphClient, MediaFailed, SendFailed, WindowClosed, backoff, check_window, template_body
from bot.channels.whatsapp.inbound import CHOICE, DOCUMENT, PHOTO, TEXT, UNSUPPORTED, parse_webhook, phone_of
from bot.channels.whatsapp.outbound import chosen_payload, cut, format_reply, split_text
from bot.channels.whatsapp.signature import handshake, sign, signature_status
from bot.settings import WhatsAppSettings
from bot.store import make_engine, migrate, session_factory
from bot.store.whatsapp_models import WhatsAppInbound, WhatsAppOutbox, WhatsAppStatus
from tests.support.graph_standin import GraphStandin, problems

SAMPLES = Path(__file__).with_name("meta_samples")
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)


def sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text())


# -- signature and handshake ----------------------------------------------------------------------------------
def test_signature_of_the_raw_body_is_checked_in_constant_time():
    body = json.dumps(sample("text"), ensure_ascii=False).encode()
    assert signature_status(body, sign(body, "s3cret"), "s3cret") == 200
    assert signature_status(body, None, "s3cret") == 401
    assert signature_status(body, "", "s3cret") == 401
    assert signature_status(body, sign(body, "other"), "s3cret") == 403
    assert signature_status(body + b" ", sign(body, "s3cret"), "s3cret") == 403
    reserialised = json.dumps(json.loads("{\"t\": \"\\u0633\\u0644\\u0627\\u0645\"}"), ensure_ascii=False).encode()
    assert signature_status(reserialised, sign(b'{"t": "\\u0633\\u0644\\u0627\\u0645"}', "s"), "s") == 403
    assert sign(b"x", "s").startswith("sha256=") and len(sign(b"x", "s")) == 7 + 64


@pytest.mark.parametrize(
    "params, status, body",
    [
        ({"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "1158201444"}, 200, "1158201444"),
        ({"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}, 403, None),
        ({"hub.mode": "unsubscribe", "hub.verify_token": "vt", "hub.challenge": "1"}, 403, None),
        ({"hub.verify_token": "vt", "hub.challenge": "1"}, 403, None),
        ({"hub.mode": "subscribe", "hub.challenge": "1"}, 403, None),
        ({"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "<script>"}, 400, None),
        ({"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "x" * 101}, 400, None),
    ],
)
def test_handshake(params, status, body):
    got_status, got_body = handshake(params, "vt")
    assert got_status == status
    if body is not None:
        assert got_body == body


def test_handshake_without_a_configured_token_is_refused():
    assert handshake({"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}, "")[0] == 403


# -- Meta's sample bodies ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, kind, text",
    [
        ("text", TEXT, "Does it come in another color?"),
        ("interactive_button_reply", CHOICE, "unique-button-identifier-here"),
        ("interactive_list_reply", CHOICE, "list_reply_id"),
        ("button", CHOICE, "PAYLOAD"),
        ("image", PHOTO, "This is a caption"),
        ("document", DOCUMENT, "Lab results"),
        ("audio", UNSUPPORTED, ""),
        ("sticker", UNSUPPORTED, ""),
        ("location", UNSUPPORTED, ""),
        ("contacts", UNSUPPORTED, ""),
        ("unsupported", UNSUPPORTED, ""),
    ],
)
def test_every_sample_message_is_read(name, kind, text):
    messages, statuses = parse_webhook(sample(name))
    assert statuses == []
    (message,) = messages
    assert message.kind == kind and message.text == text
    assert message.sender.conversation_id == "wa-16505551234" and message.sender.has_phone
    assert message.sent_at == dt.datetime.fromtimestamp(1749416383, dt.timezone.utc)
    if kind in (PHOTO, DOCUMENT):
        assert message.media_id and message.mime_type in ("image/jpeg", "application/pdf")


@pytest.mark.parametrize("name, status", [("status_sent", "sent"), ("status_delivered", "delivered"),
                                          ("status_read", "read"), ("status_failed", "failed"), ("reaction", "reaction")])
def test_statuses_and_reactions_are_not_messages(name, status):
    messages, statuses = parse_webhook(sample(name))
    assert messages == []
    (event,) = statuses
    assert event.status == status and event.conversation_id == "wa-16505551234"
    assert event.error_code == (131049 if status == "failed" else None)


def test_a_username_user_without_phone_gets_a_user_id_conversation_and_no_phone():
    (message,), _ = parse_webhook(sample("text_bsuid_only"))
    assert message.sender.conversation_id == "wa-u-US.13491208655302741918"
    assert message.sender.recipient == "US.13491208655302741918" and not message.sender.has_phone
    assert phone_of(message.sender.conversation_id) is None
    assert phone_of("wa-16505551234") == "+16505551234"


@pytest.mark.parametrize("body", [[], "x", {"entry": "x"}, {}, 3])
def test_not_a_webhook_is_a_value_error(body):
    with pytest.raises(ValueError):
        parse_webhook(body)


def test_broken_parts_are_skipped():
    body = sample("text")
    value = body["entry"][0]["changes"][0]["value"]
    value["messages"] += [{"id": "x y", "from": "1"}, "nonsense", {"id": "wamid.ok", "from": "no digits", "type": "text"}]
    messages, _ = parse_webhook(body)
    assert [m.message_id for m in messages] == [value["messages"][0]["id"]]


# -- formatting --------------------------------------------------------------------------------------------------
def addressed(body):
    return {"messaging_product": "whatsapp", "to": "16505551234", **body}


def buttons(n, title="Option", payload="/inform{{\"choice\":\"{}\"}}"):
    return [{"title": f"{title} {i}", "payload": payload.format(i)} for i in range(1, n + 1)]


@pytest.mark.parametrize("n, kind", [(1, "button"), (3, "button"), (4, "list"), (10, "list")])
def test_buttons_become_reply_buttons_or_a_list_within_metas_limits(n, kind):
    long_titles = [{"title": "A very long answer title that goes on and on " + str(i), "payload": f"/p{i}"} for i in range(n)]
    for given in (buttons(n), long_titles):
        formatted = format_reply({"text": "Which one?", "buttons": given})
        (body,) = formatted.bodies
        assert body["interactive"]["type"] == kind and problems(addressed(body)) == []
        assert formatted.choices == [b["payload"] for b in given] and not formatted.numbered
    rows = body["interactive"]["action"].get("sections", [{}])[0].get("rows") if kind == "list" else None
    if rows:
        assert all(len(r["title"]) <= 24 and r["description"].startswith("A very long answer") for r in rows)


def test_more_than_ten_buttons_become_numbered_text_and_a_number_picks_the_payload():
    formatted = format_reply({"text": "Which?", "buttons": buttons(12)})
    (body,) = formatted.bodies
    assert body["type"] == "text" and "Reply with the number" in body["text"]["body"]
    assert "12. Option 12" in body["text"]["body"] and formatted.numbered
    assert chosen_payload("3", formatted.choices, True) == '/inform{"choice":"3"}'
    assert chosen_payload(" 12. ", formatted.choices, True) == '/inform{"choice":"12"}'
    assert chosen_payload("13", formatted.choices, True) is None
    assert chosen_payload("3", formatted.choices, False) is None, "a typed number is an answer unless numbered"
    assert chosen_payload("three", formatted.choices, True) is None


def test_a_payload_too_long_for_an_id_is_sent_by_number():
    long_payload = "/inform" + json.dumps({"choice": "x" * 300})
    formatted = format_reply({"text": "Pick", "buttons": [{"title": "Long", "payload": long_payload}, {"title": "Short", "payload": "/s"}]})
    reply_ids = [b["reply"]["id"] for b in formatted.bodies[0]["interactive"]["action"]["buttons"]]
    assert reply_ids == ["#choice:1", "/s"] and problems(addressed(formatted.bodies[0])) == []
    assert chosen_payload("#choice:1", formatted.choices, False) == long_payload


def test_equal_cut_titles_stay_unique():
    same = [{"title": "Tuesday 3 December at 10:30 in the morning", "payload": f"/p{i}"} for i in range(3)]
    (body,) = format_reply({"text": "When?", "buttons": same}).bodies
    assert problems(addressed(body)) == []


def test_long_text_is_split_at_boundaries_and_a_long_body_goes_before_the_buttons():
    paragraph = "This is one sentence of an explanation. " * 40
    text = "\n\n".join([paragraph.strip()] * 4)
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert all(p.endswith(".") for p in parts), "cut at sentence or paragraph ends"
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    formatted = format_reply({"text": paragraph, "buttons": buttons(2)})
    assert [b["type"] for b in formatted.bodies] == ["text", "interactive"]
    assert all(problems(addressed(b)) == [] for b in formatted.bodies)
    assert formatted.bodies[1]["interactive"]["body"]["text"] == "Please choose:"
    assert split_text("x" * 9000) == ["x" * 4096, "x" * 4096, "x" * 808]


def test_cut_keeps_words_whole():
    assert cut("Yes, please book it for me", 20) == "Yes, please book it…"
    assert len(cut("Supercalifragilisticexpialidocious", 20)) == 20


# -- sending: retries and the 24-hour rule ---------------------------------------------------------------------
@pytest.fixture
def standin():
    with GraphStandin() as running:
        yield running


def config(standin, **extra):
    values = dict(verify_token="vt", app_secret="as", access_token=standin.token, phone_number_id=standin.phone_number_id,
                  graph_url=standin.base_url, template_name="appointment_reminder", template_language="en")
    values.update(extra)
    return WhatsAppSettings(**values)


async def sending(standin, fn, **client_options):
    sleeps = []

    async def sleep(seconds):
        sleeps.append(seconds)

    async with aiohttp.ClientSession() as session:
        client = GraphClient(config(standin, **client_options.pop("settings", {})), session, sleep=sleep, **client_options)
        return await fn(client), sleeps


TEXT_BODY = {"type": "text", "text": {"body": "Hello", "preview_url": False}}


async def test_429_and_500_are_retried_with_backoff_then_sent_once(standin):
    standin.fail_next(1, 429, retry_after="2")
    standin.fail_next(1, 500)
    message_id, sleeps = await sending(standin, lambda c: c.send("16505551234", True, TEXT_BODY))
    assert message_id.startswith("wamid.") and len(standin.sent) == 1
    assert sleeps[0] == 2.0, "Retry-After is honoured"
    assert 0.5 <= sleeps[1] <= 1.0, "then exponential backoff with jitter"


async def test_failures_beyond_the_attempts_raise_a_retryable_failure(standin):
    standin.fail_next(4, 503)
    with pytest.raises(SendFailed) as failure:
        await sending(standin, lambda c: c.send("16505551234", True, TEXT_BODY))
    assert failure.value.retryable and failure.value.status == 503 and standin.sent == []


async def test_a_refused_body_or_token_is_not_retried(standin):
    with pytest.raises(SendFailed) as failure:
        await sending(standin, lambda c: c.send("16505551234", True, {"type": "text", "text": {"body": ""}}))
    assert failure.value.status == 400 and not failure.value.retryable and len(standin.refused) == 1
    with pytest.raises(SendFailed) as failure:
        await sending(standin, lambda c: c.send("16505551234", True, TEXT_BODY), settings={"access_token": "wrong"})
    assert failure.value.status == 401 and not failure.value.retryable


async def test_a_user_id_recipient_is_addressed_as_recipient(standin):
    await sending(standin, lambda c: c.send("US.13491208655302741918", False, TEXT_BODY))
    (sent,) = standin.sent
    assert sent["recipient"] == "US.13491208655302741918" and "to" not in sent


def test_backoff_grows_and_is_capped():
    assert backoff(0, 0.5, 8, rand=lambda: 1.0) == 0.5
    assert backoff(3, 0.5, 8, rand=lambda: 1.0) == 4.0
    assert backoff(10, 0.5, 8, rand=lambda: 0.0) == 4.0


async def test_media_is_fetched_with_the_token_and_capped(standin):
    standin.add_media("m1", b"\xff\xd8\xff" + b"0" * 1000, "image/jpeg")
    (data, mime), _ = await sending(standin, lambda c: c.media("m1"))
    assert data.startswith(b"\xff\xd8\xff") and mime == "image/jpeg"
    with pytest.raises(MediaFailed) as failure:
        await sending(standin, lambda c: c.media("m1", max_bytes=100))
    assert failure.value.reason == "too_large"
    with pytest.raises(MediaFailed):
        await sending(standin, lambda c: c.media("m1"), settings={"access_token": "wrong"})


def test_the_24_hour_rule_refuses_free_form_messages_and_other_templates():
    recent, old = NOW - dt.timedelta(hours=23), NOW - dt.timedelta(hours=25)
    check_window(TEXT_BODY, recent, NOW, "appointment_reminder")
    with pytest.raises(WindowClosed):
        check_window(TEXT_BODY, old, NOW, "appointment_reminder")
    with pytest.raises(WindowClosed):
        check_window(TEXT_BODY, None, NOW, "appointment_reminder")
    check_window(template_body("appointment_reminder", "en", ["Sara"]), old, NOW, "appointment_reminder")
    with pytest.raises(WindowClosed):
        check_window(template_body("marketing_blast", "en", []), recent, NOW, "appointment_reminder")
    with pytest.raises(WindowClosed):
        check_window(template_body("appointment_reminder", "en", []), recent, NOW, "")


# -- records and the outbox ------------------------------------------------------------------------------------
@pytest.fixture
def sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def fresh_sample(name, at=NOW, message_id=None):
    body = sample(name)
    value = body["entry"][0]["changes"][0]["value"]
    for m in value.get("messages", []):
        m["timestamp"] = str(int(at.timestamp()))
        m["id"] = message_id or m["id"]
    return body


def test_accept_deduplicates_keeps_text_only_until_answered_and_records_statuses(sessions):
    messages, _ = parse_webhook(fresh_sample("text"))
    _, statuses = parse_webhook(sample("status_failed"))
    (pending,) = records.accept(sessions, messages, statuses, NOW, dt.timedelta(days=1))
    assert records.accept(sessions, messages, [], NOW, dt.timedelta(days=1)) == [], "a redelivery is not answered again"
    assert [p.message_id for p in records.pending(sessions)] == [pending.message_id]
    records.finish(sessions, pending.row_id, pending.conversation_id, [TEXT_BODY], {"payloads": ["/a"], "numbered": True}, NOW)
    with sessions() as session:
        (row,) = session.query(WhatsAppInbound).all()
        assert row.state == "answered" and row.body is None
        (status,) = session.query(WhatsAppStatus).all()
        assert (status.status, status.error_code) == ("failed", 131049)
        assert session.query(WhatsAppOutbox).count() == 1
    assert records.pending(sessions) == []
    assert records.choices_of(sessions, "wa-16505551234") == {"payloads": ["/a"], "numbered": True}


def test_a_message_a_day_old_at_arrival_is_kept_stale_and_not_answered(sessions):
    messages, _ = parse_webhook(fresh_sample("text", at=NOW - dt.timedelta(days=2)))
    assert records.accept(sessions, messages, [], NOW, dt.timedelta(days=1)) == []
    assert records.accept(sessions, messages, [], NOW, dt.timedelta(days=1)) == []
    with sessions() as session:
        (row,) = session.query(WhatsAppInbound).all()
        assert row.state == "stale" and row.body is None
    assert records.recipient_of(sessions, "wa-16505551234").last_inbound_at is None, "no window from a stale message"


async def test_the_outbox_keeps_a_reply_the_api_refuses_for_now_and_sends_it_later(sessions, standin):
    messages, _ = parse_webhook(fresh_sample("text", at=NOW))
    (pending,) = records.accept(sessions, messages, [], NOW, dt.timedelta(days=1))
    records.finish(sessions, pending.row_id, pending.conversation_id, [TEXT_BODY, {**TEXT_BODY, "text": {"body": "2"}}], None, NOW)
    clock = [NOW + dt.timedelta(minutes=1)]
    standin.fail_next(4, 500)

    async def no_sleep(_):
        pass

    async with aiohttp.ClientSession() as session:
        delivery = Delivery(config(standin), sessions, GraphClient(config(standin), session, sleep=no_sleep), clock=lambda: clock[0])
        assert await delivery.flush("wa-16505551234") == 0
        assert standin.sent == [] and len(records.queued(sessions, "wa-16505551234")) == 2
        await delivery.retry_due()
        assert standin.sent == [], "not before its next attempt"
        clock[0] += dt.timedelta(minutes=5)
        await delivery.retry_due()
        assert [b["text"]["body"] for b in standin.sent] == ["Hello", "2"], "in order, once"
        assert records.queued(sessions, "wa-16505551234") == []


async def test_outside_the_window_only_the_approved_template_goes_out(sessions, standin):
    messages, _ = parse_webhook(fresh_sample("text", at=NOW))
    (pending,) = records.accept(sessions, messages, [], NOW, dt.timedelta(days=1))
    records.finish(sessions, pending.row_id, pending.conversation_id, [TEXT_BODY], None, NOW)
    later = NOW + dt.timedelta(hours=25)
    async with aiohttp.ClientSession() as session:
        delivery = Delivery(config(standin), sessions, GraphClient(config(standin), session), clock=lambda: later)
        assert await delivery.flush("wa-16505551234") == 0
        assert standin.sent == [] and records.queued(sessions, "wa-16505551234") == [], "dropped, not sent"
        with pytest.raises(WindowClosed):
            await delivery.send_template("wa-16505551234", "other_template", "en", [])
        assert await delivery.send_template("wa-16505551234", "appointment_reminder", "en", ["Sara"]) == 1
    (sent,) = standin.sent
    assert sent["type"] == "template" and sent["template"]["name"] == "appointment_reminder" and problems(sent) == []


def test_erasure_and_the_purge_remove_the_channels_rows(sessions, tmp_path):
    from bot.privacy.erasure import ErasureTargets, erase_clinic_data
    from bot.privacy.purge import _delete_old_whatsapp_rows
    from bot.store.whatsapp_models import WhatsAppSender

    messages, _ = parse_webhook(fresh_sample("text"))
    _, statuses = parse_webhook(sample("status_read"))
    (pending,) = records.accept(sessions, messages, statuses, NOW, dt.timedelta(days=1))
    records.finish(sessions, pending.row_id, pending.conversation_id, [TEXT_BODY], None, NOW)
    other, _ = parse_webhook(fresh_sample("text", message_id="wamid.other"))
    records.accept(sessions, [], parse_webhook(sample("status_sent"))[1], NOW, dt.timedelta(days=1))
    targets = ErasureTargets(sessions, f"sqlite:///{tmp_path / 'tracker.db'}", tmp_path / "j", tmp_path / "p")
    counts = erase_clinic_data(targets, ["wa-16505551234"])
    assert counts["whatsapp_rows"] == 5  # inbound, sender, outbox, two statuses
    with sessions() as session:
        assert all(session.query(t).count() == 0 for t in (WhatsAppInbound, WhatsAppOutbox, WhatsAppStatus, WhatsAppSender))
    records.accept(sessions, other, statuses, NOW, dt.timedelta(days=1))
    assert _delete_old_whatsapp_rows(sessions, NOW - dt.timedelta(days=30), dry_run=False) == 1, "Meta's 2025 status"
    assert _delete_old_whatsapp_rows(sessions, dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc), dry_run=True) == 1
    assert _delete_old_whatsapp_rows(sessions, dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc), dry_run=False) == 1
    with sessions() as session:
        assert session.query(WhatsAppInbound).count() == 1, "an unanswered message is kept"


def test_the_channel_is_off_until_the_four_required_settings_are_set():
    from bot.channels.whatsapp import WhatsAppChannel
    from bot.serve import whatsapp_line
    from bot.settings import DEFAULT_GRAPH_URL, Settings

    required = {"WHATSAPP_VERIFY_TOKEN": "vt", "WHATSAPP_APP_SECRET": "as", "WHATSAPP_ACCESS_TOKEN": "at",
                "WHATSAPP_PHONE_NUMBER_ID": "123"}
    for missing in required:
        settings = Settings.from_env({k: v for k, v in required.items() if k != missing})
        assert not settings.whatsapp.enabled
        assert WhatsAppChannel(settings).sessions is None, "nothing is opened when off"
        assert whatsapp_line(settings, "http://x").startswith("WhatsApp:      off (set WHATSAPP_")
    on = Settings.from_env({**required, "WHATSAPP_GRAPH_URL": "http://127.0.0.1:1/v26.0/"})
    assert on.whatsapp.enabled and on.whatsapp.graph_url == "http://127.0.0.1:1/v26.0"
    assert Settings.from_env(required).whatsapp.graph_url == DEFAULT_GRAPH_URL
    assert "http://x/webhooks/whatsapp/webhook" in whatsapp_line(on, "http://x")
    assert "'as'" not in repr(on.whatsapp) and "'at'" not in repr(on.whatsapp), "no secrets in repr"
