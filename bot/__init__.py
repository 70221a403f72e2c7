"""The SKN hair-loss intake assistant: the conversation (bot.conversation) over its domain (bot.intake,
bot.nlp, bot.clinical, bot.booking) and storage (bot.store), all plain Python; around them the servers, the
channels, the staff app and privacy tools. tests/test_layers.py states which may import which."""
