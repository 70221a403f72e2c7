"""When the patient first noticed the hair loss is how long it has been going on ("a round patch, we noticed it
3 weeks ago"); the same "ago" about something else is not (seen in a widget trial: the duration was asked again
after a description that gave it)."""
from __future__ import annotations

import pytest

from bot.nlp.pipeline import understand


@pytest.mark.parametrize("text, days", [
    ("there is a smooth bald circle near her crown, we noticed it 3 weeks ago", 21),
    ("thinning at the temples. First spotted it about 2 months back", 60),
    ("bald patch hai beard mein, 10 din pehle notice kiya", 10),
    ("my parting looks wider, I realised it a year ago", 365),
])
def test_noticing_the_hair_loss_dates_it(text, days):
    assert understand(text, "description").stated_slots().get("duration_days") == days


@pytest.mark.parametrize("text", [
    "I saw a dermatologist 2 years ago and now my crown is thinning",
    "my hair is thinning at the crown. I noticed my uncle went bald 5 years ago",
    "we noticed it 3 weeks ago",  # nothing about hair in the message: no duration of hair loss
])
def test_an_ago_about_something_else_is_no_duration(text):
    assert understand(text, "description").stated_slots().get("duration_days") is None
