"""The WhatsApp channel end to end: Meta's webhook bodies (signed) into the real Rasa server and action server,
replies out to a local stand-in for the Graph API (tests/support/graph_standin.py)."""
from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.channels.whatsapp.signature import sign
from bot.store import Booking, make_engine, session_factory
from bot.store.whatsapp_models import WhatsAppInbound, WhatsAppOutbox, WhatsAppStatus
from tests.e2e.test_e2e_rest import ANSWERS
from tests.support.assistant import RunningAssistant
from tests.support.graph_standin import GraphStandin

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[1] / "channels" / "meta_samples"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x08" * 64 + bytes.fromhex(
    "ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303"
    "020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25"
    "262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495"
    "969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5"
    "f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


@pytest.fixture(scope="module")
def graph():
    with GraphStandin() as standin:
        yield standin


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, graph):
    env = {
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_ACCESS_TOKEN": graph.token,
        "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
        "WHATSAPP_GRAPH_URL": graph.base_url,
        "WHATSAPP_TEMPLATE_NAME": "appointment_reminder",
    }
    workdir = tmp_path_factory.mktemp("whatsapp-e2e")
    env["PHOTO_DIR"] = str(workdir / "photos")
    with RunningAssistant(workdir, extra_env=env).serving() as running:
        yield running


def new_number() -> str:
    return "92300" + str(uuid.uuid4().int)[:7]


def body_from(sample: str, number: str, message_id: str | None = None, **part) -> dict:
    body = json.loads((SAMPLES / f"{sample}.json").read_text())
    value = body["entry"][0]["changes"][0]["value"]
    for contact in value.get("contacts", []):
        contact["wa_id"] = number
    for message in value.get("messages", []):
        message.update({"from": number, "id": message_id or f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time()))})
        for key, fields in part.items():
            message[key].update(fields)
    for status in value.get("statuses", []):
        status["recipient_id"] = number
    return body


def post(assistant, body: dict, secret: str | None = APP_SECRET) -> tuple[int, bytes]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = {"X-Hub-Signature-256": sign(raw, secret)} if secret else {}
    return assistant.post_raw("/webhooks/whatsapp/webhook", raw, headers=headers)


def db(assistant):
    return session_factory(make_engine(assistant.database_url))


def settled(assistant, message_id: str, timeout: float = 60) -> None:
    """Waits until the message is answered and its replies have left the outbox."""
    sessions = db(assistant)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sessions() as session:
            row = session.execute(select(WhatsAppInbound).where(WhatsAppInbound.message_id == message_id)).scalar_one_or_none()
            waiting = session.query(WhatsAppOutbox).filter_by(conversation_id=row.conversation_id).count() if row else 1
        if row is not None and row.state == "answered" and waiting == 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"message not answered in time:\n{assistant.logs()}")


def send(assistant, graph, number: str, sample: str = "text", **part) -> list[dict]:
    """Posts one message; returns the messages the bot sent in answer."""
    before = len(graph.sent_to(number))
    message_id = f"wamid.{uuid.uuid4().hex}"
    status, answer = post(assistant, body_from(sample, number, message_id, **part))
    assert status == 200, answer
    settled(assistant, message_id)
    return graph.sent_to(number)[before:]


def say(assistant, graph, number, text):
    return send(assistant, graph, number, "text", text={"body": text})


def choose(assistant, graph, number, choice: dict, kind: str):
    reply = {"id": choice["id"], "title": choice["title"]}
    return send(assistant, graph, number, f"interactive_{kind}_reply", interactive={f"{kind}_reply": reply})


def options(sent: list[dict]) -> tuple[str, list[dict]] | None:
    """("button" | "list", choices) of the last interactive message, else None."""
    for body in reversed(sent):
        if body.get("type") == "interactive":
            interactive = body["interactive"]
            if interactive["type"] == "button":
                return "button", [b["reply"] for b in interactive["action"]["buttons"]]
            return "list", [row for section in interactive["action"]["sections"] for row in section["rows"]]
    return None


def texts(sent: list[dict]) -> str:
    return "\n".join(b.get("text", {}).get("body") or b.get("interactive", {}).get("body", {}).get("text", "") for b in sent)


def requested(assistant, number):
    return assistant.tracker(f"wa-{number}")["slots"].get("requested_slot")


