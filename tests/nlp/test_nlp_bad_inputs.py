import json

import pytest

from bot.nlp import Understanding


@pytest.mark.parametrize("text", [
    "", "   ", None, 42, b"bytes", ["list"], "😀😀😭🙏", "<script>alert('bald patch')</script>",
    "'; DROP TABLE patients; --", "' OR 1=1 --", "\x00\x01\x02", "?!?!...", "\u202e\u200b",
])
def test_bad_input_gives_empty_understanding(u, text):
    r = u(text)
    assert isinstance(r, Understanding)
    assert r.slots == {} and r.findings == []
    json.dumps(r.to_dict())


def test_html_is_stripped_but_text_kept(u):
    assert u("<p>bald <b>patch</b></p>").slots == {"pattern": "patches"}


def test_huge_input_does_not_crash(u):
    r = u("my hair is falling out in clumps. " * 300 + "x" * 10_000)
    assert r.slots["shedding"] == "clumps"
    json.dumps(r.to_dict())


def test_to_dict_is_json(u):
    d = u("bald spot, no itching").to_dict()
    assert json.loads(json.dumps(d))["slots"] == {"pattern": "patches"}
    assert {"code", "text", "negated", "subject"} <= set(d["findings"][0])
