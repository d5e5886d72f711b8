-- Refused /admin attempts are counted, one row per member and command, instead of one audit
-- line each: a member who keeps clicking a command they may not use cannot grow the database.
-- guild_id 0 is "no server" (the console; Discord never gives a server id 0).
CREATE TABLE admin_refusals (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    detail   TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, detail)
);
INSERT INTO admin_refusals (guild_id, user_id, detail, attempts, first_at, last_at)
    SELECT coalesce(guild_id, 0), user_id, detail, count(*), min(at), max(at)
    FROM audit_log WHERE action = 'refused' AND user_id IS NOT NULL
    GROUP BY coalesce(guild_id, 0), user_id, detail;
DELETE FROM audit_log WHERE action = 'refused';
