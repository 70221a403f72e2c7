"""Every probe description of tests/clinical/type_probes.yml (written blind, in patients' own words) gets its likely
type, rules and the trained text model together (as the assistant reads them). The few left unmet are listed here with the reason: a new miss fails, and so does a listed one that is met
(take it out of the list)."""

from pathlib import Path

import pytest
import yaml

from bot.clinical import text_model
from bot.clinical.text_classification import classify_text

PROBES = yaml.safe_load((Path(__file__).with_name("type_probes.yml")).read_text(encoding="utf-8"))["probes"]

# Two conditions told at once (a trigger's shedding and a patch, or traction edges): the probes' writers called them
# "unclear" (clues conflict); the rules name the one with the most specific signs. A labelling choice, left.
TWO_AT_ONCE = "two conditions told at once: the rules name the more specific one"
KNOWN = {
    "had covid 2 months ago and now theres a lot of hair in the shower, but also two round smooth bald patches came "
    "up last week": TWO_AT_ONCE,
    "two oval bald patches appeared last month, and separately my edges are thinning where I wear tight cornrows":
    TWO_AT_ONCE,
    "dengue ke 2 mahine baad baal brush mein bohot girne lage, aur ab ek gol ganja patch bhi dikh raha hai": TWO_AT_ONCE,
    "3 months after typhoid my hair started falling a lot everywhere, and also my edges are gone from wearing tight "
    "braids for years": TWO_AT_ONCE,
}


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p["text"][:60])
def test_probe(probe):
    if text_model.load() is None:  # make check trains no model; make test builds it first
        pytest.skip("the likely type is read with the trained text model (make text-model)")
    got = classify_text(probe["text"], probe["slots"])["likely_type"]
    if probe["text"] in KNOWN:
        assert got != probe["likely_type"], "now met: take it out of KNOWN"
        pytest.xfail(KNOWN[probe["text"]])
    assert got == probe["likely_type"], probe["reason"]


def test_the_known_misses_are_probes():
    assert set(KNOWN) <= {p["text"] for p in PROBES}
