"""The spaCy-free readers of short replies: yes/no, names, non-answers, list items (bot/nlp)."""
import pytest

from bot.nlp.list_items import items, own_words
from bot.nlp.names import first_name
from bot.nlp.non_answers import is_not_an_answer, is_question_back
from bot.nlp.yes_no import does_not_know, read_yes_no


@pytest.mark.parametrize("text,expected", [
    ("Yesss!!", True), ("haaan ji", True), ("Noooo", False), ("jee nahi shukriya", False),
    ("theek hai na", True),           # the trailing "na" asks "right?": no "no"
    ("no worries, go on", True), ("I'm not okay with that", False), ("n", False), ("y", True),
    ("banana", None), ("", None),
])
def test_read_yes_no(text, expected):
    assert read_yes_no(text) is expected


@pytest.mark.parametrize("text", ["shayad haan", "I don't remember", "idk", "can't say really"])
def test_does_not_know(text):
    assert does_not_know(text) and read_yes_no(text) is None


@pytest.mark.parametrize("text,name", [
    ("hello, I'm Nabeel", "Nabeel"), ("main Saima hoon", "Saima"), ("Her name's Iqra", "Iqra"),
    ("walaikum salam, Tahir here", "Tahir"), ("ok", None), ("hmm", None), ("k", None), ("no", None),
])
def test_first_name(text, name):
    assert first_name(text) == name


@pytest.mark.parametrize("text,expected", [
    ("what is the cost?", True), ("kitni der lagti hai", True), ("how does it work", True),
    ("do mahine", False), ("how long, maybe 3 months", False), ("is it?", False), ("I take aspirin?", False),
])
def test_is_question_back(text, expected):
    assert is_question_back(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("ghjkl", True), ("asdfasdf jkjk", True), ("lllllll", True), ("🙈", True), ("hmm?", True),
    ("tel", False), ("pcos", False), ("bht zyada", False), ("2", False),
])
def test_is_not_an_answer(text, expected):
    assert is_not_an_answer(text) is expected


def test_items_keep_their_place_and_their_words():
    text = "warfarin, some iron & a cream but no steroids"
    found = items(text)
    assert [i.text for i in found] == ["warfarin", "some iron", "a cream", "no steroids"]
    assert all(text[i.start:i.end] == i.text for i in found)
    assert found[-1].exception and not found[0].exception


def test_items_that_only_comment_or_name_nothing():
    found = items("biotin, I stopped it, now and then")
    assert [i.is_commentary for i in found] == [False, True, True, True]


def test_own_words_lose_only_the_leading_fillers():
    assert own_words("sirf ek vitamin") == "ek vitamin"
    assert own_words("I take thyroid pills from my GP") == "thyroid pills from my GP"
