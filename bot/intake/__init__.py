"""The intake questionnaire: questions, answer parsing, form flow and the read-back summary."""
