"""Urgent alerts in the staff app: a banner on every page while one is open, the alerts page (clinic time,
channel, phone or "no phone given", the intake with the transcript), "Mark as handled" with the CSRF token, the
access log, the JSON API. Any logged-in staff member; nobody anonymous; never the patient's words."""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from sqlalchemy import select, update
from staff_helpers import Client, bot, make_intake, slot, user, write_tracker

from bot.store.alert_models import ALERT_HANDLED, ALERT_OPEN, SELF_HARM, StaffAlert
from bot.store.alerts import raise_alert
from bot.store.db import write_session
from bot.store.staff_models import AccessLogEntry

BANNER = 'data-testid="urgent-banner"'
# Words no page may show: what the patient wrote.
WORDS = "Quorvex-nightfall I want to end my life"
RAISED = dt.datetime(2026, 12, 7, 4, 5, tzinfo=dt.timezone.utc)  # 09:05 in the clinic (Asia/Karachi, UTC+5)


def _alert(session_factory, tracker_path, phone=None, channel="rest", raised=RAISED, with_intake=False):
    """A conversation in which the patient wrote WORDS, and its alert. Returns (alert id, conversation, intake)."""
    conversation = f"conv-alert-{uuid.uuid4().hex[:8]}"
    write_tracker(tracker_path, conversation, [slot("consent", True), bot("How can I help?"), user(WORDS)])
    intake_id = make_intake(session_factory, conversation, first_name="Shazia") if with_intake else None
    alert_id = raise_alert(session_factory, conversation, channel, SELF_HARM, phone)
    with write_session(session_factory) as session:
        session.execute(update(StaffAlert).where(StaffAlert.id == alert_id).values(raised_at=raised))
    return alert_id, conversation, intake_id


def _stored(session_factory, alert_id) -> StaffAlert:
    with session_factory() as session:
        return session.get(StaffAlert, alert_id)


def _log(session_factory, action):
    with session_factory() as session:
        return list(session.execute(select(AccessLogEntry).where(AccessLogEntry.action == action)
                                    .order_by(AccessLogEntry.id)).scalars())


def test_the_banner_shows_on_every_page_while_an_alert_is_open(bob, session_factory, tracker_path):
    intake_id = make_intake(session_factory, "conv-other", first_name="Sara")
    pages = ("/staff/intakes", f"/staff/intakes/{intake_id}", f"/staff/intakes/{intake_id}/print",
             "/staff/erasure-requests", "/staff/alerts")
    for path in pages:
        answer = bob.get(path)
        assert answer.status_code == 200 and BANNER not in answer.text, path

    alert_id, _, _ = _alert(session_factory, tracker_path, phone="+923001234567")
    for path in pages:
        page = bob.get(path).text
        assert BANNER in page and "1 patient may be at risk: call now" in page, path
        assert re.search(r'<a href="/staff/alerts">1 patient may be at risk: call now</a>', page), path

    _alert(session_factory, tracker_path)
    assert "2 patients may be at risk: call now" in bob.get("/staff/intakes").text

    with write_session(session_factory) as session:
        session.execute(update(StaffAlert).values(status=ALERT_HANDLED, handled_at=dt.datetime.now(dt.timezone.utc)))
    for path in pages:
        assert BANNER not in bob.get(path).text, path
    assert BANNER not in Client(bob.base).get("/staff/login").text  # nobody logged in: no banner, no count


def test_the_alerts_page_lists_open_alerts_with_what_staff_need_and_no_words(bob, session_factory, tracker_path):
    with_phone, conversation, intake_id = _alert(session_factory, tracker_path, phone="+923001234567",
                                                 channel="whatsapp", with_intake=True)
    without_phone, _, _ = _alert(session_factory, tracker_path, channel="web", raised=RAISED + dt.timedelta(hours=1))

    answer = bob.get("/staff/alerts")
    assert answer.status_code == 200
    page = answer.text
    rows = re.findall(r'<tr data-alert-id="(\d+)">(.*?)</tr>', page, re.S)
    assert [int(i) for i, _ in rows] == [with_phone, without_phone]  # oldest first
    first, second = (row for _, row in rows)
    assert "2026-12-07 09:05" in first and "whatsapp" in first  # clinic time
    assert 'href="tel:+923001234567"' in first
    assert f'href="/staff/intakes/{intake_id}"' in first  # the transcript is on the intake page
    assert "2026-12-07 10:05" in second and "web" in second and "no phone given" in second
    for row in (first, second):
        assert 'method="post"' in row and f'name="csrf_token" value="{bob.csrf}"' in row
        assert "Mark as handled" in row
    assert "Quorvex" not in page and "end my life" not in page  # never the patient's words
    assert conversation not in page  # nor the conversation id (it can be a phone number)
    assert "No open alerts" not in page and "None handled yet" in page

    (entry,) = _log(session_factory, "alerts")
    assert entry.user_id is not None and entry.intake_id is None
    assert json.loads(entry.detail) == {"via": "html", "results": 2, "open": 2}


