"""Reading the data folder safely: regular files inside it, never more than a bound.

Documents and packs are published to every member, so a file is read only when
its resolved path lies inside the folder being read: a symbolic link that
leaves it (`notes.txt -> ~/.env`) is named as a problem and never opened. A
FIFO or device with a document's name is refused too (reading one would block
or never end), and a file over its size limit is refused from its size before
a byte of it is read, with the read itself bounded in case the file grows.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 64 * 1024


class DataFileError(Exception):
    """A data file that is not read, and why (`reason`, for the file's problem line)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def describe_size(size: int) -> str:
    """`2097152` -> "2 MiB", `262144` -> "256 KiB": sizes as the limits are written."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def data_files(directory: Path, suffixes: tuple[str, ...], *, recursive: bool) -> Iterator[tuple[str, Path]]:
    """(name relative to `directory`, path) of every entry that looks like a data file, sorted by name.

    Links and special files are listed too, so that `read_data_file` can name
    them as problems instead of skipping them silently. Hidden files and
    folders are skipped; links to folders are never followed (a link that
    leaves the folder is listed, so that it is named).
    """
    found: list[tuple[str, Path]] = []
    for folder, subfolders, files in os.walk(directory, followlinks=False):
        base = Path(folder)
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in subfolders:
            link = base / name
            if link.is_symlink() and not _inside(link, directory):
                found.append((link.relative_to(directory).as_posix(), link))
        for name in files:
            if not name.startswith(".") and name.lower().endswith(suffixes):
                found.append(((base / name).relative_to(directory).as_posix(), base / name))
        if not recursive:
            subfolders.clear()
    found.sort(key=lambda item: item[0])
    return iter(found)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def read_data_file(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of `path` if it is a regular file inside `root` of at most `max_bytes`; else DataFileError."""
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except FileNotFoundError:
        gone = "a symbolic link to nothing (its target is missing)" if path.is_symlink() else "no longer there"
        raise DataFileError(f"{gone}; not read") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        raise DataFileError(f"cannot be read: {getattr(error, 'strerror', None) or error}") from None
    if not inside:
        raise DataFileError("a symbolic link that leads outside the data folder; not read")
    try:
        descriptor = os.open(real, _OPEN_FLAGS)
    except OSError as error:
        raise DataFileError(f"cannot be read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            what = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file (a pipe or device)"
            raise DataFileError(f"{what}; not read")
        if status.st_size > max_bytes:
            raise _too_large(status.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        while chunk := file.read(min(_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew since the stat
                raise _too_large(total, max_bytes, at_least=True)
    return b"".join(chunks)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> DataFileError:
    more = "more than " if at_least else ""
    return DataFileError(f"too large: {more}{describe_size(size)}; the limit is {describe_size(limit)}")
