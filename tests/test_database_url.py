"""DATABASE_URL: what is accepted, and that no message ever carries the password."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, check_database_url
from bot.store.backend import database_secrets, is_postgres_url, redact_url

SECRET = "pa55-w0rd"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://filmbot:{SECRET}@127.0.0.1:5432/filmbot",
        f"postgres://filmbot:{SECRET}@db.internal/filmbot",
        "postgresql://filmbot@localhost/filmbot?sslmode=require",
    ],
)
def test_postgresql_urls_are_accepted(url: str) -> None:
    assert check_database_url(url) == url
    assert is_postgres_url(url)
    assert SECRET not in redact_url(url)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"mysql://filmbot:{SECRET}@127.0.0.1/filmbot", "not a PostgreSQL URL"),
        (f"postgresql://filmbot:{SECRET}@127.0.0.1:port/filmbot", "not a PostgreSQL URL"),
        (f"postgresql://filmbot:{SECRET}@/filmbot", "not a PostgreSQL URL"),
        (f"postgresql://filmbot:{SECRET}@127.0.0.1:5432", "a database"),
        (f"postgresql://filmbot:{SECRET}@127.0.0.1:0/filmbot", "a port above 0"),
        (f"filmbot:{SECRET}@127.0.0.1/filmbot", "not a PostgreSQL URL"),
    ],
)
def test_malformed_urls_are_refused_without_the_password(url: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason) as raised:
        check_database_url(url)
    assert SECRET not in str(raised.value)


def test_redaction_covers_parameters_odd_characters_and_the_decoded_form() -> None:
    assert SECRET not in redact_url(f"postgresql://u@h/db?password={SECRET}&sslmode=require")
    assert redact_url("postgresql://u:p@ss@h:5/db") == "postgresql://u:***@h:5/db"
    assert database_secrets("postgresql://u:a%40b@h/db") == ["a%40b", "a@b"]
    assert database_secrets(None) == [] and database_secrets("postgresql://u@h/db") == []
