import datetime as dt

from sqlalchemy import func, select, update

from bot.intake.summary import build_summary
from bot.store import Intake, find_intake, load_summary, save_summary

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


def test_saving_twice_updates_the_same_row_and_keeps_review_status(session_factory):
    first = save_summary(session_factory, _summary())
    with session_factory() as s, s.begin():
        s.execute(update(Intake).values(review_status="reviewed"))
    second = save_summary(session_factory, _summary(age="skipped", first_name="skipped"))
    assert first == second
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(Intake)).scalar_one() == 1
        row = find_intake(s, "conv-1")
        assert (row.age, row.first_name, row.review_status) == (None, None, "reviewed")
        assert row.summary["answers"]["age"] == "skipped"


def test_other_conversations_get_their_own_rows(session_factory):
    assert save_summary(session_factory, _summary("a")) != save_summary(session_factory, _summary("b"))
    with session_factory() as s:
        assert find_intake(s, "missing") is None
        assert load_summary(s, "missing") is None
