"""An intake the patient changed after it was saved shows its version, when the earlier one was saved, and the
earlier versions with their answers (page and API); an intake saved once shows none of this."""
from __future__ import annotations

import datetime as dt

from bot.staff.bench_data import summary
from bot.staff.labels import local
from bot.intake.records import save_summary
from bot.store.models import IntakeVersion, utcnow

from staff_helpers import make_intake


def test_a_changed_intake_shows_its_versions(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-versions", first_name="Sadia", slots={"description": "thinning"})
    assert bob.post(f"/staff/intakes/{intake_id}/review", {"status": "reviewed"}).status_code == 303
    # The patient comes back and changes the description; the assistant saves the intake again.
    assert save_summary(session_factory, summary("conv-versions", first_name="Sadia",
                                                 slots={"description": "patches, not thinning"})) == intake_id
    with session_factory() as session:
        first = session.query(IntakeVersion).filter_by(intake_id=intake_id).one()

    page = bob.get(f"/staff/intakes/{intake_id}").text
    saved_on = local(first.saved_at)
    assert "Version 2 — changed by the patient after it was saved on " + saved_on in page
    assert 'data-testid="version-1"' in page and "review then: Reviewed" in page
    earlier = page[page.index('id="versions"'):]
    assert "thinning" in earlier and "patches, not thinning" not in earlier  # the earlier answers
    assert "patches, not thinning" in page[:page.index('id="versions"')]  # the current ones above
    assert 'data-testid="review-status">New<' in page  # back to new: staff look again

    detail = bob.api("GET", f"/staff/api/intakes/{intake_id}").json()
    assert detail["version"] == 2 and detail["review_status"] == "new"
    assert [(v["version"], v["review_status"], v["summary"]["answers"]["description"])
            for v in detail["earlier_versions"]] == [(1, "reviewed", "thinning")]


def test_an_unchanged_intake_shows_no_versions(bob, session_factory):
    started = utcnow() - dt.timedelta(minutes=10)
    intake_id = make_intake(session_factory, "conv-once", first_name="Sadia", started_at=started)
    save_summary(session_factory, summary("conv-once", first_name="Sadia", started_at=started))  # a retry
    page = bob.get(f"/staff/intakes/{intake_id}").text
    assert "Version" not in page and 'id="versions"' not in page
    assert bob.api("GET", f"/staff/api/intakes/{intake_id}").json()["earlier_versions"] == []
