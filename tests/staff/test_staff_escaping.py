"""Patient and staff text containing HTML or script is shown as text on every page, never run as markup."""
from __future__ import annotations

import uuid

from staff_helpers import XSS, bot, make_intake, slot, user, write_tracker

RAW = ["<script>", "<img src=x"]


def _assert_escaped(html: str):
    for raw in RAW:
        assert raw not in html
    assert "&lt;script&gt;" in html


def test_patient_text_is_escaped_everywhere(alice, bob, session_factory, tracker_path):
    conversation = f"conv-xss-{uuid.uuid4().hex[:8]}"  # the tracker file is shared by both backends
    intake_id = make_intake(session_factory, conversation, first_name="Sara" + XSS[:60],
                            slots={"description": "It itches " + XSS}, channel="rest",
                            booking={"reference": "XQ7K2M", "phone": "+923001234567"})
    write_tracker(tracker_path, conversation, [
        slot("consent", True),
        bot("What's your first name? " + XSS, buttons=[{"title": "<b>Me</b>" + XSS, "payload": "/inform{\"x\":1}"}]),
        user('/inform{"x":1}'),
        user("my name is " + XSS, entities=[{"entity": "name", "value": XSS}]),
    ])
    assert bob.post(f"/staff/intakes/{intake_id}/notes", {"body": "Note " + XSS}).status_code == 303
    pages = ["/staff/intakes", "/staff/intakes?q=Sara", f"/staff/intakes/{intake_id}",
             f"/staff/intakes/{intake_id}/print"]
    for path in pages:
        answer = bob.get(path)
        assert answer.status_code == 200, path
        _assert_escaped(answer.text)
    detail = bob.get(f"/staff/intakes/{intake_id}").text
    assert detail.count("&lt;script&gt;") >= 5  # name, description, bot text, button title, user text, note
    admin_log = alice.get("/staff/access-log")
    _assert_escaped(admin_log.text)
    # The CSP forbids inline script anyway: a second line of defence.
    assert "script-src" not in detail and "default-src 'none'" in bob.get(pages[2]).headers["Content-Security-Policy"]


def test_search_terms_are_escaped_in_the_form(bob, session_factory):
    answer = bob.get("/staff/intakes", params={"q": '"><script>alert(1)</script>'})
    assert answer.status_code == 200 and "<script>alert" not in answer.text
