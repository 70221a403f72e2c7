"""The agreement report through the running staff app: review work recorded by staff (types, red-flag verdicts)
shows up in the API, the page and the CSV; bad ranges and bad review input are refused."""
from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import requests
from sqlalchemy import update

from bot.staff.accounts import create_token
from bot.store.db import write_session
from bot.store.models import Intake

from staff_helpers import make_intake

PKT = ZoneInfo("Asia/Karachi")
AGA, AA, TE = "androgenetic_alopecia", "alopecia_areata", "telogen_effluvium"


def _seed(session_factory, client):
    """Five intakes over two months; staff type four of them and give verdicts on two red flags."""
    plan = [  # (conversation, bot type, red flag, staff type, verdict, clinic-local day)
        ("a-1", AGA, False, AGA, None, dt.date(2026, 9, 10)),
        ("a-2", AGA, True, TE, "confirmed", dt.date(2026, 9, 30)),
        ("a-3", "unclear", False, "tinea_capitis", None, dt.date(2026, 10, 1)),
        ("a-4", AA, True, AA, "dismissed", dt.date(2026, 10, 15)),
        ("a-5", TE, True, None, None, dt.date(2026, 10, 20)),
    ]
    ids = {}
    for cid, bot, flag, staff, verdict, day in plan:
        ids[cid] = make_intake(session_factory, cid, likely=bot, red_flag=flag)
        with write_session(session_factory) as session:
            when = dt.datetime.combine(day, dt.time(23, 30), PKT)  # late evening: the UTC date is the same day
            session.execute(update(Intake).where(Intake.id == ids[cid]).values(created_at=when))
        body = {k: v for k, v in (("corrected_type", staff), ("red_flags_verdict", verdict)) if v}
        if body:
            answer = client.api("POST", f"/staff/api/intakes/{ids[cid]}/review", body)
            assert answer.status_code == 200, answer.text
    return ids


def test_api_figures(bob, session_factory):
    _seed(session_factory, bob)
    answer = bob.api("GET", "/staff/api/agreement")
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["counts"] == {"intakes": 5, "reviewed": 4, "agreed": 2, "not_reviewed": 1}
    assert data["agreement_rate"] == 0.5
    per_type = {t["type"]: t for t in data["per_type"]}
    assert (per_type[AGA]["bot_said"], per_type[AGA]["agreed"], per_type[AGA]["precision"]) == (2, 1, 0.5)
    assert (per_type[TE]["staff_said"], per_type[TE]["recall"]) == (1, 0.0)
    assert per_type["tinea_capitis"]["label"] == "Tinea capitis"
    matrix = data["confusion"]
    cell = lambda b, s: matrix["counts"][matrix["bot_types"].index(b)][matrix["staff_types"].index(s)]  # noqa: E731
    assert (cell(AGA, AGA), cell(AGA, TE), cell("unclear", "tinea_capitis"), cell(AA, AA)) == (1, 1, 1, 1)
    assert data["red_flags"] == {"raised": 3, "confirmed": 1, "dismissed": 1, "not_reviewed": 1,
                                 "confirmed_rate": 0.5}
    assert [(p["period"], p["reviewed"], p["agreed"]) for p in data["over_time"]] == [
        ("2026-09", 2, 1), ("2026-10", 2, 1)]


def test_range_filters_by_clinic_date(bob, session_factory):
    _seed(session_factory, bob)
    data = bob.api("GET", "/staff/api/agreement", params={"from": "2026-10-01", "to": "2026-10-15"}).json()
    assert (data["from"], data["to"], data["counts"]["intakes"], data["counts"]["agreed"]) == (
        "2026-10-01", "2026-10-15", 2, 1)
    assert bob.api("GET", "/staff/api/agreement", params={"from": "2026-12-01"}).json()["agreement_rate"] is None


def test_the_bots_type_is_kept_from_when_staff_typed_it(bob, session_factory):
    intake_id = make_intake(session_factory, "a-kept", likely=AGA)
    assert bob.api("POST", f"/staff/api/intakes/{intake_id}/review", {"corrected_type": AGA}).status_code == 200
    with write_session(session_factory) as session:  # the summary saved again later with another type
        session.execute(update(Intake).where(Intake.id == intake_id).values(likely_type=TE))
    data = bob.api("GET", "/staff/api/agreement").json()
    assert (data["counts"]["agreed"], data["agreement_rate"]) == (1, 1.0)


def test_refusals(bob, anonymous, staff_server, users, session_factory):
    for params in ({"from": "last week"}, {"to": "2026-02-30"}, {"from": "2026-10-02", "to": "2026-10-01"}):
        for path in ("/staff/api/agreement", "/staff/agreement.csv", "/staff/agreement"):
            answer = bob.get(path, params=params)
            assert answer.status_code == 400, (path, params, answer.status_code)
            assert "YYYY-MM-DD" in answer.text or "on or before" in answer.text
    for path in ("/staff/api/agreement", "/staff/agreement.csv", "/staff/agreement"):
        assert anonymous.get(path).status_code in (401, 303)
    intake_id = make_intake(session_factory, "a-noflag", likely=AGA)
    review = f"/staff/api/intakes/{intake_id}/review"
    for body, words in (({"corrected_type": "ringworm"}, "corrected_type"),
                        ({"red_flags_verdict": "maybe"}, "red_flags_verdict"),
                        ({"red_flags_verdict": "confirmed"}, "no red flag")):
        answer = bob.api("POST", review, body)
        assert answer.status_code == 400 and words in answer.json()["error"], answer.text
    assert bob.api("POST", review, {"corrected_type": "other"}, csrf=False).status_code == 403  # no CSRF token
    assert bob.api("POST", "/staff/api/intakes/999999/review", {"corrected_type": "other"}).status_code == 404


def test_api_token_and_staff_only_types(staff_server, users, session_factory, bob):
    ids = {t: make_intake(session_factory, f"a-{t}", likely="unclear")
           for t in ("tinea_capitis", "scarring_alopecia", "other")}
    for code, intake_id in ids.items():
        assert bob.api("POST", f"/staff/api/intakes/{intake_id}/review", {"corrected_type": code}).status_code == 200
        assert bob.api("GET", f"/staff/api/intakes/{intake_id}").json()["likely_type"]["corrected"] == code
    _, token = create_token(session_factory, "bob", "report script")
    answer = requests.get(staff_server.url + "/staff/api/agreement", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["counts"]["reviewed"] == 3
    page = bob.get("/staff/intakes/" + str(ids["other"])).text
    assert "Other type" in page and "Scarring alopecia" in page and "Tinea capitis" in page


def test_page_and_csv(bob, session_factory):
    _seed(session_factory, bob)
    page = bob.get("/staff/agreement", params={"from": "2026-09-01"})
    assert page.status_code == 200
    html = page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and html.count('class="bar"') == 2
    assert 'data-testid="agreement-rate"><strong>50%' in html
    assert 'data-bot="unclear" data-staff="tinea_capitis">1<' in html
    assert "androgenetic_alopecia<" not in html and "Tinea capitis" in html  # words, not codes
    assert 'href="/staff/agreement">Agreement</a>' in html  # in the navigation
    exported = bob.get("/staff/agreement.csv", params={"from": "2026-09-01"})
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    overall = next(r for r in rows if r["figure"] == "overall")
    assert (overall["count"], overall["agreed"], overall["rate"]) == ("4", "2", "0.5000")
    assert {r["period"] for r in rows if r["figure"] == "month"} == {"2026-09", "2026-10"}
