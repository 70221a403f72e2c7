from collections import Counter

from bot.clinical import evaluate


def test_case_set_shape():
    cases = evaluate.load_cases()
    by_type = Counter(c["likely_type"] for c in cases)
    assert len(cases) >= 80
    assert all(by_type[t] >= 12 for t in evaluate.LABELS[:4]) and by_type["unclear"] >= 8
    assert sum(1 for c in cases if c["red_flags"]) >= 10
    assert all(c.get("reason") and c.get("text") for c in cases)
    assert len({c["id"] for c in cases}) == len(cases)


def test_evaluation_meets_the_bar():
    r = evaluate.run()
    assert r["accuracy"] >= 0.90, evaluate.report(r)
    assert r["red_flag_recall"] == 1.0, r["red_flag_misses"]
    assert r["contraindication_recall"] == 1.0, r["contraindication_misses"]
    assert evaluate.passed(r)


def test_evaluation_fails_on_a_wrong_label(tmp_path):
    bad = tmp_path / "cases.yml"
    bad.write_text('cases:\n- {id: x, text: "edges gone from braids", likely_type: alopecia_areata, '
                   'red_flags: [chemotherapy], reason: deliberately wrong}\n')
    r = evaluate.run(bad)
    assert r["accuracy"] == 0 and r["red_flag_misses"] and not evaluate.passed(r)
    assert evaluate.main([str(bad)]) == 1


def test_split_and_false_red_flags(tmp_path):
    cases = tmp_path / "real.yml"
    cases.write_text(
        "cases:\n"
        '- {id: t1, split: tuning, text: "round bald patch on my crown", likely_type: alopecia_areata,'
        " red_flags: [], reason: x}\n"
        '- {id: h1, split: heldout, text: "my 9 year old son has a round bald patch",'
        " likely_type: alopecia_areata, red_flags: [], not_red_flags: [under_18], reason: deliberately wrong}\n"
    )
    assert [c["id"] for c in evaluate.load_cases(cases, "tuning")] == ["t1"]
    held = evaluate.run(cases, "heldout")
    assert held["n"] == 1 and held["false_red_flags"] == ["h1"] and held["false_red_flag_rate"] == 1.0
    assert any("false red flags" in f for f in evaluate.heldout_failures(held))
    assert "round bald patch" not in evaluate.report(held, per_case=False)
    assert evaluate.main([str(cases), "--split", "heldout"]) == 1


def test_the_third_dev_set_is_labelled_apart_from_the_other_sets_and_read_by_its_split(capsys):
    """tests/clinical/dev3_cases.yml (issue 12, fourth round): >= 80 paraphrased public posts and >= 30 Roman Urdu /
    Pakistani English messages, each with a reason, no public source another set uses; `make eval` reads it."""
    dev3 = evaluate.load_cases(evaluate.DEV3_CASES_PATH, "dev3")
    assert len(dev3) == len(evaluate.load_cases(evaluate.DEV3_CASES_PATH))
    assert sum(c["origin"] == "public_post" for c in dev3) >= 80
    assert sum(c["origin"] == "whatsapp_style" for c in dev3) >= 30
    assert len({c["id"] for c in dev3}) == len(dev3) and len({c["source"] for c in dev3}) == len(dev3)
    other = "".join(p.read_text(encoding="utf-8") for p in (evaluate.REAL_CASES_PATH, evaluate.DEV_CASES_PATH,
                                                             evaluate.DEV2_CASES_PATH, evaluate.CASES_PATH))
    for c in dev3:
        assert c["id"].startswith("dx") and c["reason"] and c["likely_type"] in evaluate.LABELS
        if c["origin"] == "public_post":
            assert c["source"] not in other, c["id"]
    assert evaluate.main(["--split", "dev3"]) in (0, 1)
    out = capsys.readouterr().out
    assert "(split: dev3)" in out and "held-out bar" in out
