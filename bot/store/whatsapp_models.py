"""The WhatsApp channel's own records (bot.channels.whatsapp): which messages came in and whether they were
answered, what each sender was last offered, replies waiting to be sent, and delivery statuses.

Patient words are kept only while needed: an inbound row holds its message until it is answered, then the
body is blanked; an outbox row holds a reply until it is sent, then it is deleted. The other tables hold ids,
states, times and bot-made choices only. Every row names its conversation, so erasure and retention find it."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Text

from .models import Base, UTCDateTime, utcnow

RECEIVED = "received"  # acknowledged to Meta, not answered yet (processed again after a restart)
ANSWERED = "answered"  # the conversation has it; its replies are sent or in the outbox
STALE = "stale"  # arrived too late to be answered as new (see bot.channels.whatsapp.inbound)
INBOUND_STATES = (RECEIVED, ANSWERED, STALE)


class WhatsAppInbound(Base):
    """One row per WhatsApp message id: the persisted dedupe (Meta redelivers for days)."""

    __tablename__ = "whatsapp_inbound"

    id = Column(Integer, primary_key=True)
    message_id = Column(String(256), nullable=False, unique=True)
    conversation_id = Column(String(128), nullable=False)
    state = Column(String(16), nullable=False, default=RECEIVED)
    body = Column(Text)  # the parsed message (JSON) until answered, then NULL
    sent_at = Column(UTCDateTime, nullable=False)  # the message's own time (Meta's timestamp)
    received_at = Column(UTCDateTime, nullable=False, default=utcnow)
    answered_at = Column(UTCDateTime)

    __table_args__ = (
        Index("ix_whatsapp_inbound_state", "state"),
        Index("ix_whatsapp_inbound_conversation_id", "conversation_id"),
    )


class WhatsAppSender(Base):
    """Per conversation: where to send (phone digits or business-scoped user id), when the patient last wrote
    (the 24-hour window) and the numbered choices last offered (a reply "3" means the third)."""

    __tablename__ = "whatsapp_senders"

    conversation_id = Column(String(128), primary_key=True)
    recipient = Column(String(160), nullable=False)
    recipient_is_phone = Column(Integer, nullable=False, default=1)
    last_inbound_at = Column(UTCDateTime)
    choices = Column(Text)  # JSON list of button payloads offered by number, or NULL
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)


class WhatsAppOutbox(Base):
    """A reply not sent yet (Graph API down or rate-limited): deleted once sent or given up."""

    __tablename__ = "whatsapp_outbox"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    body = Column(Text, nullable=False)  # the Graph API message body (JSON) without the recipient
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_status = Column(Integer)  # HTTP status of the last failed attempt
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        Index("ix_whatsapp_outbox_conversation_id", "conversation_id"),
        Index("ix_whatsapp_outbox_next_attempt_at", "next_attempt_at"),
    )


class WhatsAppStatus(Base):
    """A delivery status (sent, delivered, read, failed) of one of our messages, or a reaction (no emoji)."""

    __tablename__ = "whatsapp_statuses"

    id = Column(Integer, primary_key=True)
    message_id = Column(String(256), nullable=False)
    conversation_id = Column(String(128), nullable=False)
    status = Column(String(16), nullable=False)
    at = Column(UTCDateTime, nullable=False)
    error_code = Column(Integer)

    __table_args__ = (
        Index("ix_whatsapp_statuses_conversation_id", "conversation_id"),
        Index("ix_whatsapp_statuses_message_id", "message_id"),
    )


WHATSAPP_TABLES = (WhatsAppInbound, WhatsAppSender, WhatsAppOutbox, WhatsAppStatus)
