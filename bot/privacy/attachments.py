"""Files a patient sends (scalp photos, and lab reports on WhatsApp): checked by their content, cleaned of
metadata, stored privately on disk with a row in `attachments`, and read back for the staff app.

What a file is comes from its bytes (magic numbers, then a full decode), never from the type the sender
declared or a file name. Photos are decoded and re-encoded, which drops every metadata block (EXIF with GPS,
XMP, comments, PNG text chunks): only pixels (and the colour profile) survive. HEIC becomes JPEG, which every
browser can show. PDFs are kept as sent, only where the channel allows documents."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pillow_heif
from PIL import Image, ImageOps
from sqlalchemy import select

from bot.messages import MessageFile
from bot.store.attachment_models import DOCUMENT, PHOTO, Attachment
from bot.store.db import SessionFactory, storage_errors, write_session

from .conversation_files import photo_folder

MAX_BYTES = 10 * 1024 * 1024
# Decoding costs 3-4 bytes of memory per pixel: 50 megapixels (~200 MB) is above any phone's usual photo
# and below Pillow's own bomb limit, so a small file that claims huge dimensions is refused before decoding.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90
MESSAGES = MessageFile(Path(__file__).with_name("attachments.yml"))

REFUSAL_CODES = ("too_large", "not_allowed_type", "unreadable", "empty")

pillow_heif.register_heif_opener()  # idempotent: teaches Image.open HEIC/HEIF (iPhone photos)

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


class AttachmentRefused(ValueError):
    """The file is not kept. `code` is one of REFUSAL_CODES; refusal_message(code) is the text for the patient."""

    def __init__(self, code: str):
        assert code in REFUSAL_CODES, code
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StoredAttachment:
    id: int
    kind: str  # PHOTO or DOCUMENT
    content_type: str  # of the stored file (a HEIC photo is stored as image/jpeg)
    size_bytes: int
    duplicate: bool  # the same file was already stored for this conversation: nothing new was written


@dataclass(frozen=True)
class _Cleaned:
    kind: str
    content_type: str
    extension: str
    data: bytes


def refusal_message(code: str, *, allow_documents: bool = False) -> str:
    """Polite words for the patient (bot/privacy/attachments.yml) for an AttachmentRefused code; pass the same
    allow_documents as to store_attachment so the patient hears which files are welcome."""
    if allow_documents and code == "not_allowed_type":
        return MESSAGES.text("documents.not_allowed_type")
    return MESSAGES.text(f"refused.{code}")


@storage_errors
def store_attachment(
    sessions: SessionFactory,
    photo_dir: Path,
    *,
    conversation_id: str,
    channel: str,
    data: bytes,
    declared_type: str | None = None,
    allow_documents: bool = False,
) -> StoredAttachment:
    """Check, clean and keep one file of a conversation. Raises AttachmentRefused (nothing kept) or
    StorageUnavailable. `declared_type` is what the sender said; it is deliberately not used to decide."""
    del declared_type  # accepted so callers can pass it; trusting it would let a renamed file through
    cleaned = _clean(data, allow_documents)
    digest = hashlib.sha256(cleaned.data).hexdigest()
    written: Path | None = None
    try:
        with write_session(sessions) as session:
            existing = session.execute(
                select(Attachment)
                .where(Attachment.conversation_id == conversation_id, Attachment.sha256 == digest)
                .order_by(Attachment.id)
                .limit(1)
            ).scalar_one_or_none()
            if existing is not None:
                return _stored(existing, duplicate=True)
            file_name = f"{secrets.token_hex(16)}.{cleaned.extension}"
            written = _write_private(photo_folder(photo_dir, conversation_id), file_name, cleaned.data)
            row = Attachment(
                conversation_id=conversation_id,
                channel=channel,
                kind=cleaned.kind,
                content_type=cleaned.content_type,
                size_bytes=len(cleaned.data),
                file_name=file_name,
                sha256=digest,
            )
            session.add(row)
            session.flush()
            stored = _stored(row, duplicate=False)
        return stored  # after the commit: a row is only reported once it is really there
    except BaseException:
        # Row and file together or neither: a failed insert or commit must not leave an orphan file behind.
        if written is not None:
            written.unlink(missing_ok=True)
        raise


@storage_errors
def list_attachments(sessions: SessionFactory, conversation_id: str) -> list[Attachment]:
    """A conversation's attachments, oldest first (detached rows, readable after the session)."""
    with sessions() as session:
        rows = session.execute(
            select(Attachment)
            .where(Attachment.conversation_id == conversation_id)
            .order_by(Attachment.received_at, Attachment.id)
        ).scalars()
        return list(rows)


