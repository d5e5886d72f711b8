"""The `filmbot` command: run, console, ask, ingest, sync, backup, db."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
import tempfile
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.store.backend import StoreError, redact_url
from bot.text import plural


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmbot", description="Film trivia and reviews, on Discord or in a terminal."
    )
    parser.add_argument("--version", action="version", version=f"filmbot {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: FILMBOT_DB or the user data directory)")
    parser.add_argument("--env-file", default=".env", help="settings file to read (default: .env)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    run.add_argument("--shard-count", help="shards over all processes (default: SHARD_COUNT, or one, unsharded)")
    run.add_argument("--shards", help="this process's shards: a range 0-3 or a list 0,2 (default: SHARD_IDS, or all)")
    console = commands.add_parser("console", help="use the bot in this terminal, no token needed")
    _person_options(console)
    start = commands.add_parser("start", help="Discord when DISCORD_TOKEN is set, otherwise the console")
    _person_options(start)
    ask = commands.add_parser("ask", help='run one command: filmbot ask "/film info title:Heat"')
    ask.add_argument("line", help="the command as you would type it in Discord")
    ask.add_argument("--json", action="store_true", help="print the message payload Discord would receive")
    ask.add_argument("--complete", action="store_true", help="show the autocomplete choices for the last option")
    ask.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="answer a form (modal) the command opens: a field's label or id and its value; repeat per field",
    )
    _person_options(ask)
    ingest = commands.add_parser("ingest", help="read documents into the catalog (or only check them)")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders to add to the data folder's documents")
    ingest.add_argument(
        "--check", action="store_true", help="print what each document says, write nothing; exit 1 on any problem"
    )
    ingest.add_argument(
        "--replace", action="store_true", help="the catalog holds only PATHS, not the data folder's documents"
    )
    commands.add_parser("sync", help="register the slash commands with Discord now")
    backup = commands.add_parser("backup", help="copy the database safely while the bot runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    database = commands.add_parser("db", help="the database's schema version, upgrades, copies")
    db_commands = database.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    db_commands.add_parser("current", help="print the schema version, and whether an upgrade is pending")
    db_commands.add_parser("upgrade", help="apply the pending migrations (every start does this too)")
    copy = db_commands.add_parser("copy", help="copy reviews, stats, settings, packs and audit to another store")
    copy.add_argument("--from", dest="source", required=True, help="sqlite:FILE, a file, or a postgresql:// URL")
    copy.add_argument("--to", dest="target", help="a postgresql:// URL or sqlite:FILE (default: DATABASE_URL)")
    copy.add_argument("--force", action="store_true", help="replace community data the target already holds")
    return parser


def _person_options(parser: argparse.ArgumentParser) -> None:
    """Who types: the server owner by default, or a local member kept in the database."""
    parser.add_argument(
        "--as", dest="as_name", metavar="NAME", help="act as this local member (a plain member when new)"
    )
    parser.add_argument("--role", choices=("member", "moderator"), help="the member's role (kept for the next time)")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "shard_count", None) is not None:
        overrides["SHARD_COUNT"] = args.shard_count
    if getattr(args, "shards", None) is not None:
        if not args.shards.strip():
            raise ConfigError("--shards is empty: give this process's shards, such as 0-3 or 0,2 (or leave it out).")
        overrides["SHARD_IDS"] = args.shards
    settings = load_settings(args.env_file, overrides)
    if args.db is not None:
        settings = dataclasses.replace(settings, db_path=args.db)
    return settings


def _outside(folder: Path, paths: list[Path]) -> list[Path]:
    """The PATHS not already read as part of the data folder (the folder itself, or a file in it),
    so naming one does not report each of its documents a second time as a duplicate."""
    base = folder.resolve()
    return [path for path in paths if not path.resolve().is_relative_to(base)]


async def _ingest(settings: Settings, paths: list[Path], check: bool, replace: bool = False) -> int:
    """Read documents (and the packs) into the catalog, all or nothing, as /admin reload does.

    PATHS are added to the data folder's documents; with `replace` the catalog
    holds PATHS only. `check` prints each document's card (see
    `bot.ingest.explain`) and writes nothing. While the bot runs, prefer
    /admin reload: it also refreshes the bot's indexes.
    """
    from bot.admin.rebuild import commit, prepare
    from bot.ingest.pipeline import format_report
    from bot.store.factory import open_store

    if replace and not paths:
        print("--replace needs the files or folders the catalog should hold.")
        return 2
    documents = paths if replace else [settings.documents_dir, *_outside(settings.documents_dir, paths)]
    if check:
        from bot.ingest.explain import document_texts, explain_texts

        rebuild = await prepare(None, documents, settings.packs_dir)
        print(await asyncio.to_thread(lambda: explain_texts(document_texts(paths or documents))))
        print()
        print(format_report(rebuild.build.ingest))
        for problem in rebuild.build.pack_problems:
            print(f"pack {problem}")
        if rebuild.empty:
            print("These documents hold no film: the catalog would be empty, and would not be written.")
        return 1 if rebuild.refused else 0
    db = await open_store(settings.store_target)
    try:
        rebuild = await prepare(db, documents, settings.packs_dir)
        build = rebuild.build
        print(format_report(build.ingest))
        for problem in build.pack_problems:
            print(f"pack {problem}")
        if rebuild.empty:
            print("Nothing written: these documents hold no film, and the catalog would be empty.")
            return 1
        if rebuild.refused:
            print("Nothing written: fix the files above first (the catalog is replaced whole or not at all).")
            return 1
        await commit(db, rebuild)
    finally:
        await db.close()
    print(
        f"Catalog written to {settings.store_name}: {plural(len(build.ingest.films), 'film')}, "
        f"{plural(len(build.questions), 'question')}."
    )
    return 0


async def _backup(settings: Settings, target: Path) -> int:
    from bot.store.db import Database

    if settings.database_url:
        print("filmbot backup copies a SQLite file; for PostgreSQL use pg_dump.", file=sys.stderr)
        return 1
    if not settings.db_path.exists():
        print(f"There is no database at {settings.db_path} yet.", file=sys.stderr)
        return 1
    db = await Database.open(settings.db_path)
    try:
        await db.backup(target)
    finally:
        await db.close()
    print(f"Backed up {settings.db_path} to {target}.")
    return 0


def _store_target(spec: str) -> str | Path:
    """sqlite:FILE or a plain path -> the file; a postgresql:// URL as it is."""
    from bot.store.backend import is_postgres_url

    if is_postgres_url(spec):
        return spec
    return Path(spec.removeprefix("sqlite:"))


