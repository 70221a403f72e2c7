"""New staff passwords must be hard to guess (zxcvbn), not only long: common passwords, the username and the
clinic's name are refused when creating a user and when changing a password; strong ones are accepted."""
from __future__ import annotations

import pytest
from zxcvbn import zxcvbn

from bot.staff.accounts import create_user, set_password
from bot.staff.auth import check_login
from bot.staff.passwords import WeakPassword, check_strength
from bot.staff.users import main as users_main

from staff_helpers import PASSWORD

# Each is 12+ characters, so a length rule alone would let every one of them through.
GUESSABLE = [
    "password1234",  # a common password with digits
    "qwertyuiop123",  # a keyboard walk
    "aminaamina123",  # the username, repeated
    "amina.khan.2024",  # the username and a year
    "DermatologySKN",  # the clinic's name and what it does
    "Cosmetic@1234",  # a word of the clinic's name and a sequence
    "Islamabad1234!",  # the clinic's city
    "111111111111",  # one key
]
STRONG = [PASSWORD, "velvet tractor orbit lemonade", "Mj7#qLp2$wZr9!"]


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused(password):
    with pytest.raises(WeakPassword):
        check_strength(password, "amina.khan")


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_are_accepted(password):
    check_strength(password, "amina.khan")


def test_the_username_and_the_clinic_count_as_known_words():
    for password in ("amina.khan.2024", "Islamabad1234!"):
        assert zxcvbn(password)["score"] >= 3  # strong enough to zxcvbn without knowing who and where
        with pytest.raises(WeakPassword):
            check_strength(password, "amina.khan")


def test_length_is_still_checked():
    with pytest.raises(WeakPassword, match="12 characters"):
        check_strength("x7#Qz!", "amina")
    with pytest.raises(WeakPassword, match="at most"):
        check_strength("a" * 300, "amina")


def test_creating_and_changing_use_the_check(session_factory):
    with pytest.raises(WeakPassword):
        create_user(session_factory, "amina.khan", "amina.khan.2024")
    create_user(session_factory, "amina.khan", PASSWORD)
    with pytest.raises(WeakPassword):
        set_password(session_factory, "amina.khan", "password1234")
    set_password(session_factory, "amina.khan", "velvet tractor orbit lemonade")
    assert check_login(session_factory, "amina.khan", "velvet tractor orbit lemonade", "127.0.0.1").user


def test_the_command_says_why(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("STAFF_PASSWORD", "password1234")
    assert users_main(["create", "--username", "amina"]) == 2
    assert "too easy to guess" in capsys.readouterr().err
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    assert users_main(["create", "--username", "amina"]) == 0
