import datetime as dt

from sqlalchemy import func, select, update

from bot.intake.summary import build_summary
from bot.intake.records import load_summary, save_summary
from bot.store import Intake, find_intake
from bot.store.models import IntakeVersion

ASSESSMENT = {
    "likely_type": "telogen_effluvium",
    "probabilities": {"telogen_effluvium": 0.7, "androgenetic_alopecia": 0.2},
    "confidence": 0.65,
    "red_flags": [{"code": "scarring", "patient_text": "p", "staff_text": "s"}],
}


def _summary(conversation_id="conv-1", **slots):
    slots = {"first_name": "Sara", "age": 34, **slots}
    return build_summary(
        conversation_id, "socketio", slots, ASSESSMENT, False, True,
        dt.datetime(2026, 12, 7, 4, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 7, 4, 10, tzinfo=dt.timezone.utc),
    )


def test_save_summary_writes_key_columns(session_factory, session):
    intake_id = save_summary(session_factory, _summary())
    row = session.get(Intake, intake_id)
    assert (row.conversation_id, row.channel, row.first_name, row.age) == ("conv-1", "socketio", "Sara", 34)
    assert (row.likely_type, row.confidence) == ("telogen_effluvium", 0.65)
    assert (row.red_flag, row.contraindication, row.handoff, row.consent) == (True, False, False, True)
    assert row.review_status == "new"
    assert row.created_at.tzinfo is not None
    assert load_summary(session, "conv-1") == _summary()


def test_a_changed_save_keeps_what_staff_reviewed_as_an_earlier_version(session_factory):
    first = save_summary(session_factory, _summary())
    with session_factory() as s, s.begin():
        s.execute(update(Intake).values(review_status="reviewed"))
    second = save_summary(session_factory, _summary(age="skipped", first_name="skipped"))
    assert first == second
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(Intake)).scalar_one() == 1
        row = find_intake(s, "conv-1")
        assert (row.age, row.first_name, row.version) == (None, None, 2)
        assert row.review_status == "new", "a changed intake must come back to staff, not stay 'reviewed'"
        assert row.summary["answers"]["age"] == "skipped"
        versions = s.execute(select(IntakeVersion).where(IntakeVersion.intake_id == first)).scalars().all()
    assert [(v.version, v.review_status, v.summary["answers"]["age"]) for v in versions] == [(1, "reviewed", 34)]


def test_saving_the_same_answers_again_is_not_a_new_version(session_factory):
    first = save_summary(session_factory, _summary())
    with session_factory() as s, s.begin():
        s.execute(update(Intake).values(review_status="reviewed"))
    later = _summary()
    later.completed_at = later.completed_at + dt.timedelta(minutes=5)  # a retry, a moment later
    assert save_summary(session_factory, later) == first
    with session_factory() as s:
        row = find_intake(s, "conv-1")
        assert (row.version, row.review_status) == (1, "reviewed")
        assert s.execute(select(func.count()).select_from(IntakeVersion)).scalar_one() == 0


def test_other_conversations_get_their_own_rows(session_factory):
    assert save_summary(session_factory, _summary("a")) != save_summary(session_factory, _summary("b"))
    with session_factory() as s:
        assert find_intake(s, "missing") is None
        assert load_summary(s, "missing") is None
