-- The initial schema (filmbot 0.1: PRAGMA user_version 1).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- catalog: rebuildable from data/
CREATE TABLE documents (
    name        TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    film_slug   TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE films (
    slug       TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    title_fold TEXT NOT NULL,
    year_text  TEXT NOT NULL
);
CREATE INDEX films_title_fold ON films(title_fold);
CREATE TABLE film_titles (
    film_slug  TEXT NOT NULL REFERENCES films(slug) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    title_fold TEXT NOT NULL,
    PRIMARY KEY (film_slug, title)
);
CREATE INDEX film_titles_fold ON film_titles(title_fold);
CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    film_slug   TEXT NOT NULL REFERENCES films(slug) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    person      TEXT,
    person_fold TEXT,
    role        TEXT,
    role_fold   TEXT,
    note        TEXT,
    document    TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL
);
CREATE INDEX claims_film ON claims(film_slug, field);
CREATE INDEX claims_person ON claims(person_fold) WHERE person_fold IS NOT NULL;
CREATE INDEX claims_role ON claims(role_fold) WHERE role_fold IS NOT NULL;
CREATE TABLE disputes (
    film_slug TEXT NOT NULL REFERENCES films(slug) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    PRIMARY KEY (film_slug, field)
);
CREATE TABLE trivia_questions (
    id         TEXT PRIMARY KEY,
    film_slug  TEXT,
    pack       TEXT,
    kind       TEXT NOT NULL,
    prompt     TEXT NOT NULL,
    answer     TEXT NOT NULL,
    choices    TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    document   TEXT,
    span_start INTEGER,
    span_end   INTEGER
);
CREATE INDEX trivia_questions_film ON trivia_questions(film_slug);
CREATE INDEX trivia_questions_pack ON trivia_questions(pack);

-- community: precious, never touched by a reload
CREATE TABLE reviews (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    film_slug   TEXT NOT NULL,
    author_name TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, film_slug)
);
CREATE INDEX reviews_film ON reviews(guild_id, film_slug, updated_at);
CREATE TABLE player_stats (
    guild_id       INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    display_name   TEXT NOT NULL,
    points         INTEGER NOT NULL DEFAULT 0,
    games          INTEGER NOT NULL DEFAULT 0,
    answers        INTEGER NOT NULL DEFAULT 0,
    correct        INTEGER NOT NULL DEFAULT 0,
    current_streak INTEGER NOT NULL DEFAULT 0,
    best_streak    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX player_stats_points ON player_stats(guild_id, points DESC);
CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    question_seconds  INTEGER,
    rounds            INTEGER,
    reveal_seconds    INTEGER,
    moderator_role_id INTEGER
);
CREATE TABLE uploaded_packs (
    guild_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    yaml_text   TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, name)
);
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    guild_id INTEGER,
    user_id  INTEGER,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL,
    ok       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX audit_log_guild ON audit_log(guild_id, id);
