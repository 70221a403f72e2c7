"""Domain logic of the SKN hair-loss intake assistant: plain Python, no Rasa imports."""
