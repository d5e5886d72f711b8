"""Trivia: the question bank, packs, answer matching, scoring, games and the service facade."""