@storage_errors
def read_attachment(
    sessions: SessionFactory, photo_dir: Path, attachment_id: int, conversation_id: str
) -> tuple[str, bytes] | None:
    """(content type, bytes) of one attachment, only if it belongs to `conversation_id`; None otherwise or
    when its file is gone (erased while the row was being read)."""
    with sessions() as session:
        row = session.execute(
            select(Attachment).where(Attachment.id == attachment_id, Attachment.conversation_id == conversation_id)
        ).scalar_one_or_none()
    if row is None:
        return None
    path = photo_folder(photo_dir, conversation_id) / Path(row.file_name).name
    try:
        return row.content_type, path.read_bytes()
    except FileNotFoundError:
        return None


def _stored(row: Attachment, *, duplicate: bool) -> StoredAttachment:
    return StoredAttachment(row.id, row.kind, row.content_type, row.size_bytes, duplicate)


# -- content checks ----------------------------------------------------------------------------------------------


def _clean(data: bytes, allow_documents: bool) -> _Cleaned:
    if not data:
        raise AttachmentRefused("empty")
    if len(data) > MAX_BYTES:  # before any decoding
        raise AttachmentRefused("too_large")
    if data.startswith(b"%PDF-"):
        if not allow_documents:
            raise AttachmentRefused("not_allowed_type")
        return _Cleaned(DOCUMENT, "application/pdf", "pdf", data)
    image_format = _image_format(data)
    if image_format is None:
        raise AttachmentRefused("not_allowed_type")
    return _clean_image(data, image_format)


def _image_format(data: bytes) -> str | None:
    """The Pillow format name the magic bytes claim, or None for anything we do not accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    # ISO base media file: a box size, then "ftyp" and the major brand
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def _clean_image(data: bytes, image_format: str) -> _Cleaned:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit: treat it as the bomb it may be.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AttachmentRefused("too_large")
                image.load()  # the full decode: a truncated or corrupt file fails here
                return _reencode(image, image_format)
    except AttachmentRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AttachmentRefused("too_large") from None
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError, MemoryError, Image.UnidentifiedImageError):
        # Pillow reports broken content with any of these (SyntaxError for bad PNG chunks, ValueError for
        # bad HEIF boxes). The details can echo file content, so none are kept.
        raise AttachmentRefused("unreadable") from None


def _reencode(image: Image.Image, image_format: str) -> _Cleaned:
    """Pixels only: a new file with no EXIF (GPS, device, dates), XMP, comments or text chunks. The ICC colour
    profile is kept so the scalp's colours look the same to the dermatologist."""
    icc = image.info.get("icc_profile")
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    if image_format == "PNG":
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        clean = image.convert("RGBA" if has_alpha else "RGB")
        clean.info = {}
        clean.save(out, format="PNG", optimize=False, **options)
        return _Cleaned(PHOTO, "image/png", "png", out.getvalue())
    # JPEG and HEIC: turn the pixels as the camera's orientation says first, since that tag goes with the EXIF
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.info = {}
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, **options)
    return _Cleaned(PHOTO, "image/jpeg", "jpg", out.getvalue())


def _write_private(folder: Path, file_name: str, data: bytes) -> Path:
    """Write atomically (temporary file, then rename) into the conversation's 0700 folder, as a 0600 file."""
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.mkdir(exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    final = folder / file_name
    temporary = folder / f".{file_name}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return final
