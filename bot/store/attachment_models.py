"""Files a patient sent: scalp photos (widget or WhatsApp) and documents such as lab reports (WhatsApp).

A row says which conversation the file belongs to, where it came from, what it is and where it lies on disk
(<photo_dir>/<sha256(conversation_id)>/<file_name>, bot.privacy.conversation_files). Never the patient's words
and never the file's original name (it can carry a name or a date of birth). The file itself is private (0600)
and only the staff app serves it, behind login. Erasure and retention delete the row and the folder together."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String

from .models import Base, UTCDateTime, utcnow

PHOTO = "photo"
DOCUMENT = "document"
ATTACHMENT_KINDS = (PHOTO, DOCUMENT)


class Attachment(Base):
    __tablename__ = "attachments"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)  # the tracker's sender id; the intake has the same
    channel = Column(String(32), nullable=False)  # "web" or "whatsapp"
    kind = Column(String(16), nullable=False)  # PHOTO or DOCUMENT
    content_type = Column(String(64), nullable=False)  # as found in the content, not as the sender declared
    size_bytes = Column(Integer, nullable=False)  # of the stored file
    file_name = Column(String(80), nullable=False, unique=True)  # random, made by us
    sha256 = Column(String(64), nullable=False)  # of the stored file (the same photo sent twice is stored once)
    received_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_attachments_conversation_id", "conversation_id"),)
