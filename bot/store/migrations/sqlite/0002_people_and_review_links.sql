-- The console's people (`filmbot console --as NAME`, `filmbot ask --as NAME`), kept
-- with the database so two `ask` calls see the same members; how links in reviews show;
-- the names of members who moderate (/admin status shows names: on Discord, a mention in
-- an embed reads as a raw id unless the reader's client has the member cached).

CREATE TABLE local_members (
    name_fold TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    user_id   INTEGER NOT NULL UNIQUE,
    role      TEXT NOT NULL CHECK (role IN ('member', 'moderator'))
);
ALTER TABLE guild_settings ADD COLUMN review_links TEXT;
CREATE TABLE member_names (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
