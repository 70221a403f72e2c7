"""Storing patients' photos and documents: checked by content, cleaned of metadata, private on disk, one row
per file (bot.privacy.attachments), on SQLite and PostgreSQL (tests/conftest.py's session_factory)."""

from __future__ import annotations

import io
import stat
import struct
import zlib

import pillow_heif
import pytest
from PIL import ExifTags, Image, PngImagePlugin
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.privacy import attachments
from bot.privacy.attachments import (
    MAX_BYTES,
    AttachmentRefused,
    list_attachments,
    read_attachment,
    refusal_message,
    store_attachment,
)
from bot.privacy.conversation_files import photo_folder
from bot.store.attachment_models import Attachment

CONVERSATION = "web-3f2a9c"
PLACE = "Lahore-Gulberg-Secret-Place"  # words only the metadata of the fixtures contain


def _photo(size=(40, 20)) -> Image.Image:
    image = Image.new("RGB", size, (190, 140, 120))
    image.paste((60, 40, 30), (0, 0, size[0] // 2, size[1] // 4))  # so turning it shows
    return image


def jpeg_with_gps(orientation: int = 6) -> bytes:
    image = _photo()
    exif = image.getexif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = PLACE
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 30.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (74.0, 20.0, 24.0),
    }
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description about="{PLACE}"/></x:xmpmeta>'.encode()
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, xmp=xmp, comment=PLACE, quality=95)
    data = out.getvalue()
    # the fixture really carries what must go: GPS, XMP and a comment
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert data.count(PLACE.encode()) == 3
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", PLACE)
    info.add_text("Comment", PLACE, zip=True)
    out = io.BytesIO()
    _photo().save(out, format="PNG", pnginfo=info)
    with Image.open(io.BytesIO(out.getvalue())) as check:
        assert check.text["Location"] == PLACE
    return out.getvalue()


def heic() -> bytes:
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    _photo((64, 48)).save(out, format="HEIF", quality=90)
    assert out.getvalue()[4:12] == b"ftypheic"
    return out.getvalue()


