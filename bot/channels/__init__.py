"""Messaging channels of the assistant (Rasa input channels)."""
