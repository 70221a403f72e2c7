"""bot/clinical/crisis.py: self-harm in a message and the crisis reply.  Sentences are new, not from the issue
or tests/clinical/real_cases.yml."""
import pytest
import yaml

from bot.clinical import crisis


@pytest.mark.parametrize("text", [
    "Some nights I think I should just end my life",
    "I can't go on like this anymore",
    "honestly there's nothing to live for since the patches came",
    "I might just kill myself if this gets worse",                     # hedged: still a mention
    "I have no energy at all and there is no point living",           # an earlier "no" does not deny it
    "I don't know, sometimes I want to die",
    "my husband left and I want to end it all",
    "my children would be better off without me",
    "kabhi kabhi marna chahti hun",
    "ab jeene ka koi maqsad nahi",
    "khudkushi ke khayal aate hain",
    "my son talks about hurting himself",                             # a parent writing about a child
])
def test_mentions_self_harm(text):
    assert crisis.mentions_self_harm(text)


@pytest.mark.parametrize("text", [
    "I would never hurt myself",
    "Thoughts of suicide? No.",
    "suicidal thoughts: none",
    "I'm not suicidal, only worried about the bald spot",
    "khudkushi ka khayal kabhi nahi aaya",
    "my cousin talks about suicide",
    "my friend wants to end it all",
    "I'm sad about my hair but it will grow back",
    "",
    None,
])
def test_no_mention_of_self_harm(text):
    assert not crisis.mentions_self_harm(text)


def test_crisis_message_is_caring_and_gives_every_number_of_the_data_file():
    message = crisis.crisis_message()
    data = yaml.safe_load(crisis.HELPLINES_PATH.read_text(encoding="utf-8"))
    assert "not alone" in message and "talk to someone" in message
    assert "let our clinic team know" in message
    assert "\n\n" not in message  # Rasa would send each blank-line part as a message of its own
    for helpline in data["helplines"]:
        assert helplines_number(helpline) in message
    assert len(message) < 700   # short: a wall of text is no help in a crisis


def helplines_number(helpline):
    return str(helpline["number"])


def test_the_numbers_are_marked_unconfirmed_until_the_clinic_checks_them():
    raw = crisis.HELPLINES_PATH.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert "MUST CALL AND CONFIRM" in raw
    assert crisis.helplines_confirmed() is (data["confirmed_by_clinic"] is True)
    assert {"0311-7786264", "1122", "115"} <= {str(h["number"]) for h in data["helplines"]}


def test_the_crisis_reply_does_not_offer_treatment_or_a_diagnosis():
    message = crisis.crisis_message().lower()
    assert "mesotherapy" not in message and "you have" not in message
