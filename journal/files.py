"""Files the person names: what each path really is, and one line when it cannot be used.

Every file journal reads (a journal, a backup, a file to import, the config) must be a regular
file: a named pipe would wait forever for a writer, a device such as /dev/zero never ends, and
SQLite given /dev/null writes a stray journal file beside it. Every file journal writes (an
export, a backup) is written under a temporary name and renamed into place once whole, never
through a pipe or a device, never over a journal or one of its backups, and over another
existing file only when the caller says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from journal.errors import JournalError
from journal.text import printable

SQLITE_HEADER = b"SQLite format 3\x00"
# Stamped into the file header so another program's SQLite file is never mistaken for ours.
APPLICATION_ID = 0x4A524E4C  # "JRNL"
# Files SQLite keeps beside a database while it is in use.
SIDECARS = ("-wal", "-shm", "-journal")
_SHOWN_PATH = 100


def shown(path: Path | str) -> str:
    """A path as a message shows it: a very long one (a pasted paragraph) cut short, control
    characters escaped."""
    text = printable(str(path))
    return text if len(text) <= _SHOWN_PATH else text[: _SHOWN_PATH - 1] + "…"


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_problem(error: OSError, path: Path, doing: str) -> JournalError:
    if error.errno == errno.ENAMETOOLONG:
        return JournalError(
            f"the path {shown(path)} is too long for this system (a name in it, or the whole"
            " path); give a shorter one"
        )
    if error.errno == errno.ENOTDIR:
        return JournalError(f"{shown(path)}: part of this path is a file, not a folder")
    return JournalError(f"cannot {doing} {shown(path)} ({error.strerror})")


def _missing(path: Path) -> JournalError:
    """A path with nothing at it: a dangling symbolic link is named as one."""
    if path.is_symlink():
        return JournalError(
            f"{shown(path)} is a symbolic link to {shown(os.readlink(path))}, which does not"
            " exist; give the file itself"
        )
    return JournalError(f"there is no file {shown(path)}")


def _stat(path: Path, doing: str) -> os.stat_result | None:
    """The file at `path` (symbolic links followed); None when there is nothing there."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # a file in the middle of the path: said when a folder is made there
    except OSError as error:
        raise _os_problem(error, path, doing) from error


