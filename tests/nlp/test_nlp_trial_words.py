"""Words from typed trials of the widget (session 6) that bot.nlp misread, each class in other words."""
import pytest


@pytest.mark.parametrize("text", [
    "her hair is landing all over the sofa and her school shirt",
    "I find it everywhere on the carpet after I comb",
    "subah bistar pe har jagah baal hote hain",
])
def test_where_shed_hair_lands_is_shedding_not_a_pattern(u, text):
    r = u(text)
    assert r.slots.get("shedding") == "more_shedding"
    assert r.slots.get("pattern") != "diffuse", "the sofa is not the scalp"


@pytest.mark.parametrize("text", ["thin everywhere on the scalp", "my hair is thin all over", "poore sar pe kam hain"])
def test_thinning_all_over_the_head_is_still_diffuse(u, text):
    assert u(text).slots.get("pattern") == "diffuse"


@pytest.mark.parametrize("text", [
    "the gynae suspects PCOS, no tests done yet",
    "my GP has a suspicion of thyroid trouble",
    "doctor ko shak hai ke thyroid ka masla hai",
])
def test_a_suspected_condition_fills_no_slot(u, text):
    assert not u(text).slots.get("conditions")


@pytest.mark.parametrize("text", [
    "I tie a bun every day but it's not tight",
    "plait daily, never tight",
    "jura banati hoon, tight nahi",
    "a ponytail, quite loose",
])
def test_a_hairstyle_named_with_its_pull_denied_is_no_tight_hairstyle(u, text):
    assert u(text).slots.get("hairstyles") is False


@pytest.mark.parametrize("text", ["very tight braids every day", "bun daily", "cornrows, they pull a lot"])
def test_a_tight_or_plain_hairstyle_is_still_yes(u, text):
    assert u(text).slots.get("hairstyles") is True
