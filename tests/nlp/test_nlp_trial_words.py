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
