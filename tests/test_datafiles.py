"""The data folder is read safely: only regular files inside it, each within its size limit.

The file a link points at is a real document (one the extractor would publish),
so a test fails loudly if the link is ever followed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import LocalDiscord
from bot.config import Settings
from bot.datafiles import DataFileError, read_data_file
from bot.ingest.pipeline import MAX_DOCUMENT_BYTES, ingest_paths
from bot.trivia.packs import load_pack_dir
from tests.conftest import SEED_DATA, TEST_DOCUMENTS
from tests.helpers import answer, ephemeral, text_of
from tests.test_cli import filmbot

OUTSIDE_DOCUMENT = "103_copper_saints_header.txt"  # a film the seed data does not have
OUTSIDE_TITLE = "The Copper Saints"


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(SEED_DATA, root)
    return root


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the data folder, as a `.env` or a private note would be."""
    outside = tmp_path / "private"
    outside.mkdir()
    shutil.copy(TEST_DOCUMENTS / OUTSIDE_DOCUMENT, outside / "notes.txt")
    return outside / "notes.txt"


def test_a_link_leaving_the_folder_is_refused_and_one_inside_it_is_read(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "real.txt").write_text("inside")
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    (folder / "escape.txt").symlink_to(secret)
    (folder / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    assert read_data_file(folder / "alias.txt", folder, 100) == b"inside"
    with pytest.raises(DataFileError, match="outside the data folder"):
        read_data_file(folder / "escape.txt", folder, 100)
    with pytest.raises(DataFileError, match="target is missing"):
        read_data_file(folder / "dangling.txt", folder, 100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_with_a_documents_name_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(DataFileError, match="not a regular file"):
        read_data_file(tmp_path / "pipe.txt", tmp_path, 100)
    result = ingest_paths([tmp_path])
    assert [(p.name, "not a regular file" in p.reason) for p in result.problems] == [("pipe.txt", True)]


def test_ingest_names_a_link_that_leaves_the_folder_and_never_reads_it(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(TEST_DOCUMENTS, folder, ignore=shutil.ignore_patterns(OUTSIDE_DOCUMENT))
    (folder / "notes.txt").symlink_to(secret)
    (folder / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    result = ingest_paths([folder])
    problems = {p.name: p.reason for p in result.problems}
    assert "outside the data folder" in problems["notes.txt"]
    assert "outside the data folder" in problems["linked-folder"]
    assert OUTSIDE_TITLE not in {film.title for film in result.films}
    assert "notes.txt" not in {d.name for d in result.documents}


def test_a_pack_linked_from_outside_is_a_problem_not_a_pack(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("name: Leaked\nquestions:\n  - prompt: Secret?\n    answer: DISCORD_TOKEN=abc\n")
    packs_dir = tmp_path / "packs"
    shutil.copytree(SEED_DATA / "packs", packs_dir)
    (packs_dir / "leak.yaml").symlink_to(outside)
    packs, problems = load_pack_dir(packs_dir)
    assert "Leaked" not in {pack.name for pack in packs}
    assert packs, "the other packs still load"
    assert [(p.file, "outside the data folder" in p.message) for p in problems] == [("leak.yaml", True)]


def test_a_document_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(TEST_DOCUMENTS, folder)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(100 * 1024 * 1024)  # sparse: 100 MiB of NULs that a whole read would load
    at_limit = folder / "at_limit.txt"
    text = (TEST_DOCUMENTS / OUTSIDE_DOCUMENT).read_bytes()
    at_limit.write_bytes(text + b" " * (MAX_DOCUMENT_BYTES - len(text)))
    result = ingest_paths([folder])
    problems = {p.name: p.reason for p in result.problems}
    assert problems == {"huge.txt": "too large: 100 MiB; the limit is 2 MiB"}
    assert "at_limit.txt" in {d.name for d in result.documents}


@pytest.fixture
async def bot(data_root: Path, make_settings: Callable[..., Settings]) -> AsyncIterator[LocalDiscord]:
    local = LocalDiscord(FilmBot(make_settings(data_root)))
    await local.start()
    yield local
    await local.close()


async def test_a_reload_with_an_escaping_link_is_refused_and_publishes_nothing(
    bot: LocalDiscord, data_root: Path, secret: Path
) -> None:
    (data_root / "documents" / "notes.txt").symlink_to(secret)
    report = answer(await bot.command("/admin reload"))
    assert ephemeral(report)
    text = text_of(report)
    assert "Reload refused" in text
    assert "`notes.txt`" in text and "outside the data folder" in text
    assert str(secret) not in text, "the link's target is not shown"
    assert OUTSIDE_TITLE not in text_of(answer(await bot.command("/film list")))
    assert not any("Copper" in c["name"] for c in await bot.autocomplete("/film info title:copper"))


def test_ingest_check_exits_1_on_an_escaping_link(tmp_path: Path, data_root: Path, secret: Path) -> None:
    (data_root / "packs" / "leak.yaml").symlink_to(secret)
    (data_root / "documents" / "notes.txt").symlink_to(secret)
    result = filmbot("ingest", "--check", cwd=tmp_path, FILMBOT_DATA=str(data_root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "notes.txt: a symbolic link that leads outside the data folder" in result.stdout
    assert "leak.yaml: a symbolic link that leads outside the data folder" in result.stdout
    assert OUTSIDE_TITLE not in result.stdout
