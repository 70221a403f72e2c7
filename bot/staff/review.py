"""Review work on an intake: status, corrected type, hand-off done, notes. Each change is written with the
staff member taken from the login (never from the request body) and leaves a line in staff_review_events."""

from __future__ import annotations

from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.models import Intake, utcnow
from bot.store.staff_models import RED_FLAG_VERDICTS, REVIEW_STATUSES, IntakeReview, ReviewEvent, StaffNote

from .labels import CORRECTION_CODES

MAX_NOTE_LENGTH = 5000


class ReviewError(ValueError):
    """Bad input (400)."""


class NotFound(LookupError):
    """No such intake or note (404)."""


class NotYours(PermissionError):
    """Another staff member's note (403)."""


def _intake(session, intake_id: int) -> Intake:
    intake = session.get(Intake, intake_id)
    if intake is None:
        raise NotFound(f"no intake {intake_id}")
    return intake


def _review(session, intake_id: int) -> IntakeReview:
    review = session.get(IntakeReview, intake_id)
    if review is None:
        review = IntakeReview(intake_id=intake_id)
        session.add(review)
    return review


def _event(session, intake_id: int, user_id: int, action: str, old, new) -> None:
    session.add(
        ReviewEvent(
            intake_id=intake_id,
            user_id=user_id,
            action=action,
            old_value=None if old is None else str(old),
            new_value=None if new is None else str(new),
        )
    )


@storage_errors
def update_review(
    session_factory: SessionFactory,
    intake_id: int,
    user_id: int,
    *,
    status: str | None = None,
    corrected_type: str | None = None,
    clear_correction: bool = False,
    handoff_done: bool | None = None,
    red_flags_verdict: str | None = None,
) -> list:
    """Apply the given changes (None: leave as is). Returns the actions that changed something.

    A staff type equal to the bot's is recorded too: it is staff agreeing, which the agreement report counts."""
    if status is not None and status not in REVIEW_STATUSES:
        raise ReviewError(f"status: one of {', '.join(REVIEW_STATUSES)}")
    if corrected_type is not None and corrected_type not in CORRECTION_CODES:
        raise ReviewError(f"corrected_type: one of {', '.join(CORRECTION_CODES)}")
    if red_flags_verdict is not None and red_flags_verdict not in RED_FLAG_VERDICTS:
        raise ReviewError(f"red_flags_verdict: one of {', '.join(RED_FLAG_VERDICTS)}")
    changed = []
    now = utcnow()
    with write_session(session_factory) as session:
        intake = _intake(session, intake_id)
        review = _review(session, intake_id)
        if status is not None and status != intake.review_status:
            _event(session, intake_id, user_id, "status", intake.review_status, status)
            intake.review_status = status
            review.status_by, review.status_at = user_id, now
            changed.append("status")
        if clear_correction and review.corrected_type is not None:
            _event(session, intake_id, user_id, "type_correction", review.corrected_type, None)
            review.corrected_type = None
            review.corrected_by, review.corrected_at = user_id, now
            changed.append("type_correction")
        elif corrected_type is not None and corrected_type != review.corrected_type:
            _event(
                session,
                intake_id,
                user_id,
                "type_correction",
                review.corrected_type or intake.likely_type,
                corrected_type,
            )
            # The bot's answer as it stood when corrected: what the clinic measures the bot against.
            review.bot_type, review.bot_confidence = intake.likely_type, intake.confidence
            review.corrected_type = corrected_type
            review.corrected_by, review.corrected_at = user_id, now
            changed.append("type_correction")
        if handoff_done is not None and handoff_done != (review.handoff_done_at is not None):
            _event(session, intake_id, user_id, "handoff_done", None, "yes" if handoff_done else "no")
            review.handoff_done_at = now if handoff_done else None
            review.handoff_done_by = user_id if handoff_done else None
            changed.append("handoff_done")
        if red_flags_verdict is not None and red_flags_verdict != review.red_flags_verdict:
            if not intake.red_flag:
                raise ReviewError("red_flags_verdict: the bot raised no red flag on this intake")
            _event(session, intake_id, user_id, "red_flags", review.red_flags_verdict, red_flags_verdict)
            review.red_flags_verdict = red_flags_verdict
            review.red_flags_by, review.red_flags_at = user_id, now
            changed.append("red_flags")
    return changed


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ReviewError("a note needs some text")
    if len(body) > MAX_NOTE_LENGTH:
        raise ReviewError(f"a note has at most {MAX_NOTE_LENGTH} characters")
    return body


@storage_errors
def add_note(session_factory: SessionFactory, intake_id: int, author_id: int, body: str) -> int:
    body = _clean_body(body)
    with write_session(session_factory) as session:
        _intake(session, intake_id)
        note = StaffNote(intake_id=intake_id, author_id=author_id, body=body)
        session.add(note)
        session.flush()
        _event(session, intake_id, author_id, "note_added", None, note.id)
        return note.id


def _own_note(session, intake_id: int, note_id: int, user_id: int) -> StaffNote:
    note = session.get(StaffNote, note_id)
    if note is None or note.intake_id != intake_id or note.deleted_at is not None:
        raise NotFound(f"no note {note_id}")
    if note.author_id != user_id:
        raise NotYours("only the author may change a note")
    return note


@storage_errors
def edit_note(session_factory: SessionFactory, intake_id: int, note_id: int, user_id: int, body: str) -> None:
    body = _clean_body(body)
    with write_session(session_factory) as session:
        note = _own_note(session, intake_id, note_id, user_id)
        if note.body != body:
            _event(session, intake_id, user_id, "note_edited", note.body, body)
            note.body, note.updated_at = body, utcnow()


@storage_errors
def delete_note(session_factory: SessionFactory, intake_id: int, note_id: int, user_id: int) -> None:
    with write_session(session_factory) as session:
        note = _own_note(session, intake_id, note_id, user_id)
        note.deleted_at = utcnow()
        _event(session, intake_id, user_id, "note_deleted", note.body, None)
