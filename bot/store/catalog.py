"""Catalog tables: written whole in one transaction, read by the catalog service (either backend)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from bot.model import DocumentRecord, MergedFilm
from bot.store.backend import CATALOG_TOPIC, Row, Store, TableRows
from bot.store.db import replace_tables_sync
from bot.store.migrations import CATALOG_TABLES
from bot.text import fold
from bot.trivia.model import Question

T = TypeVar("T")
_CLAIM_COLUMNS = (
    "film_slug", "field", "value", "person", "person_fold", "role", "role_fold", "note", "document", "span_start",
    "span_end",
)  # fmt: skip
_QUESTION_COLUMNS = (
    "id", "film_slug", "pack", "kind", "prompt", "answer", "choices", "difficulty", "document", "span_start",
    "span_end",
)  # fmt: skip


def _film_year_text(film: MergedFilm) -> str:
    years = sorted({c.value for c in film.claims if c.field == "year"})
    return "/".join(years)


def catalog_tables(
    films: Sequence[MergedFilm], documents: Sequence[DocumentRecord], questions: Sequence[Question]
) -> list[TableRows]:
    """The catalog as rows per table, generated lazily (a large catalog is never all in memory twice)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")

    def titles() -> Iterator[tuple[str, str, str]]:
        seen: set[tuple[str, str]] = set()  # a variant may repeat the title: one row each
        for f in films:
            for variant in f.variants:
                if (f.slug, variant) not in seen:
                    seen.add((f.slug, variant))
                    yield (f.slug, variant, fold(variant))

    return [
        TableRows(
            "films",
            ("slug", "title", "title_fold", "year_text"),
            ((f.slug, f.title, fold(f.title), _film_year_text(f)) for f in films),
        ),
        TableRows("film_titles", ("film_slug", "title", "title_fold"), titles()),
        TableRows(
            "claims",
            _CLAIM_COLUMNS,
            (
                (
                    f.slug,
                    c.field,
                    c.value,
                    c.person,
                    fold(c.person) if c.person else None,
                    c.role,
                    fold(c.role) if c.role else None,
                    c.note,
                    c.source.document,
                    c.source.start,
                    c.source.end,
                )
                for f in films
                for c in f.claims
            ),
        ),
        TableRows("disputes", ("film_slug", "field"), ((f.slug, key) for f in films for key in sorted(f.disputed))),
        TableRows(
            "documents",
            ("name", "sha256", "size", "film_slug", "ingested_at"),
            ((d.name, d.sha256, d.size, d.film_slug, now) for d in documents),
        ),
        TableRows(
            "trivia_questions",
            _QUESTION_COLUMNS,
            (
                (
                    q.id,
                    q.film_slug,
                    q.pack,
                    q.kind,
                    q.prompt,
                    q.answer,
                    json.dumps(list(q.choices)),
                    q.difficulty,
                    q.document,
                    q.span_start,
                    q.span_end,
                )
                for q in questions
            ),
        ),
    ]


async def replace_catalog(
    db: Store,
    films: Sequence[MergedFilm],
    documents: Sequence[DocumentRecord],
    questions: Sequence[Question],
) -> None:
    """Swap the whole catalog in one transaction; community tables are not touched.

    If the process dies midway, the database rolls the transaction back and the
    previous catalog stays whole. Other processes sharing the store are told at the commit.
    """
    await db.replace_tables(CATALOG_TABLES, catalog_tables(films, documents, questions), announce=CATALOG_TOPIC)


def replace_catalog_sync(
    conn: sqlite3.Connection,
    films: Sequence[MergedFilm],
    documents: Sequence[DocumentRecord],
    questions: Sequence[Question],
) -> None:
    """`replace_catalog` on a plain SQLite connection (for tools that build a database file offline)."""
    replace_tables_sync(conn, CATALOG_TABLES, catalog_tables(films, documents, questions))


async def catalog_is_empty(db: Store) -> bool:
    return await db.fetchone("SELECT 1 FROM documents LIMIT 1") is None


async def film_row(db: Store, slug: str) -> Row | None:
    return await db.fetchone("SELECT slug, title, year_text FROM films WHERE slug = ?", (slug,))


async def film_titles(db: Store, slug: str) -> list[str]:
    rows = await db.fetchall("SELECT title FROM film_titles WHERE film_slug = ? ORDER BY length(title), title", (slug,))
    return [r["title"] for r in rows]


async def film_claims(db: Store, slug: str) -> list[Row]:
    return await db.fetchall(
        "SELECT field, value, person, role, note, document, span_start, span_end"
        " FROM claims WHERE film_slug = ? ORDER BY id",
        (slug,),
    )


async def film_disputes(db: Store, slug: str) -> set[str]:
    rows = await db.fetchall("SELECT field FROM disputes WHERE film_slug = ?", (slug,))
    return {r["field"] for r in rows}


async def film_documents(db: Store, slug: str) -> list[str]:
    rows = await db.fetchall("SELECT name FROM documents WHERE film_slug = ? ORDER BY name", (slug,))
    return [r["name"] for r in rows]