def open_input(path: Path, what: str) -> BinaryIO:
    """`path` opened for reading, if it is a regular file; `what` names what was expected
    ("a backup file")."""
    found = _stat(path, "read")
    if found is None:
        raise _missing(path)
    kind = kind_of(found.st_mode)
    if kind is not None:
        raise JournalError(f"{shown(path)} is {kind}, not a file; give {what}")
    try:
        # Non-blocking, so a pipe put there since the check cannot make the open wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as error:
        raise _missing(path) from error
    except OSError as error:
        raise _os_problem(error, path, "read") from error
    kind = kind_of(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise JournalError(f"{shown(path)} is {kind}, not a file; give {what}")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def existing_journal_file(path: Path) -> bool:
    """Whether a journal file is already at `path`: a regular file (True) or nothing yet
    (False, a new journal may be made there). Anything else is refused in one line."""
    found = _stat(path, "open")
    if found is None:
        if path.is_symlink():
            raise _missing(path)
        return False
    kind = kind_of(found.st_mode)
    if kind is not None:
        raise JournalError(
            f"{shown(path)} is {kind}, not a journal file; give the path of a journal file,"
            " or a new path"
        )
    return True


def encrypted_header(header: bytes, size: int) -> bool:
    """Whether a file that is not plain SQLite, starting with `header` (16 bytes or more) and
    `size` bytes long, is an encrypted SQLite database (SQLCipher): all pages (a whole
    number of 512-byte blocks) behind a random salt. A short or odd-sized file is someone
    else's, and so is one whose "salt" is zeros or printable text (one salt in some ten
    million is)."""
    salt = header[:16]
    if size < 512 or size % 512 or len(salt) < 16 or not any(salt):
        return False
    return not all(32 <= byte < 127 or byte in b"\t\n\r" for byte in salt)


def is_journal_file(path: Path) -> bool:
    """Whether the regular file at `path` is a journal (or a backup of one): a SQLite file
    stamped with our application id, or an encrypted one (whose stamp is encrypted too)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(72)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    if not header.startswith(SQLITE_HEADER):
        return encrypted_header(header, size)
    return header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def _sidecar_of(path: Path) -> Path | None:
    """The database a SQLite sidecar file (-wal, -shm, -journal) belongs to."""
    for suffix in SIDECARS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return None


def output_target(path: Path, *, protected: Iterable[Path] = ()) -> Path:
    """The real place a new file named `path` will be written (symbolic links resolved).

    Refused, whatever the caller allows: a folder, a pipe, a device or a socket; a journal
    or a backup of one (anywhere); a file SQLite keeps beside a database; one of the
    `protected` paths (the journal in use, and its sidecars even before SQLite makes them);
    an existing file inside a protected folder (its backups). Whether another existing file
    may be replaced is for `write_privately` to decide."""
    real = Path(os.path.realpath(path.expanduser()))
    guarded = [Path(os.path.realpath(p)) for p in protected]
    guarded += [g.with_name(g.name + suffix) for g in guarded for suffix in SIDECARS]
    found = _stat(real, "write")
    if found is not None:
        kind = kind_of(found.st_mode)
        if kind == "a folder":
            raise JournalError(
                f"{shown(path)} is a folder; give a file name, such as {shown(real / 'q3.md')}"
            )
        if kind is not None:
            raise JournalError(f"{shown(path)} is {kind}, not a file; nothing is written there")
    exists = found is not None
    if any(real == place or (exists and place in real.parents) for place in guarded) or (
        exists and is_journal_file(real)
    ):
        raise JournalError(
            f"{shown(path)} is a journal, a backup or a file SQLite keeps beside one, never"
            " written over; choose another name"
        )
    database = _sidecar_of(real)
    if database is not None and os.path.isfile(database) and _is_sqlite(database):
        raise JournalError(
            f"{shown(path)} belongs to the database {shown(database)} (SQLite keeps it beside"
            " the file); choose another file name"
        )
    return real


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


class AlreadyExists(JournalError):
    """The target exists and the caller did not say to replace it."""


def private_folder(folder: Path) -> None:
    """`folder` and its parents, made owner-only (0700) where they are created."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror
        if isinstance(error, FileExistsError | NotADirectoryError):
            reason = "part of this path is a file, not a folder"
        raise JournalError(
            f"cannot write in {shown(folder)} ({reason}); choose another place"
        ) from error


def partial_name(target: Path) -> Path:
    """A new, private, empty file beside `target` to write it under until it is whole: hidden,
    named after it, and unique, so two processes never write into the same one."""
    import tempfile  # lazy: only writes pay for it, capture's start-up does not

    private_folder(target.parent)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name[:100]}.", suffix=".partial", dir=target.parent
        )
    except OSError as error:
        raise _os_problem(error, target.parent, "write in") from error
    os.fchmod(handle, 0o600)
    os.close(handle)
    return Path(name)


def publish(partial: Path, target: Path, *, replace: bool) -> None:
    """Give the whole file its name. Without `replace` an existing file is never replaced,
    even one that appeared a moment ago (a hard link cannot overwrite)."""
    if replace:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)
    except FileExistsError as error:
        raise AlreadyExists(f"{shown(target)} already exists") from error
    except OSError:
        # A file system without hard links (FAT, some network shares): check, then rename.
        if os.path.lexists(target):
            raise AlreadyExists(f"{shown(target)} already exists") from None
        os.replace(partial, target)
        return
    os.unlink(partial)


@contextlib.contextmanager
def write_privately(target: Path, *, replace: bool = False) -> Iterator[BinaryIO]:
    """A binary file only its owner can read (0600), written whole or not at all: under a
    temporary name beside `target`, synced, then renamed into place. `target` comes from
    `output_target`."""
    partial = partial_name(target)
    try:
        with open(partial, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        publish(partial, target, replace=replace)
    except AlreadyExists:
        partial.unlink(missing_ok=True)
        raise
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise JournalError(
            f"could not write {shown(target)} ({error.strerror}); nothing was written there"
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


FileState = Literal["missing", "empty", "plain", "encrypted", "foreign"]


def file_state(path: Path) -> FileState:
    """What the file at `path` is, from its first bytes and its size.

    Read it before this process opens the file in SQLite (see `connect`).

    See `journal.files.encrypted_header` for how an encrypted one is told from someone
    else's file."""
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as error:
        raise JournalError(f"cannot read {shown(path)} ({error.strerror})") from error
    with open_input(path, "the path of a journal file") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        return "empty"
    if header == SQLITE_HEADER:
        return "plain"
    return "encrypted" if encrypted_header(header, size) else "foreign"
