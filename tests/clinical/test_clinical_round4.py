"""Issue 12, fourth round: the rules added for the third development set, each in new words."""
from bot.clinical.text_classification import classify_text


def test_shedding_seen_and_described_is_shedding():
    out = classify_text("for weeks there has been hair all over my pillow and in the plughole")
    assert out["findings"]["slots"]["shedding"] == "more_shedding"


def test_a_bare_statement_of_falling_hair_is_still_too_little():
    assert classify_text("my hair keeps falling").get("likely_type") == "unclear"


def test_shedding_while_pregnant_leans_to_shedding():
    out = classify_text("I'm 22 weeks pregnant and clumps come away when I wash it")
    assert out["likely_type"] == "telogen_effluvium" and "pregnancy" in out["contraindications"]


def test_a_mood_stabiliser_is_a_shedding_medicine():
    out = classify_text("since the psychiatrist started valproate my hair sheds everywhere, all over the head")
    assert out["likely_type"] == "telogen_effluvium"


def test_a_partner_written_about_with_a_serious_illness_is_flagged_as_the_patient():
    out = classify_text("Asking for my husband, he is 66. He is on dialysis and his hair has gone thin all over.")
    assert "serious_organ_disease" in out["red_flags"] and "serious_organ_disease" in out["contraindications"]


def test_the_family_history_of_a_partners_family_stays_theirs():
    out = classify_text("My wife is 41 and her crown is thinning; nobody in her family lost hair.")
    assert out["findings"]["slots"].get("family_history") is not True


def test_spreading_patches_in_a_child_are_rapid_loss():
    out = classify_text("my 6 year old has two round bald patches and new ones keep appearing")
    assert {"under_18", "rapid_or_total_loss"} <= set(out["red_flags"])


def test_a_guess_about_the_cause_keeps_the_breastfeeding():
    out = classify_text("I wonder if the shedding is because I'm breastfeeding my son, he is 4 months old")
    assert "breastfeeding" in out["contraindications"] and "under_18" not in out["red_flags"]
