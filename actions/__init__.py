"""Rasa SDK actions: thin glue between Rasa's tracker and the plain-Python logic in `bot/`."""
