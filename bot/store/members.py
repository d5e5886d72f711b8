"""The console's people: local members by name, with a stable id and a role.

Only `filmbot console` and `filmbot ask` use this table (Discord has its own
members). Kept in the database, so two `ask` calls, or a console today and an
`ask` tomorrow, see the same people with the same ids (their reviews and
scores stay theirs).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.backend import Store
from bot.text import fold

MEMBER = "member"
MODERATOR = "moderator"
ROLES: tuple[str, ...] = (MEMBER, MODERATOR)
FIRST_MEMBER_ID = 100_000_000_000_001_000  # far from the console owner's id and from test ids


@dataclass(frozen=True, slots=True)
class LocalMember:
    name: str
    user_id: int
    role: str


async def get_member(db: Store, name: str) -> LocalMember | None:
    row = await db.fetchone("SELECT name, user_id, role FROM local_members WHERE name_fold = ?", (fold(name),))
    return LocalMember(row["name"], int(row["user_id"]), row["role"]) if row else None


async def save_member(db: Store, name: str, role: str | None) -> LocalMember:
    """The member called `name`, created (a plain member unless `role` says otherwise) or
    given the new role; the id never changes."""
    if role is not None and role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT coalesce(max(user_id) + 1, ?) FROM local_members", (FIRST_MEMBER_ID,))
        next_id = int(row[0]) if row else FIRST_MEMBER_ID
        await tx.execute(
            "INSERT INTO local_members (name_fold, name, user_id, role) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name_fold) DO UPDATE SET role = coalesce(?, local_members.role)",
            (fold(name), name, next_id, role or MEMBER, role),
        )
    found = await get_member(db, name)
    assert found is not None
    return found


async def all_members(db: Store) -> list[LocalMember]:
    rows = await db.fetchall("SELECT name, user_id, role FROM local_members ORDER BY user_id")
    return [LocalMember(r["name"], int(r["user_id"]), r["role"]) for r in rows]


async def member_by_id(db: Store, user_id: int) -> LocalMember | None:
    row = await db.fetchone("SELECT name, user_id, role FROM local_members WHERE user_id = ?", (user_id,))
    return LocalMember(row["name"], int(row["user_id"]), row["role"]) if row else None
