"""The conversation: what one patient message changes (slots) and what the assistant says back.

Plain Python above the domain (bot.intake, bot.nlp, bot.clinical, bot.booking): the Rasa actions in
actions/ translate the tracker into these calls and the outcome back into events. Importing this package
loads nothing: bot.staff and bot.tracker_store import slot_names without the NLP stack."""