def test_a_full_intake_to_a_booking_over_whatsapp_with_button_and_list_replies(assistant, graph):
    number = new_number()
    last = say(assistant, graph, number, "hi")
    assert "not a diagnosis" in texts(last)
    used = set()
    for _ in range(45):
        slot = requested(assistant, number)
        if slot is None:
            break
        answer, offered = ANSWERS[slot], options(last)
        if offered and (answer is None or any(c["title"].lower() == str(answer).lower() for c in offered[1])):
            kind, choices = offered
            choice = choices[0] if answer is None else next(c for c in choices if c["title"].lower() == answer.lower())
            last = choose(assistant, graph, number, choice, kind)
            used.add(kind)
        else:
            last = say(assistant, graph, number, answer)
        assert last, f"no reply while asking {slot}"
    else:
        raise AssertionError(f"the intake did not end; still asking {requested(assistant, number)}")
    assert used == {"button", "list"}, used
    with db(assistant)() as session:
        (booking,) = session.execute(select(Booking).where(Booking.conversation_id == f"wa-{number}")).scalars().all()
    assert booking.status == "booked"
    assert booking.reference in texts(last)
    with db(assistant)() as session:
        rows = session.execute(select(WhatsAppInbound).where(WhatsAppInbound.conversation_id == f"wa-{number}")).scalars().all()
    assert rows and all(r.state == "answered" and r.body is None for r in rows), "no patient text kept once answered"


def test_a_redelivered_message_is_answered_once_even_across_a_restart(assistant, graph):
    number = new_number()
    message_id = f"wamid.{uuid.uuid4().hex}"
    body = body_from("text", number, message_id, text={"body": "hello"})
    assert post(assistant, body)[0] == 200
    settled(assistant, message_id)
    answered = len(graph.sent_to(number))
    assert answered >= 1
    assert post(assistant, body)[0] == 200, "Meta gets its 200 again, or it keeps redelivering"
    assistant.restart_rasa()
    assert post(assistant, body)[0] == 200
    time.sleep(3)
    assert len(graph.sent_to(number)) == answered
    user_turns = [e for e in assistant.tracker(f"wa-{number}")["events"] if e["event"] == "user"]
    assert len(user_turns) == 1 and user_turns[0]["message_id"] == message_id


def test_unsigned_and_forged_posts_are_refused_and_nothing_is_answered(assistant, graph):
    number = new_number()
    body = body_from("text", number, text={"body": "hello"})
    assert post(assistant, body, secret=None)[0] == 401
    assert post(assistant, body, secret="not-the-app-secret")[0] == 403
    raw = json.dumps(body).encode()
    status, _ = assistant.post_raw("/webhooks/whatsapp/webhook", raw + b" ", headers={"X-Hub-Signature-256": sign(raw, APP_SECRET)})
    assert status == 403
    bad = b"{not json"
    assert assistant.post_raw("/webhooks/whatsapp/webhook", bad, headers={"X-Hub-Signature-256": sign(bad, APP_SECRET)})[0] == 400
    big = b"[" + b" " * (300 * 1024) + b"]"
    assert assistant.post_raw("/webhooks/whatsapp/webhook", big, headers={"X-Hub-Signature-256": sign(big, APP_SECRET)})[0] == 413
    time.sleep(2)
    assert graph.sent_to(number) == []
    with db(assistant)() as session:
        assert session.query(WhatsAppInbound).filter_by(conversation_id=f"wa-{number}").count() == 0
    status, events = assistant.api_get(f"/conversations/wa-{number}/tracker")
    assert status == 200 and not [e for e in events["events"] if e["event"] == "user"]


def test_the_handshake_through_the_server(assistant):
    import urllib.error
    import urllib.request

    url = assistant.url + "/webhooks/whatsapp/webhook?hub.mode=subscribe&hub.verify_token={}&hub.challenge=1158201444"
    with urllib.request.urlopen(url.format(VERIFY_TOKEN), timeout=30) as response:
        assert response.status == 200 and response.read() == b"1158201444"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url.format("wrong"), timeout=30)
    assert refused.value.code == 403


def test_a_photo_only_message_after_consent_is_stored_and_acknowledged(assistant, graph):
    from bot.store.attachment_models import Attachment

    number = new_number()
    say(assistant, graph, number, "hi")
    say(assistant, graph, number, "yes")
    assert assistant.tracker(f"wa-{number}")["slots"]["consent"] is True
    media_id = uuid.uuid4().hex[:16]
    graph.add_media(media_id, JPEG, "image/jpeg")
    asked = texts(say(assistant, graph, number, "Sana"))
    sent = send(assistant, graph, number, "image", image={"id": media_id, "caption": ""})
    assert "the dermatologist will see this photo" in texts(sent)
    question = asked.strip().splitlines()[-1]
    assert texts(sent).strip().endswith(question), "then the open question again, so the patient knows what next"
    with db(assistant)() as session:
        (row,) = session.query(Attachment).filter_by(conversation_id=f"wa-{number}").all()
    assert row.channel == "whatsapp" and row.kind == "photo"
    files = [p for p in (Path(assistant.settings.extra_env["PHOTO_DIR"])).rglob("*") if p.is_file()]
    assert any(p.name == row.file_name for p in files)


