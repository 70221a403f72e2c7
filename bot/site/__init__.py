"""A demo of the clinic's website with the chat widget embedded, as the clinic would embed it."""
