-- Trivia seasons (/admin season start): a server's leaderboard starts over while lifetime
-- stats (player_stats, /trivia stats) keep counting. A closed season's standings are kept in
-- season_stats; season_baseline holds, per player, what all closed seasons of the server add up
-- to, so the current season is player_stats minus the baseline. Nothing is ever deleted.
-- A server that never started a season is in its first season, "Season 1", with no row here.

CREATE TABLE trivia_seasons (
    guild_id   INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    name_fold  TEXT NOT NULL,
    started_at TEXT,
    started_by INTEGER,
    ended_at   TEXT,
    PRIMARY KEY (guild_id, number),
    UNIQUE (guild_id, name_fold)
);
CREATE TABLE season_stats (
    guild_id     INTEGER NOT NULL,
    season       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    points       INTEGER NOT NULL,
    games        INTEGER NOT NULL,
    answers      INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    PRIMARY KEY (guild_id, season, user_id)
);
CREATE TABLE season_baseline (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    points   INTEGER NOT NULL,
    games    INTEGER NOT NULL,
    answers  INTEGER NOT NULL,
    correct  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
