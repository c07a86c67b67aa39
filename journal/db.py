"""Opening a journal file: checks, pragmas, private permissions, backups and migrations.

Every connection is made by `journal.cipher.connect`, which picks the engine from the file's
header: the standard library's `sqlite3` for a plain journal, SQLCipher for an encrypted one.

The services talk to SQLite through the standard library's `sqlite3`: it imports in
milliseconds where SQLAlchemy/SQLModel take most of a second, and capture from the shell
must stay faster than that. `journal.models` declares the same schema for typed tooling,
and a test keeps the two in step.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from journal.cipher import (
    HOW_TO_GIVE,
    FileState,
    Key,
    KeyNeeded,
    connect,
    database_errors,
    file_state,
    key_of,
)
from journal.errors import JournalError
from journal.migrations import LATEST_VERSION, MIGRATIONS

# Stamped into the file header so another program's SQLite file is never mistaken for ours.
APPLICATION_ID = 0x4A524E4C  # "JRNL"
BUSY_TIMEOUT_MS = 10_000


def now_iso() -> str:
    """The local time with its offset, to the second: when something was written."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _make_private_dir(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise JournalError(
            f"cannot create the folder {folder} ({error.strerror}); choose a writable place with"
            " --db PATH or JOURNAL_DB"
        ) from error


def _create_private_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise JournalError(
            f"cannot create the journal {path} ({error.strerror}); choose a writable folder"
            " with --db PATH or JOURNAL_DB"
        ) from error
    os.close(fd)


def _check_header(path: Path) -> FileState:
    # An empty file is what a crash right after creating a journal leaves: start it afresh.
    # An encrypted journal starts with its random salt instead of SQLite's header.
    state = file_state(path)
    if state == "foreign":
        raise JournalError(
            f"{path} is not a SQLite database, so not a journal; give a journal file made by"
            " journal, or a new path"
        )
    return state


def _friendly(error: Exception, path: Path) -> JournalError:
    message = str(error)
    if "locked" in message or "busy" in message:
        return JournalError(
            f"the journal {path} stayed busy in another program for"
            f" {BUSY_TIMEOUT_MS // 1000} s; try again"
        )
    if "full" in message:
        return JournalError(f"the disk holding {path} is full; nothing was written")
    if "readonly" in message or "unable to open" in message:
        return JournalError(
            f"cannot write the journal {path} (read-only file or folder); nothing was written"
        )
    if "malformed" in message or "not a database" in message:
        return JournalError(
            f"{path} is damaged or not a journal ({message}); restore it from a backup"
        )
    return JournalError(f"the journal {path} could not be used: {message}")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors into one line a person can act on."""
    try:
        yield
    except database_errors() as error:
        raise _friendly(error, path) from error


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing. IMMEDIATE takes the write lock up front, so two
    processes queue on the busy timeout instead of failing on a lock upgrade.

    Inside an open transaction it joins it, so services compose into one write."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema{version}-{stamp}.backup{path.suffix or '.sqlite'}")


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, private like the journal and
    encrypted with its key when it is encrypted (the copy keeps the journal's salt).

    Written under a hidden name and renamed into place once whole: a copy cut short (the
    process killed, the disk full) never sits under a backup's name, where the daily rotation
    would take an empty file for today's backup."""
    _make_private_dir(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    _create_private_file(partial)
    try:
        copy = connect(partial, key_of(conn))
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _user_tables(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return int(row[0])


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == LATEST_VERSION:
        return
    if version > 0:
        backup_to(conn, backup_path(path, version))
    with transaction(conn):
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for step in MIGRATIONS:
            if step.version <= version:
                continue
            for statement in _split_sql(step.sql):
                conn.execute(statement)
            if step.seed is not None:
                step.seed(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements; `executescript` would commit our transaction."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL in migration: {pending[:60]!r}")
    return statements


class _Replaced(Exception):
    """The file at the path changed while opening it (encrypted, decrypted or rekeyed)."""


def open_journal(
    path: Path, *, create: bool = True, daily_backups: int = 0, key: Key | None = None
) -> sqlite3.Connection:
    """Open (or create) the journal at `path`, migrated to the latest schema.

    An encrypted journal needs its `key`; a new journal given a key is created encrypted.
    With `daily_backups`, the first opening of a day keeps a backup copy (that many kept)."""
    path = path.expanduser()
    for _ in range(3):
        try:
            return _open_once(path, create=create, key=key)
        except _Replaced:
            continue  # `journal encrypt` (or decrypt, rekey) replaced it meanwhile: again
    raise JournalError(f"{path} kept being replaced while opening it; try again")


def _open_once(path: Path, *, create: bool, key: Key | None) -> sqlite3.Connection:
    is_new = not path.exists()
    if is_new:
        if not create:
            raise JournalError(f"there is no journal at {path}")
        _make_private_dir(path.parent)
        _create_private_file(path)
    else:
        # The header says which engine: a key given for a plain file is not used (it was
        # decrypted meanwhile); an encrypted one needs its key.
        state = _check_header(path)
        if state == "plain":
            key = None
        elif state == "encrypted" and key is None:
            raise KeyNeeded(f"{path} is encrypted; {HOW_TO_GIVE}")
    opened = path.stat()
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, key, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        finally:
            # The first read waits out a conversion's lock; the file may be a new one now.
            if not _same_file(path, opened):
                raise _Replaced
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or _user_tables(conn)):
            raise JournalError(
                f"{path} is another program's SQLite database, not a journal; give a journal"
                " file or a new path"
            )
        if version > LATEST_VERSION:
            raise JournalError(
                f"{path} was written by a newer version of journal (schema {version}; this"
                f" version knows up to {LATEST_VERSION}); upgrade journal to open it"
            )
        # FULL: a commit reported done is on disk, even if the machine dies right after.
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn, path)
        # After migrating, so a failed migration leaves the file byte for byte as it was.
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    except database_errors() as error:
        if conn is not None:
            conn.close()
        if key is not None and "not a database" in str(error):
            raise JournalError(f"the passphrase does not open {path}") from error
        raise _friendly(error, path) from error
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def _same_file(path: Path, opened: os.stat_result) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
