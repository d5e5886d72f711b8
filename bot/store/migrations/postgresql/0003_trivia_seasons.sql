-- Trivia seasons, as sqlite/0003_trivia_seasons.sql: a closed season's standings in
-- season_stats, the sum of a server's closed seasons per player in season_baseline (the
-- current season is player_stats minus it). A server with no row is in "Season 1".

CREATE TABLE trivia_seasons (
    guild_id   BIGINT NOT NULL,
    number     INTEGER NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    name_fold  TEXT COLLATE "C" NOT NULL,
    started_at TEXT COLLATE "C",
    started_by BIGINT,
    ended_at   TEXT COLLATE "C",
    PRIMARY KEY (guild_id, number),
    UNIQUE (guild_id, name_fold)
);
CREATE TABLE season_stats (
    guild_id     BIGINT NOT NULL,
    season       INTEGER NOT NULL,
    user_id      BIGINT NOT NULL,
    display_name TEXT COLLATE "C" NOT NULL,
    points       BIGINT NOT NULL,
    games        INTEGER NOT NULL,
    answers      INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    PRIMARY KEY (guild_id, season, user_id)
);
CREATE TABLE season_baseline (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    points   BIGINT NOT NULL,
    games    INTEGER NOT NULL,
    answers  INTEGER NOT NULL,
    correct  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
