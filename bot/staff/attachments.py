"""The photos and documents a patient sent, on their intake's page: the list for detail.html and the route that
serves one file (GET /staff/intakes/<id>/attachments/<attachment_id>), only for a logged-in staff member (the
app's default-deny middleware) and only when the file belongs to that intake's conversation."""

from __future__ import annotations

from sanic import response
from sanic.exceptions import NotFound

from bot.privacy.attachments import list_attachments, read_attachment
from bot.store.attachment_models import Attachment
from bot.store.db import SessionFactory
from bot.store.models import Intake

from . import access_log

PDF = "application/pdf"


def for_intake(sessions: SessionFactory, conversation_id: str) -> list[Attachment]:
    """Oldest first, so the newest is last, next to the end of the transcript."""
    return list_attachments(sessions, conversation_id)


def _conversation_of(sessions: SessionFactory, intake_id: int) -> str | None:
    with sessions() as session:
        intake = session.get(Intake, intake_id)
        return intake.conversation_id if intake is not None else None


async def attachment_file(request, intake_id: int, attachment_id: int):
    app = request.app
    conversation_id = _conversation_of(app.ctx.db, intake_id)
    found = (
        read_attachment(app.ctx.db, app.ctx.settings.photo_dir, attachment_id, conversation_id)
        if conversation_id
        else None
    )
    if found is None:  # no such intake or file, or one of another patient's conversation: all the same 404
        raise NotFound("Not found.")
    content_type, data = found
    access_log.record(
        app.ctx.db, request.ctx.principal.user_id, "attachment", intake_id, detail=f"attachment #{attachment_id}"
    )
    if content_type == PDF:
        # downloaded, never shown inside the staff app's pages (a PDF can carry scripts and links)
        disposition = f'attachment; filename="intake-{intake_id}-{attachment_id}.pdf"'
    else:
        disposition = "inline"
    return response.raw(
        data,
        content_type=content_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Disposition": disposition,
        },
    )
