"""Trivia: the question bank, packs, scoring, games and the service facade."""
