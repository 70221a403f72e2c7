"""The hand-off queue in the staff app: the count in the navigation, the page (open first, then done; the phone
as tel: and WhatsApp links, clinic time, channel and reason in words, the intake when there is one), "Mark done"
with the CSRF token, the access log, and the JSON API with its refusals (anonymous, bad status, unknown id; done
twice is harmless)."""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from sqlalchemy import select, update
from staff_helpers import Client, make_intake

from bot.store.db import write_session
from bot.store.handoff_models import AFTER_INTAKE, DURING_INTAKE, HANDOFF_DONE, HANDOFF_OPEN, WITHOUT_CONSENT, Handoff
from bot.store.handoffs import request_handoff
from bot.store.staff_models import AccessLogEntry

COUNT = 'data-testid="handoff-count"'
ASKED = dt.datetime(2026, 12, 7, 4, 5, tzinfo=dt.timezone.utc)  # 09:05 in the clinic (Asia/Karachi, UTC+5)


def _handoff(session_factory, phone=None, channel="rest", reason=DURING_INTAKE, asked=ASKED, words=None,
             with_intake=False):
    """A conversation's hand-off request. Returns (hand-off id, conversation, intake id or None)."""
    conversation = f"conv-handoff-{uuid.uuid4().hex[:8]}"
    intake_id = make_intake(session_factory, conversation, first_name="Shazia") if with_intake else None
    handoff_id = request_handoff(session_factory, conversation, channel, reason, phone, words)
    with write_session(session_factory) as session:
        session.execute(update(Handoff).where(Handoff.id == handoff_id).values(created_at=asked, updated_at=asked))
    return handoff_id, conversation, intake_id


def _stored(session_factory, handoff_id) -> Handoff:
    with session_factory() as session:
        return session.get(Handoff, handoff_id)


def _log(session_factory, action):
    with session_factory() as session:
        return list(session.execute(select(AccessLogEntry).where(AccessLogEntry.action == action)
                                    .order_by(AccessLogEntry.id)).scalars())