async def list_films(db: Store, offset: int, limit: int) -> list[Row]:
    return await db.fetchall(
        "SELECT slug, title, year_text FROM films ORDER BY title_fold, slug LIMIT ? OFFSET ?", (limit, offset)
    )


# The rows the catalog service builds its name index from, read in one snapshot.
FILM_ROWS_SQL = "SELECT slug, title, year_text FROM films"
TITLE_ROWS_SQL = "SELECT film_slug, title FROM film_titles"
NAME_ROWS_SQL = (
    "SELECT DISTINCT film_slug, field, person, role, value FROM claims"
    " WHERE field IN ('cast', 'director', 'crew', 'character')"
)


async def read_name_rows(db: Store, consume: Callable[..., T]) -> T:
    """`consume(films, titles, names)` in a thread: (slug, title, year_text) of every film,
    (film_slug, title) of every title variant, and distinct (film_slug, field, person,
    role, value) of claims that name people or characters."""
    return await db.read_consistent((FILM_ROWS_SQL, TITLE_ROWS_SQL, NAME_ROWS_SQL), consume)


async def claims_for_person(db: Store, person_fold: str) -> list[Row]:
    return await db.fetchall(
        "SELECT c.film_slug, f.title, f.year_text, c.field, c.person, c.role, c.note, c.document,"
        " c.span_start, c.span_end FROM claims c JOIN films f ON f.slug = c.film_slug"
        " WHERE c.person_fold = ? AND c.field IN ('cast', 'director', 'crew') ORDER BY f.title_fold, c.id",
        (person_fold,),
    )


async def claims_for_character(db: Store, role_fold: str) -> list[Row]:
    return await db.fetchall(
        "SELECT c.film_slug, f.title, f.year_text, c.field, c.value, c.person, c.role, c.note, c.document,"
        " c.span_start, c.span_end FROM claims c JOIN films f ON f.slug = c.film_slug"
        " WHERE (c.field = 'cast' AND c.role_fold = ?) OR (c.field = 'character' AND lower(c.value) = ?)"
        " ORDER BY f.title_fold, c.id",
        (role_fold, role_fold),
    )


async def quotes(db: Store, fields: Sequence[str], slug: str | None) -> list[Row]:
    marks = ", ".join("?" for _ in fields)
    # Only "?" placeholders are interpolated; the values travel as parameters.
    sql = (
        "SELECT c.film_slug, f.title, f.year_text, c.field, c.value, c.document, c.span_start, c.span_end"  # noqa: S608
        f" FROM claims c JOIN films f ON f.slug = c.film_slug WHERE c.field IN ({marks})"
    )
    params: list[object] = list(fields)
    if slug is not None:
        sql += " AND c.film_slug = ?"
        params.append(slug)
    return await db.fetchall(sql + " ORDER BY f.title_fold, c.id", params)


async def counts(db: Store) -> dict[str, int]:
    row = await db.fetchone(
        "SELECT (SELECT count(*) FROM films) AS films, (SELECT count(*) FROM documents) AS documents,"
        " (SELECT count(*) FROM claims) AS claims,"
        " (SELECT count(DISTINCT person_fold) FROM claims WHERE person_fold IS NOT NULL) AS people,"
        " (SELECT count(*) FROM disputes) AS disputes, (SELECT count(*) FROM trivia_questions) AS questions"
    )
    assert row is not None
    return {key: int(row[key]) for key in row.keys()}  # noqa: SIM118 - Row has no items()


async def document_slugs(db: Store) -> dict[str, str]:
    """Document name -> the slug of its film in the stored catalog (a reload keeps slugs stable with it)."""
    rows = await db.fetchall("SELECT name, film_slug FROM documents WHERE film_slug IS NOT NULL")
    return {row["name"]: row["film_slug"] for row in rows}


async def documents(db: Store) -> list[Row]:
    return await db.fetchall("SELECT name, sha256, size, film_slug, ingested_at FROM documents ORDER BY name")


def _question(row: Row) -> Question:
    """A stored question as a game plays it (the store keeps no accepted answers: bank
    questions have none, and pack questions are played from their packs)."""
    return Question(
        id=row["id"],
        kind=row["kind"],
        prompt=row["prompt"],
        answer=row["answer"],
        choices=tuple(json.loads(row["choices"])),
        difficulty=row["difficulty"],
        film_slug=row["film_slug"],
        pack=row["pack"],
        document=row["document"],
        span_start=row["span_start"],
        span_end=row["span_end"],
    )


async def questions(db: Store, film_slug: str | None = None, pack: str | None = None) -> list[Question]:
    sql = "SELECT * FROM trivia_questions"
    params: list[object] = []
    if film_slug is not None:
        sql += " WHERE film_slug = ?"
        params.append(film_slug)
    elif pack is not None:
        sql += " WHERE pack = ?"
        params.append(pack)
    rows = await db.fetchall(sql + " ORDER BY id", params)
    return [_question(r) for r in rows]
