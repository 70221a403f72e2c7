"""The held-out half of the real-language cases (tests/clinical/real_cases.yml) meets the bar of issue 12.

Totals only: the message names no case, so a failure shows how far off the rules are without showing the
held-out text anyone could tune on.  Needs no trained model (bot.nlp and bot.clinical are plain rules).
"""

import pytest

from bot.clinical import evaluate


def test_real_case_splits_are_the_documented_halves():
    tuning = evaluate.load_cases(evaluate.REAL_CASES_PATH, "tuning")
    heldout = evaluate.load_cases(evaluate.REAL_CASES_PATH, "heldout")
    every = evaluate.load_cases(evaluate.REAL_CASES_PATH, "all")
    assert tuning and heldout and len(tuning) + len(heldout) == len(every)
    assert not {c["id"] for c in tuning} & {c["id"] for c in heldout}


# Issue 12 is open: on 2026-11-26 the held-out half gives type accuracy 0.760 (bar 0.85) and red-flag and
# contraindication recall 0.833 (bar 1.00), false red flags 0.056 (bar 0.10); after the fourth round (dev3) the
# same 0.760 and 0.833, false red flags 0.064; after the fifth round (dev4, the text model where the rules cannot
# decide) 0.784, 0.844 and 0.056; after the sixth round (dev5, the red-flag safety net) 0.792, 0.844 and 0.064
# (the safety net fired on 2 held-out cases, 1 of the 9 with a missed red flag); after the seventh round (dev6, a set
# mirroring the real mix) 0.792, 0.844 and 0.088 (rules alone 0.064; the net retrained on dev6 fires on 4; the blind probes of
# tests/clinical/flag_probes.yml, all but 8 met, moved none of it); with the blind type probes (type_probes.yml) 0.776. Strict: the day the rules meet
# the bar this test fails as "passed unexpectedly", and the mark comes off.
@pytest.mark.xfail(strict=True, reason="issue 12: the held-out half is below the bar (0.776 / 0.844)")
def test_heldout_half_meets_the_bar():
    r = evaluate.run(evaluate.REAL_CASES_PATH, "heldout")
    failures = evaluate.heldout_failures(r)
    assert not failures, "; ".join(failures) + "\n" + evaluate.report(r, per_case=False)