def test_the_navigation_counts_open_hand_offs_on_every_page(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-other", first_name="Sara")
    pages = ("/staff/intakes", f"/staff/intakes/{intake_id}", "/staff/alerts", "/staff/handoffs")
    for path in pages:
        answer = bob.get(path)
        assert answer.status_code == 200 and COUNT not in answer.text, path
        assert '<a href="/staff/handoffs">Hand-offs</a>' in answer.text, path
    _handoff(session_factory, phone="+923001234567")
    _handoff(session_factory)
    for path in pages:
        assert re.search(r'<a href="/staff/handoffs">Hand-offs <span [^>]*data-testid="handoff-count"[^>]*>2</span>',
                         bob.get(path).text), path
    with write_session(session_factory) as session:
        session.execute(update(Handoff).values(status=HANDOFF_DONE, done_at=dt.datetime.now(dt.timezone.utc)))
    assert COUNT not in bob.get("/staff/intakes").text
    assert "Hand-offs" not in Client(bob.base).get("/staff/login").text  # nobody logged in: no navigation


def test_the_page_lists_open_hand_offs_first_with_what_staff_need(bob, session_factory):
    with_phone, conversation, intake_id = _handoff(session_factory, phone="+923001234567", channel="whatsapp",
                                                   with_intake=True, words="<b>about my biopsy</b> result")
    without_phone, _, _ = _handoff(session_factory, channel="web", reason=WITHOUT_CONSENT,
                                   asked=ASKED + dt.timedelta(hours=1))
    page = bob.get("/staff/handoffs").text
    rows = re.findall(r'<tr data-handoff-id="(\d+)">(.*?)</tr>', page, re.S)
    assert [int(i) for i, _ in rows] == [with_phone, without_phone]  # oldest first
    first, second = rows[0][1], rows[1][1]
    assert '<a href="tel:+923001234567" data-testid="handoff-tel">+92 300 1234567</a>' in first
    assert 'href="https://wa.me/923001234567"' in first
    assert "2026-12-07 09:05" in first and "WhatsApp" in first and "Asked during the questions" in first
    assert "&lt;b&gt;about my biopsy&lt;/b&gt; result" in first  # escaped, never markup
    assert f'<a href="/staff/intakes/{intake_id}">#{intake_id} (transcript)</a>' in first
    assert "no number given" in second and "Website chat" in second
    assert "Asked without agreeing to the questions" in second and "tel:" not in second
    assert "asked_without_consent" not in page and "asked_during_intake" not in page  # codes as words
    (entry,) = _log(session_factory, "handoffs")
    assert json.loads(entry.detail) == {"via": "html", "results": 2, "open": 2}


def test_mark_done_with_the_csrf_token(bob, alice, users, session_factory):
    handoff_id, _, _ = _handoff(session_factory, phone="+923001234567")
    other_id, _, _ = _handoff(session_factory)
    answer = bob.post(f"/staff/handoffs/{handoff_id}/done")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/staff/handoffs?done={handoff_id}"
    stored = _stored(session_factory, handoff_id)
    assert (stored.status, stored.done_by) == (HANDOFF_DONE, users["bob"].id) and stored.done_at is not None
    assert _stored(session_factory, other_id).status == HANDOFF_OPEN
    page = bob.get(answer.headers["Location"]).text
    assert f"Hand-off #{handoff_id} marked as done." in page
    done = re.search(r'data-testid="done-handoffs".*?</table>', page, re.S).group(0)
    assert f'data-handoff-id="{handoff_id}"' in done and "Bob Staff" in done and f'data-handoff-id="{other_id}"' not in done

    again = alice.post(f"/staff/handoffs/{handoff_id}/done")  # a colleague a moment later: nothing changes
    assert again.status_code == 303 and again.headers["Location"] == f"/staff/handoffs?already={handoff_id}"
    assert _stored(session_factory, handoff_id).done_by == users["bob"].id
    assert "had been marked done already by Bob Staff" in alice.get(again.headers["Location"]).text
    (entry,) = _log(session_factory, "handoff_done")
    assert entry.user_id == users["bob"].id and json.loads(entry.detail) == {"handoff": handoff_id}
    assert bob.post("/staff/handoffs/424242/done").status_code == 404


def test_mark_done_without_the_csrf_token_is_refused(bob, alice, session_factory):
    handoff_id, _, _ = _handoff(session_factory)
    for token in (False, "x" * 43, alice.csrf):
        assert bob.post(f"/staff/handoffs/{handoff_id}/done", csrf=token).status_code in (400, 403)
        assert bob.api("POST", f"/staff/api/handoffs/{handoff_id}/done", csrf=token).status_code in (400, 403)
    assert bob.post(f"/staff/handoffs/{handoff_id}/done", headers={"Origin": "https://evil.example"}).status_code == 403
    assert _stored(session_factory, handoff_id).status == HANDOFF_OPEN
    assert _log(session_factory, "handoff_done") == []


def test_anonymous_requests_are_refused(anonymous, session_factory):
    handoff_id, _, _ = _handoff(session_factory, phone="+923001234567")
    answer = anonymous.get("/staff/handoffs")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login")
    answer = anonymous.post(f"/staff/handoffs/{handoff_id}/done", csrf="x")
    assert answer.status_code in (401, 403) and "923001234567" not in answer.text
    for method, path in (("GET", "/staff/api/handoffs"), ("POST", f"/staff/api/handoffs/{handoff_id}/done")):
        answer = anonymous.api(method, path)
        assert answer.status_code == 401 and "923001234567" not in answer.text
    assert _stored(session_factory, handoff_id).status == HANDOFF_OPEN


def test_the_api_lists_and_marks_hand_offs_done(bob, users, session_factory):
    handoff_id, conversation, intake_id = _handoff(session_factory, phone="+923001234567", reason=AFTER_INTAKE,
                                                   with_intake=True, words="about my appointment")
    answer = bob.api("GET", "/staff/api/handoffs")
    assert answer.status_code == 200
    body = answer.json()
    assert body["open"] == 1
    (item,) = body["items"]
    assert item == {"id": handoff_id, "conversation_id": conversation, "channel": "rest", "phone": "+923001234567",
                    "reason": AFTER_INTAKE, "reason_label": "Asked after the intake",
                    "patient_words": "about my appointment", "status": "open", "created_at": ASKED.isoformat(),
                    "updated_at": ASKED.isoformat(), "done_at": None, "done_by": None, "intake_id": intake_id}
    assert bob.api("GET", "/staff/api/handoffs", params={"status": "open"}).json()["items"] == [item]
    assert bob.api("GET", "/staff/api/handoffs", params={"status": "done"}).json()["items"] == []
    bad = bob.api("GET", "/staff/api/handoffs", params={"status": "maybe"})
    assert bad.status_code == 400 and "status" in bad.json()["error"]

    done = bob.api("POST", f"/staff/api/handoffs/{handoff_id}/done")
    assert done.status_code == 200, done.text
    assert done.json()["changed"] is True
    assert done.json()["handoff"]["status"] == "done" and done.json()["handoff"]["done_by"] == "Bob Staff"
    again = bob.api("POST", f"/staff/api/handoffs/{handoff_id}/done")  # twice: fine, nothing changes
    assert again.status_code == 200 and again.json()["changed"] is False
    assert again.json()["handoff"]["done_at"] == done.json()["handoff"]["done_at"]
    for bad_id in ("424242", "0", "99999999999", "abc"):
        assert bob.api("POST", f"/staff/api/handoffs/{bad_id}/done").status_code == 404, bad_id

    after = bob.api("GET", "/staff/api/handoffs").json()
    assert after["open"] == 0 and [i["status"] for i in after["items"]] == ["done"]
    assert bob.api("GET", "/staff/api/handoffs", params={"status": "done"}).json()["items"][0]["id"] == handoff_id
    assert [json.loads(e.detail)["via"] for e in _log(session_factory, "handoffs")] == ["api"] * 5  # not the refused one
    assert len(_log(session_factory, "handoff_done")) == 1


def test_the_access_log_names_a_hand_off_in_words():
    from bot.staff.access_log import describe

    assert describe('{"handoff": 7}') == "hand-off #7"
