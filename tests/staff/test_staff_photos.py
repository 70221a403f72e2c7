"""Patients' photos and documents on the intake page, and the route that serves them: logged-in staff only, only
the intake's own files, private headers, in the access log. Stored by the real bot.privacy.attachments into the
photo folder the running staff app reads (patient_files)."""
from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from staff_helpers import make_intake

from bot.privacy.attachments import store_attachment
from bot.store.staff_models import AccessLogEntry

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg(color=(180, 120, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), color).save(out, format="JPEG")
    return out.getvalue()


def stored(session_factory, patient_files, conversation_id: str, data: bytes, channel: str = "web") -> tuple[int, bytes]:
    """Stores like the channels do; returns the id and the bytes kept (re-encoded, so not `data`)."""
    kept = store_attachment(session_factory, Path(patient_files["photos"]), conversation_id=conversation_id,
                            channel=channel, data=data, allow_documents=True)
    return kept.id, data if kept.kind == "document" else None


def url(intake_id: int, attachment_id: int) -> str:
    return f"/staff/intakes/{intake_id}/attachments/{attachment_id}"


def test_an_anonymous_request_for_a_photo_is_refused(anonymous, session_factory, patient_files):
    intake_id = make_intake(session_factory, "conv-photo-anon")
    photo_id, _ = stored(session_factory, patient_files, "conv-photo-anon", jpeg())

    answer = anonymous.get(url(intake_id, photo_id))
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login")
    assert not answer.content.startswith(b"\xff\xd8")
    # a made-up cookie or bearer token is no better
    anonymous.http.cookies.set("skn_staff_session", "made-up", path="/staff")
    assert anonymous.get(url(intake_id, photo_id)).status_code == 303
    answer = anonymous.http.get(anonymous.base + url(intake_id, photo_id),
                                headers={"Authorization": "Bearer skn_staff_not-a-token"}, allow_redirects=False)
    assert answer.status_code in (303, 401) and not answer.content.startswith(b"\xff\xd8")


def test_staff_get_the_photo_with_private_headers_and_it_is_logged(bob, users, session_factory, patient_files):
    intake_id = make_intake(session_factory, "conv-photo")
    photo_id, _ = stored(session_factory, patient_files, "conv-photo", jpeg())

    answer = bob.get(url(intake_id, photo_id))
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert answer.headers["Content-Disposition"] == "inline"
    with Image.open(io.BytesIO(answer.content)) as image:
        assert image.format == "JPEG" and image.size == (48, 32)
    with session_factory() as session:
        entries = [(e.user_id, e.intake_id, e.action, e.detail) for e in session.execute(select(AccessLogEntry)).scalars()]
    assert entries == [(users["bob"].id, intake_id, "attachment", f"attachment #{photo_id}")]


def test_a_pdf_is_downloaded_not_shown(bob, session_factory, patient_files):
    intake_id = make_intake(session_factory, "conv-lab-report")
    document_id, data = stored(session_factory, patient_files, "conv-lab-report", PDF, channel="whatsapp")

    answer = bob.get(url(intake_id, document_id))
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="intake-{intake_id}-{document_id}.pdf"'


def test_another_intakes_photo_is_not_found(bob, session_factory, patient_files):
    mine = make_intake(session_factory, "conv-mine")
    theirs = make_intake(session_factory, "conv-theirs")
    their_photo, _ = stored(session_factory, patient_files, "conv-theirs", jpeg())

    for path in (url(mine, their_photo), url(mine, their_photo + 1000), url(theirs + 1000, their_photo)):
        answer = bob.get(path)
        assert answer.status_code == 404, path
        assert not answer.content.startswith(b"\xff\xd8")
    assert bob.get(url(theirs, their_photo)).status_code == 200


def test_a_photo_whose_file_was_erased_is_not_found(bob, session_factory, patient_files):
    intake_id = make_intake(session_factory, "conv-erased-file")
    photo_id, _ = stored(session_factory, patient_files, "conv-erased-file", jpeg())
    for path in Path(patient_files["photos"]).rglob("*.jpg"):
        path.unlink()
    assert bob.get(url(intake_id, photo_id)).status_code == 404


def test_the_intake_page_shows_the_photos_and_documents_oldest_first(bob, session_factory, patient_files):
    intake_id = make_intake(session_factory, "conv-page")
    first, _ = stored(session_factory, patient_files, "conv-page", jpeg((10, 20, 30)))
    document, _ = stored(session_factory, patient_files, "conv-page", PDF, channel="whatsapp")
    last, _ = stored(session_factory, patient_files, "conv-page", jpeg((200, 100, 50)))
    other = make_intake(session_factory, "conv-other-page")
    stored(session_factory, patient_files, "conv-other-page", jpeg((0, 200, 0)))

    page = bob.get(f"/staff/intakes/{intake_id}")
    assert page.status_code == 200
    assert "img-src 'self'" in page.headers["Content-Security-Policy"]
    section = page.text.split('id="attachments"')[1].split('id="transcript"')[0]
    assert re.findall(r'data-attachment-id="(\d+)"', section) == [str(first), str(document), str(last)]
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', section)
    assert [src for src, _ in images] == [url(intake_id, first), url(intake_id, last)]
    assert all(re.fullmatch(r"Scalp photo sent \d{4}-\d{2}-\d{2} \d{2}:\d{2}", alt) for _, alt in images)
    assert f'href="{url(intake_id, document)}" class="document">Document (PDF, 1 KB)' in section
    for src, _ in images:  # what the page points to is served
        assert bob.get(src).headers["Content-Type"] == "image/jpeg"

    empty = bob.get(f"/staff/intakes/{other + 0}").text
    assert "Scalp photo sent" in empty  # the other intake has its own photo...
    assert url(intake_id, first) not in empty  # ...and none of this one's


def test_an_intake_without_files_says_so(bob, session_factory):
    intake_id = make_intake(session_factory, "conv-no-files")
    assert "The patient sent no photos or documents." in bob.get(f"/staff/intakes/{intake_id}").text
