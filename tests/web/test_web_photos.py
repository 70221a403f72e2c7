"""Scalp photos through the widget's channel (POST /webhooks/web/photo) against the real Rasa server: only with
consent and from the description question on, over Rasa's 1 MB body cap but not past 10 MB, checked by
content, stored without location data, limited per session, never for a page of another site."""
from __future__ import annotations

import io
import socket
import sqlite3
from urllib.parse import urlsplit

import jwt
import pytest
import yaml
from PIL import ExifTags, Image
from sqlalchemy.engine import make_url

from bot.privacy.attachments import refusal_message
from bot.privacy.conversation_files import photo_folder
from bot.services import ROOT
from tests.web.webclient import SECRET

pytestmark = pytest.mark.slow

GREET = {"payload": "/greet", "hidden": True}
YES = {"payload": '/inform{"choice":"yes"}', "title": "Yes, I agree"}
TEXTS = yaml.safe_load((ROOT / "bot" / "channels" / "web_photos.yml").read_text())
PLACE = "Model-Town-Lahore-Secret"


def sender_of(token: str) -> str:
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience="skn-web")["sub"]


def jpeg_with_gps(size: int = 1100, seed: int = 60) -> bytes:
    """A photo bigger than Rasa's 1 MB body cap (noise compresses badly), with GPS and a place in its EXIF."""
    image = Image.effect_noise((size, size), seed).convert("RGB")
    exif = image.getexif()
    exif[ExifTags.Base.ImageDescription] = PLACE
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 28.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=97)
    return out.getvalue()


def png(color=(200, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 30), color).save(out, format="PNG")
    return out.getvalue()


def message(client, token: str, **body) -> dict:
    status, reply, _ = client.call("POST", "/message", body, token=token)
    assert status == 200, (status, reply)
    return reply


def to_description(client) -> tuple[str, list[bool]]:
    """A new session walked to the description question; photos_allowed after each answer on the way."""
    token = client.session()
    allowed = []
    for body in (GREET, YES, {"text": "Ayesha"}, {"text": "34"}):
        reply = message(client, token, **body)
        allowed.append(reply["photos_allowed"])
    (female,) = [b for b in reply["messages"][-1]["buttons"] if b["title"] == "Female"]
    reply = message(client, token, payload=female["payload"], title="Female")
    assert "in your own words" in reply["messages"][-1]["text"].lower(), reply
    allowed.append(reply["photos_allowed"])
    return token, allowed


@pytest.fixture(scope="module")
def described(web_assistant, site_origin):
    from tests.web.webclient import WebClient

    token, allowed = to_description(WebClient(web_assistant.url, site_origin))
    return token, allowed


def attachment_rows(web_assistant, sender: str) -> list[tuple]:
    with sqlite3.connect(make_url(web_assistant.database_url).database) as db:
        return db.execute(
            "SELECT kind, content_type, channel, file_name FROM attachments WHERE conversation_id = ? ORDER BY id",
            (sender,),
        ).fetchall()


def test_photos_are_offered_from_the_description_question_on_and_refused_before(client, described):
    token, allowed = described
    assert allowed == [False, False, False, False, True]  # greeting, consent, name, age: no; description: yes
    status, body = client.upload(client.session(), png())
    assert status == 409 and body == {"error": "photos_not_allowed", "message": TEXTS["not_now"]}

    early = client.session()
    message(client, early, **GREET)
    status, body = client.upload(early, png())  # consent not given yet
    assert status == 409
    assert client.call("GET", "/history", token=early)[1]["photos_allowed"] is False
    assert client.call("GET", "/history", token=token)[1]["photos_allowed"] is True


def test_the_restored_transcript_says_where_a_photo_was_sent(client, web_assistant, site_origin):
    from tests.web.webclient import WebClient

    fresh = WebClient(web_assistant.url, site_origin)
    token, _ = to_description(fresh)
    assert fresh.upload(token, png())[0] == 201
    message(fresh, token, text="it is thin at the crown for a year")
    history = fresh.call("GET", "/history", token=token)[1]["messages"]
    photos = [i for i, m in enumerate(history) if m.get("photo")]
    asked = [i for i, m in enumerate(history) if "in your own words" in (m.get("text") or "").lower()]
    described = [i for i, m in enumerate(history) if m.get("text") == "it is thin at the crown for a year"]
    assert len(photos) == 1 and asked[0] < photos[0] < described[0], history
    assert set(history[photos[0]]) == {"from", "photo", "time"}, "nothing of the file leaves the server"


