"""Patient contact details: phone numbers to E.164 (Pakistan by default) and optional e-mail addresses."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

DEFAULT_REGION = "PK"


class InvalidPhone(ValueError):
    """Not a phone number we can call or message."""


class InvalidEmail(ValueError):
    """Not a usable e-mail address."""


def normalize_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """'0300 1234567', '+92 300 1234567' and '0092-300-1234567' all give '+923001234567'."""
    try:
        # The region's international prefix ("00" in Pakistan) is understood, so "0092..." works too.
        number = phonenumbers.parse((text or "").strip(), region)
    except phonenumbers.NumberParseException as e:
        raise InvalidPhone(f"not a phone number: {text!r}") from e
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"not a valid phone number: {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How staff and patients read a stored number: '+92 300 1234567'."""
    return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_email(text: str | None) -> str | None:
    """The normalised address, None for an empty answer; checks syntax only (no network look-up)."""
    if text is None or not text.strip():
        return None
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError as e:
        raise InvalidEmail(str(e)) from e


# Conversations on WhatsApp are named "wa-<the patient's number, digits only>" by bot.channels.whatsapp (sender ids
# with a business-scoped user id instead, "wa-u-...", carry no number).
_WHATSAPP_PREFIX = "wa-"


def channel_phone(conversation_id: str | None) -> str | None:
    """The number the patient is writing from (E.164), when their channel tells it (WhatsApp), else None."""
    digits = (conversation_id or "").removeprefix(_WHATSAPP_PREFIX)
    if not conversation_id or digits == conversation_id or not digits.isdigit():
        return None
    try:
        return normalize_phone("+" + digits)
    except InvalidPhone:
        return None
