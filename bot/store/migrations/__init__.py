"""Schema migrations: numbered SQL files per backend, applied in order.

`sqlite/NNNN_name.sql` and `postgresql/NNNN_name.sql` hold the same change in
each dialect; both folders have the same numbers. SQLite records the last one
applied in `PRAGMA user_version` (so databases made before these files existed,
at user_version 1, carry on from 0002); PostgreSQL in a `schema_migrations`
table. Add a migration by adding a file to both folders; never edit a shipped one.

Catalog tables hold everything derived from documents and are rebuilt by a
reload. Community tables (reviews, player stats and seasons, settings, uploaded
packs, audit) are never touched by a reload and refer to films by slug, with no
foreign key, so a review outlives its film leaving the catalog and returns
with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

BACKENDS = ("sqlite", "postgresql")
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

CATALOG_TABLES: tuple[str, ...] = ("trivia_questions", "disputes", "claims", "film_titles", "films", "documents")
COMMUNITY_TABLES: tuple[str, ...] = (
    "reviews",
    "player_stats",
    "guild_settings",
    "uploaded_packs",
    "audit_log",
    "admin_refusals",
    "local_members",
    "member_names",
    "trivia_seasons",
    "season_stats",
    "season_baseline",
)


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    sql: str


@cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """The backend's migrations in order; numbered 1, 2, 3 ... without gaps."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    found: list[Migration] = []
    for entry in resources.files(__package__).joinpath(backend).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.number)
    if [m.number for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{backend} migrations are not numbered 1..{len(found)}: {[m.number for m in found]}")
    return tuple(found)


def latest_version(backend: str) -> int:
    return len(migrations(backend))
