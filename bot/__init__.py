"""filmbot: film facts with their sources, reviews and trivia, on Discord."""

__version__ = "0.1.0"
