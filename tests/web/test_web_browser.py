"""The widget in a real browser (Debian's chromium via playwright-core) against the real assistant."""
from __future__ import annotations

import pytest

from tests.web.webclient import bot_says

pytestmark = pytest.mark.slow


def test_a_patient_completes_the_intake_across_a_reload_and_two_pages(site, run_browser_script):
    out = run_browser_script("intake", SITE_URL=site.url, timeout=300,
                             SUMMARY_HEADER=bot_says("confirm", "header", name="Sara"),
                             DONE_TEXT=bot_says("confirm", "done", name="Sara"))
    assert "ok - after confirming, the answers are noted" in out
    assert "ok - the patient reaches the booking confirmation with a reference code" in out


def test_a_forged_or_tampered_session_sees_nothing_of_another_patient(site, run_browser_script):
    run_browser_script("isolation", SITE_URL=site.url)


def test_a_page_of_a_site_not_allowed_cannot_use_the_channel(other_site, web_assistant, run_browser_script):
    run_browser_script("origin", OTHER_SITE_URL=other_site.url, SERVER_URL=web_assistant.url)


def test_patient_and_bot_text_is_shown_as_text(site, run_browser_script):
    run_browser_script("xss", SITE_URL=site.url)


def test_the_open_widget_is_accessible(site, run_browser_script):
    run_browser_script("a11y", SITE_URL=site.url)


def test_a_slow_reply_is_announced_and_a_retry_is_answered_once(site, run_browser_script):
    out = run_browser_script("slow_reply", SITE_URL=site.url, timeout=180)
    assert "ok - the message was answered once, not twice" in out
    assert "ok - the first new message is in view from its start" in out


def test_a_patient_on_a_phone_who_only_types_reaches_a_booking(site, run_browser_script):
    out = run_browser_script("typed_phone", SITE_URL=site.url, timeout=300)
    assert "ok - the patient who only types reaches a booking with a reference" in out
    assert "ok - the first message of the result is in view from its start" in out
    assert "ok - the page does not scroll sideways on a phone" in out