def test_mark_as_handled_with_the_csrf_token(bob, alice, users, session_factory, tracker_path):
    alert_id, _, _ = _alert(session_factory, tracker_path, phone="+923001234567")
    other_id, _, _ = _alert(session_factory, tracker_path)

    answer = bob.post(f"/staff/alerts/{alert_id}/handled")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/staff/alerts?handled={alert_id}"
    stored = _stored(session_factory, alert_id)
    assert (stored.status, stored.handled_by) == (ALERT_HANDLED, users["bob"].id) and stored.handled_at is not None
    assert _stored(session_factory, other_id).status == ALERT_OPEN  # only that one

    page = bob.get(answer.headers["Location"]).text
    assert f"Alert #{alert_id} marked as handled." in page
    assert "1 patient may be at risk" in page  # the other one is still open
    handled = re.search(r'data-testid="handled-alerts".*?</table>', page, re.S).group(0)
    assert f'data-alert-id="{alert_id}"' in handled and "Bob Staff" in handled
    assert f'data-alert-id="{other_id}"' not in handled

    # A second click, or a colleague a moment later: nothing changes, and they are told who did it.
    again = alice.post(f"/staff/alerts/{alert_id}/handled")
    assert again.status_code == 303 and again.headers["Location"] == f"/staff/alerts?already={alert_id}"
    assert _stored(session_factory, alert_id).handled_by == users["bob"].id
    assert "had been handled already by Bob Staff" in alice.get(again.headers["Location"]).text

    (entry,) = _log(session_factory, "alert_handled")
    assert entry.user_id == users["bob"].id and json.loads(entry.detail) == {"alert": alert_id}
    assert bob.post("/staff/alerts/424242/handled").status_code == 404


def test_mark_as_handled_without_the_csrf_token_is_refused(bob, alice, session_factory, tracker_path):
    alert_id, _, _ = _alert(session_factory, tracker_path)
    for token in (False, "x" * 43, alice.csrf):
        answer = bob.post(f"/staff/alerts/{alert_id}/handled", csrf=token)
        assert answer.status_code in (400, 403), answer.status_code
        answer = bob.api("POST", f"/staff/api/alerts/{alert_id}/handled", csrf=token)
        assert answer.status_code in (400, 403), answer.status_code
    answer = bob.post(f"/staff/alerts/{alert_id}/handled", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
    assert _stored(session_factory, alert_id).status == ALERT_OPEN
    assert _log(session_factory, "alert_handled") == []


def test_anonymous_requests_go_to_the_login(anonymous, session_factory, tracker_path):
    alert_id, _, _ = _alert(session_factory, tracker_path, phone="+923001234567")
    answer = anonymous.get("/staff/alerts")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login")
    answer = anonymous.post(f"/staff/alerts/{alert_id}/handled", csrf="x")
    assert answer.status_code in (401, 403) and "923001234567" not in answer.text
    assert anonymous.get("/staff/api/alerts").status_code == 401
    assert anonymous.api("POST", f"/staff/api/alerts/{alert_id}/handled").status_code == 401
    assert BANNER not in anonymous.get("/staff/login").text
    assert _stored(session_factory, alert_id).status == ALERT_OPEN


def test_any_staff_member_sees_and_handles_alerts(bob, alice, users, session_factory, tracker_path):
    alert_id, _, _ = _alert(session_factory, tracker_path)
    assert bob.get("/staff/alerts").status_code == 200  # not an admin
    assert bob.post(f"/staff/alerts/{alert_id}/handled").status_code == 303
    assert "Bob Staff" in alice.get("/staff/alerts").text


def test_the_api_lists_and_handles_alerts(bob, users, session_factory, tracker_path):
    alert_id, conversation, intake_id = _alert(session_factory, tracker_path, phone="+923001234567",
                                               with_intake=True)
    answer = bob.api("GET", "/staff/api/alerts")
    assert answer.status_code == 200
    body = answer.json()
    assert body["open"] == 1
    (item,) = body["items"]
    assert item == {"id": alert_id, "conversation_id": conversation, "channel": "rest", "kind": SELF_HARM,
                    "phone": "+923001234567", "status": "open", "raised_at": RAISED.isoformat(),
                    "handled_at": None, "handled_by": None, "intake_id": intake_id}
    assert "Quorvex" not in answer.text and "end my life" not in answer.text
    assert bob.api("GET", "/staff/api/alerts", params={"status": "handled"}).json()["items"] == []
    assert bob.api("GET", "/staff/api/alerts", params={"status": "maybe"}).status_code == 400

    done = bob.api("POST", f"/staff/api/alerts/{alert_id}/handled")
    assert done.status_code == 200, done.text
    assert done.json()["changed"] is True
    assert done.json()["alert"]["status"] == "handled" and done.json()["alert"]["handled_by"] == "Bob Staff"
    again = bob.api("POST", f"/staff/api/alerts/{alert_id}/handled")
    assert again.status_code == 200 and again.json()["changed"] is False
    assert bob.api("POST", "/staff/api/alerts/424242/handled").status_code == 404

    after = bob.api("GET", "/staff/api/alerts").json()
    assert after["open"] == 0 and [i["status"] for i in after["items"]] == ["handled"]
    assert [json.loads(e.detail)["via"] for e in _log(session_factory, "alerts")] == ["api", "api", "api"]
    assert len(_log(session_factory, "alert_handled")) == 1


def test_the_access_log_names_a_handled_alert_in_words():
    from bot.staff.access_log import describe

    assert describe('{"alert": 7}') == "urgent alert #7"
