"""The agreement report's arithmetic on a fixed set of intakes, against figures worked out by hand."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.staff.agreement import BadRange, Typed, compute, parse_range
from bot.staff.agreement_chart import rate_chart
from bot.staff.agreement_views import csv_rows

PKT = ZoneInfo("Asia/Karachi")
AGA, AA, TE, TA = "androgenetic_alopecia", "alopecia_areata", "telogen_effluvium", "traction_alopecia"


def _at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=PKT).astimezone(dt.timezone.utc)


FIXTURE = [
    # October (clinic time)
    Typed(_at(2026, 10, 3), AGA, AGA, False, None),  # agree
    Typed(_at(2026, 10, 9), AGA, TE, False, None),  # disagree
    Typed(_at(2026, 10, 20), "unclear", "tinea_capitis", False, None),  # disagree
    Typed(_at(2026, 10, 31, 23, 30), TE, None, True, "confirmed"),  # not typed; still October in Karachi
    # November: 00:30 on the 1st in Karachi is still 31 October in UTC
    Typed(_at(2026, 11, 1, 0, 30), AA, AA, True, "dismissed"),  # agree
    Typed(_at(2026, 11, 5), "unclear", "unclear", False, None),  # agree: "unclear" is its own row
    Typed(_at(2026, 11, 12), TA, "scarring_alopecia", True, None),  # disagree, flag not reviewed
    Typed(_at(2026, 11, 20), AGA, AGA, False, None),  # agree
]


@pytest.fixture
def report():
    return compute(FIXTURE)


def test_counts_and_overall_rate(report):
    assert (report.intakes, report.reviewed, report.agreed) == (8, 7, 4)
    assert report.agreement_rate == pytest.approx(4 / 7)


def test_per_type_precision_and_recall(report):
    by = {t.code: t for t in report.per_type}
    expected = {  # code: (bot said, staff said, both, precision, recall)
        AGA: (3, 2, 2, 2 / 3, 1.0),
        TE: (0, 1, 0, None, 0.0),
        "unclear": (2, 1, 1, 0.5, 1.0),
        AA: (1, 1, 1, 1.0, 1.0),
        TA: (1, 0, 0, 0.0, None),
        "tinea_capitis": (0, 1, 0, None, 0.0),
        "scarring_alopecia": (0, 1, 0, None, 0.0),
        "other": (0, 0, 0, None, None),
    }
    for code, (bot, staff, both, precision, recall) in expected.items():
        t = by[code]
        assert (t.bot_said, t.staff_said, t.agreed) == (bot, staff, both), code
        assert t.precision == (None if precision is None else pytest.approx(precision)), code
        assert t.recall == (None if recall is None else pytest.approx(recall)), code


def test_confusion_matrix(report):
    cells = {(b, s): report.cell(b, s) for b in report.bot_types for s in report.staff_types if report.cell(b, s)}
    assert cells == {(AGA, AGA): 2, (AGA, TE): 1, ("unclear", "tinea_capitis"): 1, (AA, AA): 1,
                     ("unclear", "unclear"): 1, (TA, "scarring_alopecia"): 1}
    assert report.bot_types[-1] == "unclear" and "tinea_capitis" not in report.bot_types
    assert {"tinea_capitis", "scarring_alopecia", "other", "unclear"} <= set(report.staff_types)
    matrix = report.to_json()["confusion"]["counts"]
    assert sum(map(sum, matrix)) == report.reviewed == 7


def test_red_flags_confirmed_or_dismissed(report):
    assert (report.red_flags_raised, report.red_flags_confirmed, report.red_flags_dismissed,
            report.red_flags_not_reviewed) == (3, 1, 1, 1)
    assert report.red_flags_confirmed_rate == 0.5


def test_months_in_clinic_time(report):
    assert [(p.label, p.reviewed, p.agreed, p.red_flags_confirmed, p.red_flags_dismissed) for p in report.periods] \
        == [("2026-10", 3, 1, 1, 0), ("2026-11", 4, 3, 0, 1)]
    assert report.periods[0].agreement_rate == pytest.approx(1 / 3)
    assert report.periods[1].agreement_rate == pytest.approx(3 / 4)


def test_nothing_typed_has_no_rate():
    empty = compute([Typed(_at(2026, 10, 3), AGA, None, False, None)])
    assert (empty.reviewed, empty.agreement_rate, empty.periods[0].agreement_rate) == (0, None, None)
    assert "none typed" in rate_chart(empty.periods)
    assert compute([]).to_json()["counts"] == {"intakes": 0, "reviewed": 0, "agreed": 0, "not_reviewed": 0}


def test_chart_bars_follow_the_rates(report):
    svg = str(rate_chart(report.periods))
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    assert 'data-period="2026-10" data-rate="0.3333"' in svg and 'data-period="2026-11" data-rate="0.7500"' in svg


def test_csv_rows_hold_the_same_figures(report):
    rows = list(csv_rows(report))
    assert ("overall", "all", "", "", 7, 4, "0.5714") in rows
    assert ("month", "2026-11", "", "", 4, 3, "0.7500") in rows
    assert ("confusion", "all", "Unclear", "Tinea capitis", 1, "", "") in rows
    assert ("bot_said_type", "all", "Androgenetic alopecia", "", 3, 2, "0.6667") in rows
    assert ("red_flags_confirmed", "all", "", "", 1, "", "0.5000") in rows
    assert not any("_" in str(cell) for row in rows for cell in row[2:4])  # types as words


def test_range_arguments():
    assert parse_range({"from": "2026-10-01", "to": "2026-10-31"}) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert parse_range({"from": ["2026-10-01"]}) == (dt.date(2026, 10, 1), None)
    assert parse_range({}) == (None, None)
    for bad in ({"from": "yesterday"}, {"to": "2026-13-01"}, {"from": "2026-11-02", "to": "2026-11-01"}):
        with pytest.raises(BadRange):
            parse_range(bad)
