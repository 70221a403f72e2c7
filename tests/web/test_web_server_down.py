"""The widget while the Rasa server is down or dies mid-request (issue 15), in a real browser."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_server_down_is_said_plainly_and_the_message_is_sent_again_by_itself(site, run_browser_script):
    out = run_browser_script("server_down", SITE_URL=site.url, timeout=180)
    assert "ok - sent again by itself until a server answered (3 tries)" in out
    assert "ok - the conversation holds the message once" in out
