"""The `filmbot` command: run, console, ask, ingest, sync, backup."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.text import plural


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmbot", description="Film trivia and reviews, on Discord or in a terminal."
    )
    parser.add_argument("--version", action="version", version=f"filmbot {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: FILMBOT_DB or the user data directory)")
    parser.add_argument("--env-file", default=".env", help="settings file to read (default: .env)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    console = commands.add_parser("console", help="use the bot in this terminal, no token needed")
    _person_options(console)
    commands.add_parser("start", help="Discord when DISCORD_TOKEN is set, otherwise the console")
    ask = commands.add_parser("ask", help='run one command: filmbot ask "/film info title:Heat"')
    ask.add_argument("line", help="the command as you would type it in Discord")
    ask.add_argument("--json", action="store_true", help="print the message payload Discord would receive")
    ask.add_argument("--complete", action="store_true", help="show the autocomplete choices for the last option")
    _person_options(ask)
    ingest = commands.add_parser("ingest", help="read documents into the catalog (or only check them)")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the data folder's documents)")
    ingest.add_argument("--check", action="store_true", help="validate without writing; exit 1 on any problem")
    commands.add_parser("sync", help="register the slash commands with Discord now")
    backup = commands.add_parser("backup", help="copy the database safely while the bot runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    return parser


def _person_options(parser: argparse.ArgumentParser) -> None:
    """Who types: the server owner by default, or a local member kept in the database."""
    parser.add_argument(
        "--as", dest="as_name", metavar="NAME", help="act as this local member (a plain member when new)"
    )
    parser.add_argument("--role", choices=("member", "moderator"), help="the member's role (kept for the next time)")


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.env_file)
    if args.db is not None:
        settings = dataclasses.replace(settings, db_path=args.db)
    return settings


async def _ingest(settings: Settings, paths: list[Path], check: bool) -> int:
    """Read documents (and the packs) into the catalog, all or nothing, as /admin reload does.

    While the bot runs, prefer /admin reload: it also refreshes the bot's indexes.
    """
    from bot.admin.build import build_catalog_from, write_catalog
    from bot.ingest.pipeline import format_report
    from bot.store.catalog import document_slugs
    from bot.store.db import Database

    documents = paths or [settings.documents_dir]
    if check:
        build = await asyncio.to_thread(build_catalog_from, documents, settings.packs_dir)
        print(format_report(build.ingest))
        for problem in build.pack_problems:
            print(f"pack {problem}")
        return 1 if build.problems else 0
    db = await Database.open(settings.db_path)
    try:
        build = await asyncio.to_thread(build_catalog_from, documents, settings.packs_dir, await document_slugs(db))
        print(format_report(build.ingest))
        for problem in build.pack_problems:
            print(f"pack {problem}")
        if build.problems:
            print("Nothing written: fix the files above first (the catalog is replaced whole or not at all).")
            return 1
        if not build.ingest.films:
            print("Nothing written: these documents hold no film, and the catalog would be empty.")
            return 1
        await asyncio.to_thread(write_catalog, db, build)
    finally:
        await db.close()
    print(
        f"Catalog written to {settings.db_path}: {plural(len(build.ingest.films), 'film')}, "
        f"{plural(len(build.questions), 'question')}."
    )
    return 0


async def _backup(settings: Settings, target: Path) -> int:
    from bot.store.db import Database

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
        if command in ("console", "ask", "ingest", "backup"):
            logging.basicConfig(
                level=max(settings.log_level, logging.WARNING), format="%(levelname)s %(name)s: %(message)s"
            )
        if command in ("run", "console", "ask"):
            # Before anything else: a bot that cannot write would tell players their points count.
            from bot.store.db import DatabaseNotWritableError, check_writable

            try:
                check_writable(settings.db_path)
            except DatabaseNotWritableError as error:
                print(f"filmbot: {error}", file=sys.stderr)
                return 1
        if command == "run":
            from bot.app.run import run_bot

            return run_bot(settings)
        if command == "sync":
            from bot.app.run import sync_commands

            return sync_commands(settings)
        if command == "console":
            from bot.app.console import run_console

            return asyncio.run(run_console(settings, as_name=args.as_name, role=args.role))
        if command == "ask":
            from bot.app.console import run_ask

            return asyncio.run(
                run_ask(
                    settings,
                    args.line,
                    as_json=args.json,
                    complete=args.complete,
                    as_name=args.as_name,
                    role=args.role,
                )
            )
        if command == "ingest":
            return asyncio.run(_ingest(settings, args.paths, args.check))
        if command == "backup":
            return asyncio.run(_backup(settings, args.file))
    except ConfigError as error:
        print(f"filmbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2
