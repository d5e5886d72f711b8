"""Settings from the environment and `.env` (python-dotenv).

A missing or bad setting raises `ConfigError` with one clear line; the CLI
prints it and exits non-zero. The token is kept out of `repr` so it can never
reach a log or a traceback by accident.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

from bot.store.backend import POSTGRES_SCHEMES, redact_url

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
OUTAGE_LIMIT_DEFAULT = 120.0  # seconds a trivia game waits out a Discord outage before it ends
OUTAGE_LIMIT_RANGE = (5.0, 3600.0)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    data_dir: Path
    token: str | None = field(default=None, repr=False)
    guild_id: int | None = None
    api_base: str | None = None
    log_level: int = logging.INFO
    # postgresql://... when set (the shared store of several processes); None: SQLite at db_path.
    database_url: str | None = field(default=None, repr=False)
    # Sharding (several processes): the total over all processes, and the ids this one runs.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    outage_limit: float = OUTAGE_LIMIT_DEFAULT

    @property
    def holds_shard_zero(self) -> bool:
        """Jobs that must run once per bot (registering the commands) run in this process only."""
        return self.shard_ids is None or 0 in self.shard_ids

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def packs_dir(self) -> Path:
        return self.data_dir / "packs"

    @property
    def store_target(self) -> str | Path:
        """What `open_store` opens: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url or self.db_path

    @property
    def store_name(self) -> str:
        """The store, for messages: the file, or the URL without its password."""
        return redact_url(self.database_url) if self.database_url else str(self.db_path)

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError("DISCORD_TOKEN is not set: put it in .env (see .env.example) or the environment.")
        return self.token


def default_db_path() -> Path:
    """A file under the user's data directory, or ./filmbot.db if that is unusable."""
    try:
        from platformdirs import user_data_dir

        directory = Path(user_data_dir("filmbot", appauthor=False))
        directory.mkdir(parents=True, exist_ok=True)
        return directory / "filmbot.db"
    except OSError:
        return Path("filmbot.db")


def check_database_url(url: str | None) -> str | None:
    """The URL if it can name a PostgreSQL database; ConfigError (password left out) if not."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in POSTGRES_SCHEMES or not parts.hostname:
        raise ConfigError(
            f"DATABASE_URL {redact_url(url)!r} is not a PostgreSQL URL: expected"
            " postgresql://USER:PASSWORD@HOST:PORT/DATABASE (unset it to use SQLite)."
        )
    if port == 0 or not parts.path.strip("/"):
        raise ConfigError(f"DATABASE_URL {redact_url(url)!r} must name a port above 0 and a database (…/DATABASE).")
    return url


MAX_SHARDS = 100_000


def _shard_number(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise ConfigError(f"{what} must be a whole number, got {text.strip()!r}.")
    return int(text)


def check_shards(count_raw: str | None, ids_raw: str | None) -> tuple[int | None, tuple[int, ...] | None]:
    """SHARD_COUNT and SHARD_IDS ("0-3", "0,2,5" or "0-3,8"): the count and this process's ids, sorted.

    Blank is unset, as for every setting. Refused with the reason: ids without a count, an empty
    list ("0,"), an id outside the count, a backwards range, or ids listed twice (overlapping)."""
    ids_raw = ids_raw if ids_raw is not None and ids_raw.strip() else None
    if count_raw is None or not count_raw.strip():
        if ids_raw is not None:
            raise ConfigError("SHARD_IDS needs SHARD_COUNT too: the number of shards over all processes.")
        return None, None
    count = _shard_number(count_raw, "SHARD_COUNT")
    if not 1 <= count <= MAX_SHARDS:
        raise ConfigError(f"SHARD_COUNT must be between 1 and {MAX_SHARDS}, got {count}.")
    if ids_raw is None:
        return count, tuple(range(count))
    ids: list[int] = []
    for item in ids_raw.split(","):
        if not item.strip():
            raise ConfigError(f"SHARD_IDS {ids_raw.strip()!r} has an empty item: write 0-3 or 0,2.")
        first, dash, last = item.strip().partition("-")
        low = _shard_number(first, "each shard in SHARD_IDS")
        high = _shard_number(last, "each shard in SHARD_IDS") if dash else low
        if high < low:
            raise ConfigError(f"SHARD_IDS range {item.strip()!r} is backwards: write it low-high.")
        if high >= count:
            raise ConfigError(f"SHARD_IDS names shard {high}, outside SHARD_COUNT {count} (shards are 0-{count - 1}).")
        ids.extend(range(low, high + 1))
    repeated = sorted(shard for shard, times in Counter(ids).items() if times > 1)
    if repeated:
        raise ConfigError(f"SHARD_IDS lists shard {repeated[0]} twice: the ranges overlap.")
    return count, tuple(sorted(ids))


def load_settings(
    env_file: str | os.PathLike[str] | None = ".env", overrides: Mapping[str, str] | None = None
) -> Settings:
    """Read settings from `env_file` (if present) and the environment; `overrides` (command-line
    options) win over both."""
    if env_file is not None:
        load_dotenv(env_file, override=False)
    env: Mapping[str, str] = {**os.environ, **(overrides or {})}

    token = env.get("DISCORD_TOKEN", "").strip() or None
    if token is not None and (any(ch.isspace() for ch in token) or len(token) < 20):
        raise ConfigError("DISCORD_TOKEN does not look like a bot token: copy it again from the Developer Portal.")

    guild_raw = env.get("DISCORD_GUILD_ID", "").strip()
    guild_id: int | None = None
    if guild_raw:
        if not guild_raw.isdigit():
            raise ConfigError(f"DISCORD_GUILD_ID must be a server id (digits only), got {guild_raw!r}.")
        guild_id = int(guild_raw)

    api_base = env.get("DISCORD_API_BASE", "").strip().rstrip("/") or None
    if api_base is not None and not api_base.startswith(("http://", "https://")):
        raise ConfigError(f"DISCORD_API_BASE must start with http:// or https://, got {api_base!r}.")

    level_name = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level_name not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level_name!r}.")

    data_dir = Path(env.get("FILMBOT_DATA", "").strip() or PROJECT_ROOT / "data")
    if not data_dir.is_dir():
        raise ConfigError(f"FILMBOT_DATA {str(data_dir)!r} is not a directory.")

    db_raw = env.get("FILMBOT_DB", "").strip()
    db_path = Path(db_raw) if db_raw else default_db_path()
    if db_path.exists() and db_path.is_dir():
        raise ConfigError(f"FILMBOT_DB {str(db_path)!r} is a directory; give a file path.")

    outage_raw = env.get("FILMBOT_OUTAGE_LIMIT", "").strip()
    outage_limit = OUTAGE_LIMIT_DEFAULT
    if outage_raw:
        low, high = OUTAGE_LIMIT_RANGE
        try:
            outage_limit = float(outage_raw)
        except ValueError:
            outage_limit = -1.0
        if not low <= outage_limit <= high:
            raise ConfigError(
                f"FILMBOT_OUTAGE_LIMIT must be seconds between {low:.0f} and {high:.0f}, got {outage_raw!r}."
            )
    database_url = check_database_url(env.get("DATABASE_URL", "").strip() or None)
    shard_count, shard_ids = check_shards(env.get("SHARD_COUNT"), env.get("SHARD_IDS"))

    return Settings(
        database_url=database_url,
        shard_count=shard_count,
        shard_ids=shard_ids,
        db_path=db_path,
        data_dir=data_dir,
        token=token,
        guild_id=guild_id,
        api_base=api_base,
        log_level=getattr(logging, level_name),
        outage_limit=outage_limit,
    )