def noisy_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height`: a few bytes that would decode to gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def photo_dir(tmp_path):
    return tmp_path / "photos"


def store(session_factory, photo_dir, data: bytes, conversation_id: str = CONVERSATION, **kwargs):
    return store_attachment(
        session_factory, photo_dir, conversation_id=conversation_id, channel="web", data=data, **kwargs
    )


def stored_files(photo_dir, conversation_id: str = CONVERSATION) -> list:
    folder = photo_folder(photo_dir, conversation_id)
    return sorted(folder.iterdir()) if folder.exists() else []


def rows(session_factory) -> int:
    with session_factory() as session:
        return session.execute(select(func.count()).select_from(Attachment)).scalar_one()


def test_a_jpeg_comes_back_upright_and_without_gps_exif_xmp_or_comment(session_factory, photo_dir):
    stored = store(session_factory, photo_dir, jpeg_with_gps(), declared_type="image/jpeg")

    assert (stored.kind, stored.content_type, stored.duplicate) == ("photo", "image/jpeg", False)
    content_type, data = read_attachment(session_factory, photo_dir, stored.id, CONVERSATION)
    assert content_type == "image/jpeg" and len(data) == stored.size_bytes
    (path,) = stored_files(photo_dir)
    assert path.read_bytes() == data and path.suffix == ".jpg"
    assert PLACE.encode() not in data and b"Exif" not in data and b"adobe:ns:meta" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info and "xmp" not in image.info
        assert image.size == (20, 40)  # orientation 6 applied to the pixels, since the tag is gone


def test_a_png_comes_back_without_its_text_chunks(session_factory, photo_dir):
    stored = store(session_factory, photo_dir, png_with_text(), declared_type="image/jpeg")  # declared wrongly

    assert stored.content_type == "image/png"
    _, data = read_attachment(session_factory, photo_dir, stored.id, CONVERSATION)
    assert PLACE.encode() not in data and b"tEXt" not in data and b"zTXt" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (40, 20) and not getattr(image, "text", {})
        assert image.getpixel((1, 1)) == (60, 40, 30)


def test_a_heic_photo_is_stored_as_jpeg(session_factory, photo_dir):
    stored = store(session_factory, photo_dir, heic(), declared_type="image/heic")

    assert (stored.kind, stored.content_type) == ("photo", "image/jpeg")
    (path,) = stored_files(photo_dir)
    assert path.suffix == ".jpg"
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (64, 48)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"My name is Sara, this is not a photo", "not_allowed_type", id="text-declared-jpeg"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"GIF89a" + b"\0" * 100, "not_allowed_type", id="gif"),
        pytest.param(b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024), "too_large", id="11MB"),
        pytest.param(png_header_only(100_000, 100_000), "too_large", id="bomb-beyond-pillow-limit"),
        pytest.param(noisy_jpeg()[:3000], "unreadable", id="truncated-jpeg"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "unreadable", id="broken-png"),
        pytest.param(b"\0\0\0\x18ftypheic" + b"\0" * 40, "unreadable", id="broken-heic"),
        pytest.param(PDF, "not_allowed_type", id="pdf-without-documents"),
    ],
)
def test_refused_files_leave_nothing_behind(session_factory, photo_dir, data, code):
    with pytest.raises(AttachmentRefused) as refused:
        store(session_factory, photo_dir, data, declared_type="image/jpeg")

    assert refused.value.code == code
    assert refusal_message(code).startswith(("I'm sorry", "That file"))
    assert "PDF" in refusal_message("not_allowed_type", allow_documents=True)
    assert "PDF" not in refusal_message("not_allowed_type")
    assert stored_files(photo_dir) == [] and rows(session_factory) == 0


def test_a_decompression_bomb_within_pillows_limit_is_refused_by_ours(session_factory, photo_dir):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # 64 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000

    with pytest.raises(AttachmentRefused) as refused:
        store(session_factory, photo_dir, out.getvalue())
    assert refused.value.code == "too_large"


def test_exactly_the_limit_is_not_refused_for_its_size():
    assert len(b"\xff\xd8\xff" + b"\0" * (MAX_BYTES - 3)) == MAX_BYTES
    with pytest.raises(AttachmentRefused) as refused:
        attachments._clean(b"\xff\xd8\xff" + b"\0" * (MAX_BYTES - 3), allow_documents=False)
    assert refused.value.code == "unreadable"  # decoded (and found broken), not refused as too large


def test_a_pdf_is_kept_as_sent_where_documents_are_allowed(session_factory, photo_dir):
    stored = store(session_factory, photo_dir, PDF, allow_documents=True, declared_type="image/jpeg")

    assert (stored.kind, stored.content_type, stored.size_bytes) == ("document", "application/pdf", len(PDF))
    assert read_attachment(session_factory, photo_dir, stored.id, CONVERSATION) == ("application/pdf", PDF)
    assert stored_files(photo_dir)[0].suffix == ".pdf"


def test_the_same_photo_twice_is_stored_once_per_conversation(session_factory, photo_dir):
    data = jpeg_with_gps()
    first = store(session_factory, photo_dir, data)
    again = store(session_factory, photo_dir, data)
    elsewhere = store(session_factory, photo_dir, data, conversation_id="another-patient")

    assert not first.duplicate and again.duplicate and again.id == first.id
    assert not elsewhere.duplicate and elsewhere.id != first.id
    assert len(stored_files(photo_dir)) == 1 and rows(session_factory) == 2
    assert [a.id for a in list_attachments(session_factory, CONVERSATION)] == [first.id]


def test_files_are_private_and_written_whole(session_factory, photo_dir):
    store(session_factory, photo_dir, jpeg_with_gps())
    store(session_factory, photo_dir, png_with_text())

    folder = photo_folder(photo_dir, CONVERSATION)
    assert CONVERSATION not in str(folder)  # the folder is named by a hash, not by the channel's id
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(photo_dir.stat().st_mode) == 0o700
    files = stored_files(photo_dir)
    assert len(files) == 2
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert not [p for p in files if p.name.startswith(".")]  # no temporary file left


def test_attachments_are_listed_oldest_first_and_read_only_through_their_conversation(session_factory, photo_dir):
    photo = store(session_factory, photo_dir, jpeg_with_gps())
    document = store(session_factory, photo_dir, PDF, allow_documents=True)
    other = store(session_factory, photo_dir, png_with_text(), conversation_id="another-patient")

    listed = list_attachments(session_factory, CONVERSATION)
    assert [(a.id, a.kind, a.channel) for a in listed] == [(photo.id, "photo", "web"), (document.id, "document", "web")]
    assert listed[0].received_at is not None and len(listed[0].sha256) == 64
    assert read_attachment(session_factory, photo_dir, other.id, CONVERSATION) is None
    assert read_attachment(session_factory, photo_dir, 999_999, CONVERSATION) is None
    assert read_attachment(session_factory, photo_dir, other.id, "another-patient")[0] == "image/png"


def test_a_photo_erased_from_disk_reads_as_gone(session_factory, photo_dir):
    stored = store(session_factory, photo_dir, jpeg_with_gps())
    for path in stored_files(photo_dir):
        path.unlink()
    assert read_attachment(session_factory, photo_dir, stored.id, CONVERSATION) is None


def test_when_the_row_cannot_be_written_the_file_is_removed(session_factory, photo_dir, monkeypatch):
    taken = "a" * 32
    with session_factory() as session, session.begin():
        session.add(
            Attachment(
                conversation_id="another-patient",
                channel="web",
                kind="photo",
                content_type="image/jpeg",
                size_bytes=1,
                file_name=f"{taken}.jpg",
                sha256="0" * 64,
            )
        )
    monkeypatch.setattr(attachments.secrets, "token_hex", lambda _n: taken)  # the insert breaks file_name's UNIQUE

    with pytest.raises(IntegrityError):
        store(session_factory, photo_dir, jpeg_with_gps())
    assert stored_files(photo_dir) == [] and rows(session_factory) == 1
