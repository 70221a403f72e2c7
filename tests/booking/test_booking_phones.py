import pytest

from bot.booking.phones import InvalidEmail, InvalidPhone, display_phone, normalize_email, normalize_phone


@pytest.mark.parametrize(
    "text", ["0300 1234567", "03001234567", "+92 300 1234567", "0092-300-1234567", "+923001234567", "0300-1234567 "]
)
def test_national_and_international_forms_are_one_number(text):
    assert normalize_phone(text) == "+923001234567"


def test_landline_and_foreign_numbers():
    assert normalize_phone("051 2345678") == "+92512345678"  # Islamabad
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"


@pytest.mark.parametrize("text", ["", "abc", "12345", "0300 123", "0300 12345678901", "+92 000 0000000", None])
def test_invalid_numbers_are_rejected(text):
    with pytest.raises(InvalidPhone):
        normalize_phone(text)


def test_display_phone():
    assert display_phone("+923001234567") == "+92 300 1234567"


def test_email_is_optional_and_validated():
    assert normalize_email(None) is None
    assert normalize_email("  ") is None
    assert normalize_email(" Sara@Example.com ") == "Sara@example.com"
    for bad in ["sara", "sara@", "@example.com", "sara@@example.com"]:
        with pytest.raises(InvalidEmail):
            normalize_email(bad)
