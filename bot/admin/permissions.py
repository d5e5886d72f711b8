"""Who may use /admin: Manage Server (or Administrator), or the server's moderator role.

Discord hides /admin from members without Manage Server (default_permissions),
but a server can override that per role or channel, so the bot checks again
on every admin interaction with the permissions Discord resolved for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5


class HasModeratorRole(Protocol):
    @property
    def moderator_role_id(self) -> int | None: ...


def manages_server(permissions: int) -> bool:
    """Manage Server, or Administrator (which implies every permission)."""
    return bool(permissions & (ADMINISTRATOR | MANAGE_GUILD))


def is_moderator(permissions: int, role_ids: Iterable[int], settings: HasModeratorRole | None) -> bool:
    """`permissions`: the member's resolved permission bits; `role_ids`: the member's roles."""
    if manages_server(permissions):
        return True
    role = settings.moderator_role_id if settings is not None else None
    return role is not None and role in set(role_ids)
