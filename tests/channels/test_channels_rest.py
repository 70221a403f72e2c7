"""Input checks of the REST channel."""
from __future__ import annotations

import pytest

from bot.channels.rest import MAX_MESSAGE_CHARS, BadRequest, authorised, parse_body


def test_a_good_body():
    assert parse_body(b'{"sender": "abc-1", "message": "hi"}') == ("abc-1", "hi")


@pytest.mark.parametrize("body,status", [
    (b"", 400), (b"{not json", 400), (b"[]", 400), (b"\xff\xfe", 400), (b'"text"', 400),
    (b'{"message": "hi"}', 400), (b'{"sender": 5, "message": "hi"}', 400), (b'{"sender": "", "message": "x"}', 400),
    (b'{"sender": "a b<script>", "message": "x"}', 400), (b'{"sender": "a", "message": null}', 400),
    (('{"sender": "a", "message": "%s"}' % ("x" * (MAX_MESSAGE_CHARS + 1))).encode(), 413),
])
def test_bad_bodies(body, status):
    with pytest.raises(BadRequest) as error:
        parse_body(body)
    assert error.value.status == status


def test_token_is_required_only_when_configured():
    assert authorised(None, None)
    assert authorised("Bearer s3cret", "s3cret")
    assert not authorised(None, "s3cret")
    assert not authorised("Bearer wrong", "s3cret")
    assert not authorised("Basic s3cret", "s3cret")