def test_a_photo_before_consent_is_not_stored(assistant, graph):
    from bot.store.attachment_models import Attachment

    number = new_number()
    say(assistant, graph, number, "hi")
    fetched = graph.media_fetches
    media_id = uuid.uuid4().hex[:16]
    graph.add_media(media_id, JPEG, "image/jpeg")
    sent = send(assistant, graph, number, "image", image={"id": media_id, "caption": ""})
    assert "once you have agreed" in texts(sent)
    assert graph.media_fetches == fetched, "not even downloaded"
    with db(assistant)() as session:
        assert session.query(Attachment).filter_by(conversation_id=f"wa-{number}").count() == 0


def test_audio_and_stickers_get_a_please_type(assistant, graph):
    number = new_number()
    for sample in ("audio", "sticker", "location"):
        assert "Please type your answer" in texts(send(assistant, graph, number, sample))


def test_a_429_then_success_is_answered_once(assistant, graph):
    number = new_number()
    graph.fail_next(1, 429, retry_after="1")
    sent = say(assistant, graph, number, "hi")
    assert sent and "not a diagnosis" in texts(sent)
    assert texts(sent).count("not a diagnosis") == 1


def test_statuses_are_recorded_and_not_answered(assistant, graph):
    number = new_number()
    for sample in ("status_sent", "status_delivered", "status_read", "status_failed", "reaction"):
        assert post(assistant, body_from(sample, number))[0] == 200
    time.sleep(2)
    assert graph.sent_to(number) == []
    with db(assistant)() as session:
        rows = session.query(WhatsAppStatus).filter_by(conversation_id=f"wa-{number}").all()
    assert sorted(r.status for r in rows) == ["delivered", "failed", "reaction", "read", "sent"]
    assert next(r for r in rows if r.status == "failed").error_code == 131049
    status, events = assistant.api_get(f"/conversations/wa-{number}/tracker")
    assert not [e for e in events["events"] if e["event"] == "user"]


def test_messages_acknowledged_but_not_answered_are_answered_at_the_next_start(assistant, graph):
    """A crash between Meta's 200 and the answer: the stored "received" rows are answered at start, a message
    the conversation already has is not run through the assistant again (its replies are sent from the
    tracker)."""
    from sqlalchemy import update

    from bot.channels.whatsapp import records
    from bot.channels.whatsapp.inbound import parse_webhook

    waiting, done = new_number(), new_number()
    finished_id = f"wamid.{uuid.uuid4().hex}"
    say(assistant, graph, done, "hi")
    assert post(assistant, body_from("text", done, finished_id, text={"body": "yes"}))[0] == 200
    settled(assistant, finished_id)
    sent_before = len(graph.sent_to(done))
    sessions = db(assistant)
    with sessions.begin() as session:  # as if the server had stopped before finishing this one
        session.execute(update(WhatsAppInbound).where(WhatsAppInbound.message_id == finished_id)
                        .values(state="received", body=json.dumps({"kind": "text", "text": "yes"})))
    messages, _ = parse_webhook(body_from("text", waiting, text={"body": "hello"}))
    records.accept(sessions, messages, [], dt.datetime.now(dt.timezone.utc), dt.timedelta(days=1))
    assert graph.sent_to(waiting) == []
    assistant.restart_rasa()
    settled(assistant, messages[0].message_id)
    settled(assistant, finished_id)
    assert "not a diagnosis" in texts(graph.sent_to(waiting))
    assert len(graph.sent_to(done)) > sent_before, "the replies of the finished turn are sent again"
    user_turns = [e for e in assistant.tracker(f"wa-{done}")["events"] if e["event"] == "user"]
    assert [e["message_id"] for e in user_turns].count(finished_id) == 1, "not run through the assistant twice"


def test_the_24_hour_rule_a_message_sent_more_than_a_day_ago_is_not_answered(assistant, graph):
    """Meta can deliver a message days late (our server was down): a free-form answer would fall outside the
    24-hour window, so it is recorded as stale and nothing is sent; the next message is answered as usual."""
    number = new_number()
    late_id = f"wamid.{uuid.uuid4().hex}"
    body = body_from("text", number, late_id, text={"body": "hello, is anyone there?"})
    body["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(int(time.time()) - 25 * 3600)
    assert post(assistant, body)[0] == 200
    time.sleep(2)
    assert graph.sent_to(number) == []
    with db(assistant)() as session:
        row = session.execute(select(WhatsAppInbound).where(WhatsAppInbound.message_id == late_id)).scalar_one()
    assert row.state == "stale" and row.body is None
    assert "not a diagnosis" in texts(say(assistant, graph, number, "hello"))