def test_a_photo_over_rasas_body_cap_is_kept_without_its_location(client, described, web_assistant, web_photo_dir):
    token, _ = described
    data = jpeg_with_gps()
    assert 1024 * 1024 < len(data) < 10 * 1024 * 1024 and PLACE.encode() in data

    status, body = client.upload(token, data, content_type="image/jpeg")
    assert status == 201, body
    assert body == {"messages": [{"text": TEXTS["stored"]}], "photos": 1}

    sender = sender_of(token)
    (row,) = attachment_rows(web_assistant, sender)
    assert row[:3] == ("photo", "image/jpeg", "web")
    stored = photo_folder(web_photo_dir, sender) / row[3]
    kept = stored.read_bytes()
    assert PLACE.encode() not in kept and b"Exif" not in kept
    with Image.open(stored) as image:
        assert dict(image.getexif()) == {} and image.size == (1100, 1100)
    assert oct(stored.stat().st_mode & 0o777) == "0o600"

    status, body = client.upload(token, data, content_type="image/jpeg")  # sent twice
    assert status == 201 and body["photos"] == 1 and body["messages"][0]["text"] == TEXTS["duplicate"]
    status, body = client.upload(token, png(), content_type="application/octet-stream")  # the type is not trusted
    assert status == 201 and body["photos"] == 2
    assert [r[1] for r in attachment_rows(web_assistant, sender)] == ["image/jpeg", "image/png"]

    # later questions still take photos, and the conversation goes on as before
    reply = message(client, token, text="My hair is thinning at the crown since the spring")
    assert reply["photos_allowed"] is True and reply["messages"]


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b"Hello, I am not a photo at all", "image/jpeg", 415, "not_allowed_type"),
        (b"%PDF-1.4 lab report", "application/pdf", 415, "not_allowed_type"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 500, "image/jpeg", 415, "unreadable"),
        (b"", "image/jpeg", 400, "empty"),
    ],
    ids=["text-declared-jpeg", "pdf", "broken-jpeg", "empty"],
)
def test_what_is_not_a_photo_is_refused_politely(client, described, data, content_type, status, code):
    token, _ = described
    got, body = client.upload(token, data, content_type=content_type)
    assert got == status and body == {"error": code, "message": refusal_message(code)}


def _raw_post(base_url: str, path: str, headers: dict[str, str], body_start: bytes) -> tuple[int, bytes]:
    """Sends a request's headers and only the start of its body; returns what the server answers."""
    url = urlsplit(base_url)
    head = f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(head.encode() + body_start)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def test_past_10_mb_is_refused_unread_and_other_routes_keep_their_cap(described, web_assistant, site_origin):
    token, _ = described
    auth = {"Authorization": f"Bearer {token}", "Origin": site_origin}
    status, body = _raw_post(web_assistant.url, "/webhooks/web/photo",
                             {**auth, "Content-Type": "image/jpeg", "Content-Length": str(11 * 1024 * 1024)},
                             b"\xff\xd8\xff" + b"\0" * 1000)
    assert status == 413 and b"too_large" in body
    # the chat messages still stop at RASA_MAX_BODY_BYTES (1 MB): only the photo route streams
    status, _ = _raw_post(web_assistant.url, "/webhooks/web/message",
                          {**auth, "Content-Type": "application/json", "Content-Length": str(2 * 1024 * 1024)},
                          b'{"text": "' + b"a" * 1000)
    assert status == 413


def test_no_session_no_photo_and_no_other_site(client, described):
    token, _ = described
    status, body = client.upload(None, png())
    assert status == 401 and body["error"] == "invalid_session"
    status, body = client.upload("not-a-token", png())
    assert status == 401
    status, body = client.upload(token, png(), origin="http://evil.example")
    assert status == 403 and body["error"] == "origin_not_allowed"
    status, _, headers = client.call("OPTIONS", "/photo")
    assert status == 204 and "Authorization" in headers["Access-Control-Allow-Headers"]


def test_uploads_are_limited_per_session(client):
    token, other = client.session(), client.session()
    statuses = [client.upload(token, png())[0] for _ in range(10)]  # tests/web/credentials.yml: 10 per window
    assert statuses == [409] * 10
    status, body, headers = client.call("POST", "/photo", token=token, raw=png(), content_type="image/png")
    assert status == 429 and body["error"] == "rate_limited" and body["message"] == TEXTS["too_many"]
    assert int(headers["Retry-After"]) > 60
    assert client.upload(other, png())[0] == 409  # another session is not affected


def test_the_log_names_the_sender_only_by_pseudonym(described, web_assistant):
    token, _ = described
    sender = sender_of(token)
    log = (web_assistant.settings.log_dir / "rasa.log").read_text(errors="replace")
    lines = [line for line in log.splitlines() if "web photo" in line]
    assert lines and not [line for line in lines if sender in line or PLACE in line]
