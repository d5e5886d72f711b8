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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmbot", description="Film trivia and reviews, on Discord or in a terminal."
    )
    parser.add_argument("--version", action="version", version=f"filmbot {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: FILMBOT_DB or the user data directory)")
    parser.add_argument("--env-file", default=".env", help="settings file to read (default: .env)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    commands.add_parser("console", help="use the bot in this terminal, no token needed")
    commands.add_parser("start", help="Discord when DISCORD_TOKEN is set, otherwise the console")
    ask = commands.add_parser("ask", help='run one command: filmbot ask "/film info title:Heat"')
    ask.add_argument("line", help="the command as you would type it in Discord")
    ask.add_argument("--json", action="store_true", help="print the message payload Discord would receive")
    ask.add_argument("--complete", action="store_true", help="show the autocomplete choices for the last option")
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
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.env_file)
    if args.db is not None:
        settings = dataclasses.replace(settings, db_path=args.db)
    return settings


async def _ingest(settings: Settings, paths: list[Path], check: bool, replace: bool = False) -> int:
    """Read documents (and the packs) into the catalog, all or nothing, as /admin reload does.

    PATHS are added to the data folder's documents; with `replace` the catalog
    holds PATHS only. `check` prints each document's card (see
    `bot.ingest.explain`) and writes nothing. While the bot runs, prefer
    /admin reload: it also refreshes the bot's indexes.
    """
    from bot.admin.build import build_catalog_from, write_catalog
    from bot.ingest.pipeline import format_report
    from bot.store.catalog import document_slugs
    from bot.store.db import Database

    if replace and not paths:
        print("--replace needs the files or folders the catalog should hold.")
        return 2
    documents = paths if replace else [settings.documents_dir, *paths]
    if check:
        from bot.ingest.explain import document_texts, explain_texts

        build = await asyncio.to_thread(build_catalog_from, documents, settings.packs_dir)
        print(await asyncio.to_thread(lambda: explain_texts(document_texts(paths or documents))))
        print()
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
    print(f"Catalog written to {settings.db_path}: {len(build.ingest.films)} films, {len(build.questions)} questions.")
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
        if command == "run":
            from bot.app.run import run_bot

            return run_bot(settings)
        if command == "sync":
            from bot.app.run import sync_commands

            return sync_commands(settings)
        if command == "console":
            from bot.app.console import run_console

            return asyncio.run(run_console(settings))
        if command == "ask":
            from bot.app.console import run_ask

            return asyncio.run(run_ask(settings, args.line, as_json=args.json, complete=args.complete))
        if command == "ingest":
            return asyncio.run(_ingest(settings, args.paths, args.check, args.replace))
        if command == "backup":
            return asyncio.run(_backup(settings, args.file))
    except ConfigError as error:
        print(f"filmbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2
