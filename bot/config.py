"""Settings from the environment and `.env` (python-dotenv).

A missing or bad setting raises `ConfigError` with one clear line; the CLI
prints it and exits non-zero. The token is kept out of `repr` so it can never
reach a log or a traceback by accident.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

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
    outage_limit: float = OUTAGE_LIMIT_DEFAULT

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def packs_dir(self) -> Path:
        return self.data_dir / "packs"

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


def load_settings(env_file: str | os.PathLike[str] | None = ".env") -> Settings:
    """Read settings from `env_file` (if present) and the environment."""
    if env_file is not None:
        load_dotenv(env_file, override=False)
    env = os.environ

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

    return Settings(
        db_path=db_path,
        data_dir=data_dir,
        token=token,
        guild_id=guild_id,
        api_base=api_base,
        log_level=getattr(logging, level_name),
        outage_limit=outage_limit,
    )