async def _db(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store.factory import open_store
    from bot.store.migrations import latest_version

    if args.db_command == "copy":
        return await _db_copy(settings, args)
    if args.db_command == "current" and not settings.database_url and not settings.db_path.exists():
        print(f"sqlite {settings.db_path}: no database yet (the first start or `filmbot db upgrade` makes it)")
        return 0
    store = await open_store(settings.store_target, migrate=False)
    try:
        version = await store.schema_version()
        latest = latest_version(store.backend)
        if args.db_command == "current":
            if version > latest:
                state = "newer than this filmbot: upgrade filmbot"
            elif version < latest:
                state = "an upgrade is pending: filmbot db upgrade"
            else:
                state = "up to date"
            print(f"{store.backend} {store.where}: schema version {version} of {latest} ({state})")
            return 1 if version > latest else 0
    finally:
        await store.close()
    store = await open_store(settings.store_target, migrate=True)  # the upgrade
    await store.close()
    if version == latest:
        print(f"{store.backend} {store.where}: already at schema version {latest}")
    else:
        print(f"{store.backend} {store.where}: upgraded from schema version {version} to {latest}")
    return 0


async def _db_copy(settings: Settings, args: argparse.Namespace) -> int:
    target_spec = args.target or settings.database_url
    if not target_spec:
        print("filmbot: db copy needs --to URL (or DATABASE_URL set).", file=sys.stderr)
        return 2
    source_target = _store_target(args.source)
    if isinstance(source_target, Path) and not source_target.is_file():
        print(f"filmbot: there is no database at {source_target}.", file=sys.stderr)
        return 1
    target_target = _store_target(target_spec)
    same = (
        source_target.resolve() == target_target.resolve()
        if isinstance(source_target, Path) and isinstance(target_target, Path)
        else source_target == target_target
    )
    if same:
        print("filmbot: --from and --to are the same database.", file=sys.stderr)
        return 2
    source_name = str(source_target) if isinstance(source_target, Path) else redact_url(source_target)
    with tempfile.TemporaryDirectory() as scratch:
        if isinstance(source_target, Path):
            # Read a copy, brought to the current schema: the source file itself is left as it is.
            source_target = await asyncio.to_thread(_snapshot_sqlite, source_target, Path(scratch) / "source.db")
        return await _copy_between(source_target, target_target, force=args.force, source_name=source_name)


def _snapshot_sqlite(path: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database (the online backup API: safe while a bot uses it)."""
    import sqlite3

    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


async def _copy_between(source_target: str | Path, target_target: str | Path, *, force: bool, source_name: str) -> int:
    from bot.store.copy import TargetNotEmptyError, copy_community
    from bot.store.factory import open_store

    source = await open_store(source_target)
    try:
        target = await open_store(target_target)
        try:
            try:
                report = await copy_community(source, target, force=force)
            except TargetNotEmptyError as error:
                print(f"filmbot: nothing copied: {error}; pass --force to replace it.", file=sys.stderr)
                return 1
            print(f"{source_name} -> {target.where}: {report.describe()}")
        finally:
            await target.close()
    finally:
        await source.close()
    return 0


EXIT_CLOSED_PIPE = 128 + 13  # as if killed by SIGPIPE, the shell's convention (`filmbot ask ... | head`)


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. A reader that stops reading (`| head`) ends it quietly."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here when the output was small
    except BrokenPipeError:
        # Python would print a traceback, then fail again flushing stdout at exit: point it at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_CLOSED_PIPE
    return code


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "start"
    try:
        settings = _settings(args)
        if command == "start":
            command = "run" if settings.token else "console"
        if command in ("console", "ask", "ingest", "backup", "db"):
            logging.basicConfig(
                level=max(settings.log_level, logging.WARNING), format="%(levelname)s %(name)s: %(message)s"
            )
        if command in ("run", "console", "ask") and not settings.database_url:
            # Before anything else: a bot that cannot write would tell players their points count.
            from bot.store.db import DatabaseNotWritableError, check_writable

            try:
                check_writable(settings.db_path)
            except DatabaseNotWritableError as error:
                print(f"filmbot: {error}", file=sys.stderr)
                return 1
        if command == "run":
            from bot.app.host.run import run_bot

            return run_bot(settings)
        if command == "sync":
            from bot.app.host.run import sync_commands

            return sync_commands(settings)
        if command == "console":
            from bot.app.host.console import run_console

            # `filmbot` alone and `filmbot start` come here too: the owner unless --as was given.
            as_name, role = getattr(args, "as_name", None), getattr(args, "role", None)
            return asyncio.run(run_console(settings, as_name=as_name, role=role))
        if command == "ask":
            from bot.app.host.console import run_ask

            return asyncio.run(
                run_ask(
                    settings,
                    args.line,
                    as_json=args.json,
                    complete=args.complete,
                    as_name=args.as_name,
                    role=args.role,
                    fields=args.field,
                )
            )
        if command == "ingest":
            return asyncio.run(_ingest(settings, args.paths, args.check, args.replace))
        if command == "backup":
            return asyncio.run(_backup(settings, args.file))
        if command == "db":
            return asyncio.run(_db(settings, args))
    except ConfigError as error:
        print(f"filmbot: {error}", file=sys.stderr)
        return 2
    except StoreError as error:
        print(f"filmbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2
