"""Rasa's own log lines that name a sender carry a pseudonym instead (a REST sender id may be a phone)."""
import logging

from bot.pseudonym import pseudonym
from bot.rasa_server import SenderPseudonyms


def _record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("rasa.core.processor", logging.WARNING, __file__, 1, message, args, None)


def test_the_circuit_breaker_line_names_a_pseudonym_not_the_sender():
    record = _record("Circuit breaker tripped. Stopped predicting more actions for sender '+923001234567'.")
    assert SenderPseudonyms().filter(record)
    line = record.getMessage()
    assert "+923001234567" not in line and pseudonym("+923001234567") in line


def test_lines_without_a_sender_are_left_alone():
    record = _record("Loaded model %s", "intake.tar.gz")
    SenderPseudonyms().filter(record)
    assert record.getMessage() == "Loaded model intake.tar.gz"
