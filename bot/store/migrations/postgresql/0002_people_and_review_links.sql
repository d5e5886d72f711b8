-- As sqlite/0002_people_and_review_links.sql: the console's people, how links in
-- reviews show, and the names of members who moderate.

CREATE TABLE local_members (
    name_fold TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    user_id   BIGINT NOT NULL UNIQUE,
    role      TEXT COLLATE "C" NOT NULL CHECK (role IN ('member', 'moderator'))
);
ALTER TABLE guild_settings ADD COLUMN review_links TEXT COLLATE "C";
CREATE TABLE member_names (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    name     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
