"""The widget in a real browser (Debian's chromium via playwright-core) against the real assistant."""
from __future__ import annotations

import pytest

from tests.web.webclient import bot_says

pytestmark = pytest.mark.slow


def test_a_patient_completes_the_intake_across_a_reload_and_two_pages(site, run_browser_script):
    out = run_browser_script("intake", SITE_URL=site.url, timeout=300,
                             SUMMARY_HEADER=bot_says("confirm", "header", name="Sara"),
                             DONE_TEXT=bot_says("confirm", "done", name="Sara"))
    assert "ok - after confirming, the answers are noted" in out
    assert "ok - the patient reaches the booking confirmation with a reference code" in out


def test_a_forged_or_tampered_session_sees_nothing_of_another_patient(site, run_browser_script):
    run_browser_script("isolation", SITE_URL=site.url)


def test_a_page_of_a_site_not_allowed_cannot_use_the_channel(other_site, web_assistant, run_browser_script):
    run_browser_script("origin", OTHER_SITE_URL=other_site.url, SERVER_URL=web_assistant.url)


def test_patient_and_bot_text_is_shown_as_text(site, run_browser_script):
    run_browser_script("xss", SITE_URL=site.url)


def test_the_open_widget_is_accessible(site, run_browser_script):
    run_browser_script("a11y", SITE_URL=site.url)


def test_a_slow_reply_is_announced_and_a_retry_is_answered_once(site, run_browser_script):
    out = run_browser_script("slow_reply", SITE_URL=site.url, timeout=180)
    assert "ok - the message was answered once, not twice" in out
    assert "ok - the first new message is in view from its start" in out


def test_a_patient_on_a_phone_who_only_types_reaches_a_booking(site, run_browser_script):
    out = run_browser_script("typed_phone", SITE_URL=site.url, timeout=300)
    assert "ok - the patient who only types reaches a booking with a reference" in out
    assert "ok - the first message of the result is in view from its start" in out
    assert "ok - the page does not scroll sideways on a phone" in out


def test_a_patient_adds_a_scalp_photo_and_only_staff_see_it(site, run_browser_script, web_assistant, web_photo_dir,
                                                            tmp_path):
    """The widget's photo upload end to end: the stored photo has no EXIF, the staff intake page shows it, and
    an anonymous request for it is refused."""
    import io
    import re
    import sqlite3

    import jwt
    import yaml
    from PIL import ExifTags, Image
    from sqlalchemy.engine import make_url

    from bot.privacy.conversation_files import photo_folder
    from bot.services import ROOT
    from bot.staff.accounts import create_user
    from bot.store import make_engine, session_factory
    from tests.staff.staff_helpers import PASSWORD, Client, StaffServer
    from tests.web.webclient import SECRET

    image = Image.effect_noise((640, 480), 50).convert("RGB")
    exif = image.getexif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 31.0, 5.0)}
    photo = tmp_path / "scalp.jpg"
    image.save(photo, format="JPEG", exif=exif)
    with Image.open(photo) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the photo really carries a location

    ack = yaml.safe_load((ROOT / "bot" / "channels" / "web_photos.yml").read_text())["stored"]
    out = run_browser_script("photo", SITE_URL=site.url, PHOTO_PATH=str(photo), PHOTO_ACK=ack, timeout=300,
                             DONE_TEXT=bot_says("confirm", "done", name="Sara"))
    assert "ok - the patient sees her photo as a thumbnail" in out
    assert "ok - no photo button while the bot asks: What's your first name?"[:40] in out
    token = re.search(r"^TOKEN=(\S+)$", out, re.MULTILINE).group(1)
    sender = jwt.decode(token, SECRET, algorithms=["HS256"], audience="skn-web")["sub"]

    with sqlite3.connect(make_url(web_assistant.database_url).database) as db:
        (attachment_id, file_name), = db.execute(
            "SELECT id, file_name FROM attachments WHERE conversation_id = ?", (sender,)).fetchall()
        (intake_id,), = db.execute("SELECT id FROM intakes WHERE conversation_id = ?", (sender,)).fetchall()
    kept = (photo_folder(web_photo_dir, sender) / file_name).read_bytes()
    with Image.open(io.BytesIO(kept)) as stored:
        assert dict(stored.getexif()) == {} and stored.size == (640, 480)

    engine = make_engine(web_assistant.database_url)
    try:
        create_user(session_factory(engine), "photo-staff", PASSWORD, display_name="Photo Staff")
    finally:
        engine.dispose()
    staff = StaffServer(web_assistant.database_url, f"sqlite:///{web_assistant.settings.tracker_sqlite_path}",
                        tmp_path / "staff.log", extra_env={"PHOTO_DIR": str(web_photo_dir)})
    try:
        photo_url = f"/staff/intakes/{intake_id}/attachments/{attachment_id}"
        anonymous = Client(staff.url).get(photo_url)
        assert anonymous.status_code == 303 and anonymous.content != kept
        nurse = Client(staff.url)
        assert nurse.login("photo-staff").status_code == 303
        page = nurse.get(f"/staff/intakes/{intake_id}").text
        assert f'<img src="{photo_url}" alt="Scalp photo sent ' in page
        served = nurse.get(photo_url)
        assert served.status_code == 200 and served.content == kept
    finally:
        staff.stop()
