"""A patient's confirmed "delete my data": one open request per conversation, which staff carry out
(bot.privacy.erasure.carry_out_request). The request holds the conversation id and channel, nothing else."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.privacy_models import ERASURE_OPEN, ErasureRequest


@storage_errors
def request_erasure(sessions: SessionFactory, conversation_id: str, channel: str) -> ErasureRequest:
    """Records the request, or returns the open one this conversation already has (asking twice is one
    request). Raises StorageUnavailable."""
    with write_session(sessions) as session:
        existing = (
            session.execute(
                select(ErasureRequest)
                .where(ErasureRequest.conversation_id == conversation_id, ErasureRequest.status == ERASURE_OPEN)
                .order_by(ErasureRequest.id)
            )
            .scalars()
            .first()
        )
        if existing is not None:
            return existing
        request = ErasureRequest(conversation_id=conversation_id, channel=(channel or "unknown")[:32])
        session.add(request)
        session.flush()
        return request
