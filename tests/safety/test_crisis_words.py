"""Which words get the crisis reply (bot/clinical/crisis.py, also the intent set by bot/crisis_component.py):
a miss costs more than a caring reply too many, but hair-talk figures of speech are not a crisis."""
from __future__ import annotations

import pytest

from bot.clinical.crisis import mentions_self_harm


@pytest.mark.parametrize("text", [
    "honestly i dont see a reason to live anymore",
    "main apni jaan le lungi",
    "mujhe jeena nahi hai ab",
    "everything is dark, I keep thinking of killing myself",
])
def test_a_crisis_is_heard(text):
    assert mentions_self_harm(text)


@pytest.mark.parametrize("text", [
    "my kids are my reason to live",
    "I have many reasons to live, I am just sad about my hair",
    "this hair fall is killing my confidence",
    "I would die for my old hair",
    "/inform{\"choice\":\"no\"}",
])
def test_figures_of_speech_are_not_a_crisis(text):
    assert not mentions_self_harm(text)
