"""Every probe message of tests/clinical/flag_probes.yml (written blind, in patients' own words) raises the codes it
must and none it must not, rules only. The few left unmet are listed here with the reason: a new miss fails, and so
does a listed one that is met (take it out of the list)."""

from pathlib import Path

import pytest
import yaml

from tests.support.clinical_flags import check_probe

PROBES = yaml.safe_load((Path(__file__).with_name("flag_probes.yml")).read_text(encoding="utf-8"))["probes"]

# Left unmet on purpose, or not yet met, with why:
KNOWN = {
    # radiotherapy is routed like chemotherapy (hair loss from cancer treatment: the cancer doctor first); the
    # probes' writer kept "chemotherapy" for chemotherapy alone
    "Getting radiotherapy to my head for a brain tumour": "radiotherapy raises the chemotherapy flag by design",
    "Currently having radiation therapy, 15 of 25 sessions done": "radiotherapy raises the chemotherapy flag by design",
    "Gale ke cancer ki radiation chal rahi hai aajkal": "radiotherapy raises the chemotherapy flag by design",
    "Shuaon wala ilaj (radiation) chal raha hai mera": "radiotherapy raises the chemotherapy flag by design",
    # a bald place that never regrows: the case sets label it no scarring sign (alopecia areata, late traction),
    # so it raises none
    "Ek jagah pe baal kabhi wapis nahi aaye, do saal ho gaye hain": "no regrowth alone is no scarring sign in the case sets",
    "This one spot has been bald for 3 years and never grew back even with injections": "no regrowth alone is no scarring sign in the case sets",
    # "6 mahine ka baby hai" is as often the mother's own story after a birth (shedding) as the baby's
    "6 mahine ka baby hai, peeche se saare baal ud gaye hain, takiye ki wajah se?": "a baby's age in months is the mother's story as often",
    # fast shedding is telogen effluvium as often as a red flag
    "My wife's hair is falling so fast you can see her whole scalp, it only started 2 weeks ago": "fast shedding alone is no red flag",
}


def _id(probe):
    return probe["text"][:60]


@pytest.mark.parametrize("probe", PROBES, ids=_id)
def test_probe(probe):
    check_probe(probe, KNOWN)


def test_the_known_misses_are_probes():
    assert set(KNOWN) <= {p["text"] for p in PROBES}
