"""Opening a journal file: checks, pragmas, private permissions, backups and migrations.

Every connection goes through `journal.cipher.connect`: the standard library's `sqlite3` for a
plain journal, SQLCipher for an encrypted one (the header, read before the file is opened,
says which: `_check_header`).

The services talk to SQLite through the standard library's `sqlite3`: it imports in
milliseconds where SQLAlchemy/SQLModel take most of a second, and capture from the shell
must stay faster than that. `journal.models` declares the same schema for typed tooling,
and a test keeps the two in step.
"""

from __future__ import annotations

import contextlib
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
    database_errors,
    file_state,
    key_of,
)
from journal.cipher import connect as engine_connect
from journal.errors import JournalError
from journal.files import (
    APPLICATION_ID,
    SQLITE_HEADER,
    AlreadyExists,
    existing_journal_file,
    partial_name,
    publish,
    shown,
)
from journal.migrations import LATEST_VERSION, MIGRATIONS

__all__ = ["APPLICATION_ID", "SQLITE_HEADER"]  # their home is journal.files

BUSY_TIMEOUT_MS = 10_000
RESTORE_HINT = "journal backup --list shows the backups, journal restore-backup FILE puts one back"


def now_iso() -> str:
    """The local time with its offset, to the second: when something was written."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _make_private_dir(folder: Path) -> None:
    if os.path.isdir(folder):
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise JournalError(
            f"cannot create the folder {shown(folder)} ({error.strerror}); choose a writable"
            " place with --db PATH or JOURNAL_DB"
        ) from error


def _create_private_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise JournalError(
            f"cannot create the journal {shown(path)} ({error.strerror}); choose a writable"
            " folder with --db PATH or JOURNAL_DB"
        ) from error
    os.close(fd)


def _check_header(path: Path) -> FileState:
    """What the journal file is (plain, encrypted or empty); someone else's is refused. An
    encrypted journal starts with its random salt instead of SQLite's header."""
    state = file_state(path)
    if state == "empty":
        # An empty file is what a crash right after creating a journal leaves (or a file the
        # person made for it): it becomes the journal, private like one.
        try:
            os.chmod(path, 0o600)
        except OSError as error:
            raise JournalError(
                f"cannot make {shown(path)} readable by you alone ({error.strerror}), so it"
                " cannot hold a journal; give a new path"
            ) from error
        return state
    if state == "foreign":
        raise JournalError(
            f"{shown(path)} is not a SQLite database, so not a journal; give a journal file made"
            " by journal, or a new path"
        )
    return state


def _friendly(error: Exception, path: Path) -> JournalError:
    message = str(error)
    if "locked" in message or "busy" in message:
        return JournalError(
            f"the journal {shown(path)} stayed busy in another program for"
            f" {BUSY_TIMEOUT_MS // 1000} s; try again"
        )
    if "full" in message:
        return JournalError(f"the disk holding {shown(path)} is full; nothing was written")
    if "readonly" in message or "unable to open" in message:
        return JournalError(
            f"cannot write the journal {shown(path)} (read-only file or folder); nothing was"
            " written"
        )
    if "malformed" in message or "not a database" in message:
        return damaged(path, message)
    return JournalError(f"the journal {shown(path)} could not be used: {message}")


def damaged(path: Path, detail: str) -> JournalError:
    return JournalError(
        f"{shown(path)} is damaged or not a journal ({detail}); it was left as it is:"
        f" {RESTORE_HINT}"
    )


class UnreadableText(str):
    """Text the journal file holds that is not valid UTF-8 (the file was damaged, or written
    by another program): what could be read, with U+FFFD for each byte that could not."""


def read_text(raw: bytes) -> str:
    """SQLite's text as Python reads it. A cell that is not UTF-8 (a damaged page) would stop
    every query that touches it; here it comes back marked, so every other entry can still
    be read and the damaged one named."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return UnreadableText(raw.decode("utf-8", "replace"))


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
        conn.execute("COMMIT")
    except BaseException:
        _roll_back(conn)
        raise


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo what the failed write did. SQLite may have rolled back already (a full disk, an
    I/O error): then there is nothing to undo, and the error that caused it is the one to
    report, not "cannot rollback - no transaction is active"."""
    if not conn.in_transaction:
        return
    # If even that fails, the connection is closed next and SQLite drops what was not committed.
    with contextlib.suppress(*database_errors()):
        conn.execute("ROLLBACK")


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema{version}-{stamp}.backup{path.suffix or '.sqlite'}")


def backup_to(conn: sqlite3.Connection, target: Path, *, replace: bool = False) -> Path:
    """A consistent copy through SQLite's online backup API, private like the journal and
    encrypted with its key when it is encrypted (the copy keeps the journal's salt).

    Written under a hidden name of its own and renamed into place once whole: a copy cut short
    (the process killed, the disk full) never sits under a backup's name, where the daily
    rotation would take an empty file for today's backup, and two processes copying at once
    never write into one file. An existing `target` is replaced only with `replace`."""
    partial = partial_name(target)
    try:
        copy = engine_connect(partial, key_of(conn))
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.chmod(partial, 0o600)
        publish(partial, target, replace=replace)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _identity(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(application id, schema version, user tables), read in ONE statement: read apart,
    another process creating the journal could commit in between, and a half-seen new
    journal (no id yet, a version already) looked like another program's database."""
    row = conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%')"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == LATEST_VERSION:
        return
    if version > 0:
        _keep_before_migrating(conn, path, version)
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


def _keep_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """The pre-migration backup; two processes upgrading in the same second keep one each."""
    target = backup_path(path, version)
    for number in range(2, 100):
        try:
            backup_to(conn, target)
            return
        except AlreadyExists:
            target = target.with_name(f"{target.stem}-{number}{target.suffix}")
    backup_to(conn, target)


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
    raise JournalError(f"{shown(path)} kept being replaced while opening it; try again")


def _open_once(path: Path, *, create: bool, key: Key | None) -> sqlite3.Connection:
    if not existing_journal_file(path):
        if not create:
            raise JournalError(f"there is no journal at {shown(path)}")
        _make_private_dir(path.parent)
        _create_private_file(path)
    else:
        # The header says which engine: a key given for a plain file is not used (it was
        # decrypted meanwhile); an encrypted one needs its key.
        state = _check_header(path)
        if state == "plain":
            key = None
        elif state == "encrypted" and key is None:
            raise KeyNeeded(f"{shown(path)} is encrypted; {HOW_TO_GIVE}")
    opened = path.stat()
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, key)
        try:
            app_id, version, tables = _identity(conn)
        finally:
            # The first read waits out a conversion's lock; the file may be a new one now.
            if not _same_file(path, opened):
                raise _Replaced
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
            raise JournalError(
                f"{shown(path)} is another program's SQLite database, not a journal; give a"
                " journal file or a new path"
            )
        if version > LATEST_VERSION:
            raise JournalError(
                f"{shown(path)} was written by a newer version of journal (schema {version};"
                f" this version knows up to {LATEST_VERSION}); upgrade journal to open it"
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
            raise JournalError(f"the passphrase does not open {shown(path)}") from error
        raise _friendly(error, path) from error
    except UnicodeDecodeError as error:
        # SQLite's own message quotes the schema's text; bytes that are not UTF-8 in it mean
        # the schema itself is damaged.
        if conn is not None:
            conn.close()
        raise damaged(path, "its schema is not readable text") from error
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def connect(
    path: Path, key: Key | None = None, *, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A connection to an existing journal file with the settings every use needs (the
    writer's durability is set once the file is known to be a journal); an encrypted one
    is opened with its `key`."""
    conn = engine_connect(
        path,
        key,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=check_same_thread,
    )
    conn.text_factory = read_text
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _same_file(path: Path, opened: os.stat_result) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
