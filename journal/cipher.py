"""Encryption at rest: which SQLite engine opens a journal file, and with which key.

A plain journal is opened by the standard library's `sqlite3`; an encrypted one by SQLCipher
(the `sqlcipher3` package, installed by `pip install 'journal[encryption]'`). The file's first
bytes decide (`file_state`): a plain SQLite file starts with "SQLite format 3", an encrypted
one with its random salt. They are read before the file is opened (`db.open_journal`, the
CLI, the app); every connection to a journal or a backup is then made by `connect` here,
SQLCipher with the key or `sqlite3` without, and the plain path never imports SQLCipher.

Keys are raw. A passphrase goes through SQLCipher 4's own key derivation (PBKDF2-HMAC-SHA512,
256,000 rounds, with the file's salt) once, in `derive`; every connection then gives SQLCipher
the derived key and the salt (`x'<key><salt>'`), so opening costs no derivation, a backup
keeps the journal's salt (the same passphrase or remembered key opens it), and any SQLCipher 4
tool still opens the file with the passphrase (`PRAGMA key = '...'`).

What `sqlcipher3` (0.6.4, SQLCipher 4 on SQLite 3.5x, with FTS5) lacks beside `sqlite3`,
checked against what journal uses: no `iterdump`, `serialize`/`deserialize`,
`setlimit`/`getlimit` or `blobopen` (journal uses none of them; the tests read journals
through their own helper); its exceptions are classes of its own, not subclasses of
`sqlite3.Error`, hence `database_errors()` wherever journal catches SQLite's errors. It has
`backup`, `interrupt`, `set_progress_handler`, `complete_statement`, `in_transaction`,
`executemany`, the `factory` argument, FTS5, `sqlcipher_export` and `cipher_log_level`.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from journal.errors import JournalError
from journal.files import SQLITE_HEADER, open_input
from journal.files import FileState as FileState  # its home is journal.files
from journal.files import file_state as file_state

__all__ = ["SQLITE_HEADER"]  # its home is journal.files

SALT_SIZE = 16
KEY_SIZE = 32
# SQLCipher 4's defaults: a key derived here opens the file exactly as its passphrase does.
KDF_ITERATIONS = 256_000
KDF_HASH = "sha512"
INSTALL_HINT = "pip install 'journal[encryption]'"
HOW_TO_GIVE = (
    "give its passphrase in JOURNAL_PASSPHRASE or with --passphrase-file PATH, or run journal"
    " at a terminal to type it"
)

IsolationLevel = Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None


@dataclass(frozen=True, slots=True)
class Key:
    """A derived key, the salt it belongs to, and where it came from (for messages)."""

    raw: bytes = field(repr=False)
    salt: bytes = field(repr=False)
    source: str = ""

    def sql(self) -> str:
        """The key as SQLCipher reads it: raw key data with its salt, no derivation."""
        return f"x'{self.raw.hex()}{self.salt.hex()}'"


class KeyNeeded(JournalError):
    """An encrypted file was to be opened without its key."""


class PlainConnection(sqlite3.Connection):
    """A connection made by `connect` to a plain file."""

    journal_key: Key | None = None


@functools.cache
def _engine() -> Any:
    """SQLCipher's DB-API module, imported the first time an encrypted file is touched."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:
        raise JournalError(
            f"encrypted journals need SQLCipher, which is not installed: {INSTALL_HINT}"
        ) from error
    return dbapi2


@functools.cache
def _encrypted_connection_class() -> type[Any]:
    class EncryptedConnection(_engine().Connection):  # type: ignore[misc]
        """A connection made by `connect` to an encrypted file; `journal_key` opens it."""

        journal_key: Key | None = None

    return EncryptedConnection


def available() -> bool:
    """Whether SQLCipher is installed (the `encryption` extra), without loading it."""
    if sys.modules.get("sqlcipher3.dbapi2") is not None:
        return True
    import importlib.util

    try:
        return importlib.util.find_spec("sqlcipher3") is not None
    except ValueError:  # set to None in sys.modules: taken away
        return False


def database_errors(*also: type[Exception]) -> tuple[type[Exception], ...]:
    """SQLite's errors from either engine (SQLCipher's are not subclasses of sqlite3's),
    and `also` these.

    Evaluated where an error is caught, so SQLCipher's join only once it has been loaded."""
    engine = sys.modules.get("sqlcipher3.dbapi2")
    if engine is None:
        return (*also, sqlite3.Error)
    return (*also, sqlite3.Error, engine.Error)


def integrity_errors() -> tuple[type[Exception], ...]:
    return _both("IntegrityError")


def operational_errors() -> tuple[type[Exception], ...]:
    return _both("OperationalError")


def _both(name: str) -> tuple[type[Exception], ...]:
    engine = sys.modules.get("sqlcipher3.dbapi2")
    ours: type[Exception] = getattr(sqlite3, name)
    return (ours,) if engine is None else (ours, getattr(engine, name))


def salt_of(path: Path) -> bytes:
    with open_input(path, "an encrypted journal") as handle:
        return handle.read(SALT_SIZE)


@functools.lru_cache(maxsize=8)
def derive(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's key derivation (a fifth of a second, on purpose): remembered for the
    life of the process, so one passphrase is derived once however often it is used."""
    import hashlib

    return hashlib.pbkdf2_hmac(
        KDF_HASH, passphrase.encode("utf-8"), salt, KDF_ITERATIONS, dklen=KEY_SIZE
    )


def new_key(passphrase: str, source: str) -> Key:
    """A key for a new encrypted file: a fresh random salt."""
    salt = os.urandom(SALT_SIZE)
    return Key(derive(passphrase, salt), salt, source)


def key_for(path: Path, passphrase: str, source: str) -> Key:
    """The key `passphrase` gives for the encrypted file at `path`."""
    salt = salt_of(path)
    return Key(derive(passphrase, salt), salt, source)


def _uri(path: Path, *, immutable: bool) -> str:
    # as_uri() escapes '?', '#' and '%' in the path, which a bare "file:" string would not.
    return f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def connect(
    path: Path,
    key: Key | None,
    *,
    readonly: bool = False,
    immutable: bool = False,
    timeout: float = 10.0,
    check_same_thread: bool = True,
    isolation_level: IsolationLevel = "DEFERRED",
) -> sqlite3.Connection:
    """Open `path` with SQLCipher and `key`, or with `sqlite3` when `key` is None: the
    caller has read the header (`file_state`) and knows which the file needs.

    Nothing here reads the file itself: in a process that has the file open in SQLite,
    closing any other descriptor of it would drop SQLite's locks on it (POSIX locks belong
    to the process), and another process could then take the file from under it.
    The key is checked by the first statement that reads the file; `opens` checks it up
    front. `immutable` (read-only files of ours that nothing writes: backups) reads no
    write-ahead log and leaves none."""
    target = _uri(path, immutable=immutable) if readonly else str(path)
    if key is None:
        plain = sqlite3.connect(
            target,
            timeout=timeout,
            check_same_thread=check_same_thread,
            isolation_level=isolation_level,
            uri=readonly,
            factory=PlainConnection,
        )
        return plain
    return _cipher_connect(
        target,
        key,
        timeout=timeout,
        check_same_thread=check_same_thread,
        isolation_level=isolation_level,
        uri=readonly,
    )


def _cipher_connect(target: str, key: Key | None, **options: Any) -> sqlite3.Connection:
    """A SQLCipher connection; without a key it reads and writes plain SQLite."""
    conn = _engine().connect(target, factory=_encrypted_connection_class(), **options)
    try:
        # First of all: a wrong key must not print SQLCipher's log onto the app's screen.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f'PRAGMA key = "{key.sql()}"')
    except BaseException:
        conn.close()
        raise
    conn.journal_key = key
    return cast(sqlite3.Connection, conn)


def key_of(conn: sqlite3.Connection) -> Key | None:
    """The key a connection made by `connect` was opened with (None: a plain file)."""
    return cast(Key | None, getattr(conn, "journal_key", None))


def opens(path: Path, key: Key) -> bool:
    """Whether `key` opens the encrypted file at `path` (a wrong key reads as "not a
    database"; any other problem is raised as usual). Read-write, though it only reads:
    after a crash, reading first recovers the write-ahead log, which read-only cannot."""
    conn = connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except database_errors() as error:
        if "not a database" in str(error):
            return False
        raise
    finally:
        conn.close()
    return True


def version() -> str:
    """SQLCipher's version, for `journal config`."""
    conn = _engine().connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()


# --- rewriting a file under another key ---------------------------------------------------

CONVERT_WAIT_S = 5.0


def partial_path(path: Path) -> Path:
    """Where `convert` writes the new file (hidden; the backups' clean-up knows the name)."""
    return path.with_name(f".{path.name}.converting.partial")


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, Path(f"{partial}-journal")):
        leftover.unlink(missing_ok=True)


def convert(path: Path, source: Key | None, target: Key | None) -> None:
    """Rewrite the journal (or backup) at `path` under `target` (None: plain), in place.

    `sqlcipher_export` copies everything into a new file beside it, which replaces the old
    one by a rename only once it is whole and on disk: a kill at any moment leaves the old
    file or the new one, and what a kill cut short is removed by the next conversion.

    The old file is held exclusively from before the copy until after the rename, so no
    other process writes into it meanwhile (into a file about to be replaced). Commands that
    have it open are waited for, up to CONVERT_WAIT_S seconds; the app, which keeps it open,
    makes this stop with a line saying so. Processes that open the journal meanwhile wait
    for the lock, then find the file replaced and open the new one (`db.open_journal`)."""
    partial = partial_path(path)
    _remove_partial(partial)
    _create_private(partial)
    conn = _cipher_connect(str(path), source, timeout=0, isolation_level=None)
    try:
        _take_whole(conn, path)
        _export(conn, path, partial, target, begin="BEGIN EXCLUSIVE")
        # The old file's write-ahead index goes while nobody else can be using it: left, the
        # new file would come up beside an index of another file (SQLite rebuilds it, but
        # only the first connection in knows it has to).
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            companion.unlink(missing_ok=True)
        os.replace(partial, path)
        _sync(path.parent)
    except BaseException:
        _remove_partial(partial)
        raise
    finally:
        conn.close()


def _take_whole(conn: sqlite3.Connection, path: Path) -> None:
    """Hold the file exclusively, out of write-ahead logging, until `conn` closes.

    Leaving WAL needs every other connection closed: that is the test that nobody has it
    open, and it leaves no write-ahead log that the new file would inherit by its name.
    SQLite's own busy wait looks again only every 100 ms, and commands run in less: this
    looks every few milliseconds for the moment none has it open. In exclusive locking mode
    the lock taken then is kept, so no command slips in before the copy."""
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    deadline = time.monotonic() + CONVERT_WAIT_S
    while True:
        try:
            if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete":
                conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the lock
                return
        except database_errors() as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise JournalError(
                f"{path} is open in another program (the app, or a command still running);"
                " close it and try again"
            )
        time.sleep(0.002)


def export_copy(source: Path, source_key: Key | None, target: Path, target_key: Key | None) -> None:
    """A whole copy of `source` under `target_key` (None: plain) in the new file `target`."""
    _remove_partial(target)
    _create_private(target)
    conn = _cipher_connect(str(source), source_key, isolation_level=None)
    try:
        _export(conn, source, target, target_key, begin="BEGIN")
    except BaseException:
        _remove_partial(target)
        raise
    finally:
        conn.close()


def _export(
    conn: sqlite3.Connection, path: Path, target: Path, key: Key | None, *, begin: str
) -> None:
    conn.execute(
        "ATTACH DATABASE ? AS converted KEY ?", (str(target), key.sql() if key is not None else "")
    )
    conn.execute(begin)
    conn.execute("SELECT sqlcipher_export('converted')")
    # sqlcipher_export copies tables and rows, not the header's numbers.
    for pragma in ("user_version", "application_id"):
        value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
        conn.execute(f"PRAGMA converted.{pragma} = {value}")
    conn.execute("COMMIT")
    _check_copied(conn, path)
    conn.execute("DETACH DATABASE converted")
    _sync(target)


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _check_copied(conn: sqlite3.Connection, path: Path) -> None:
    """Every table holds as many rows in the copy as in the original (virtual tables
    through their shadow tables: the copy's schema shows them only once attached anew)."""
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND rootpage > 0"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        before = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        after = conn.execute(f"SELECT count(*) FROM converted.{quoted}").fetchone()[0]
        if before != after:
            raise JournalError(
                f"the copy of {path} came out different ({table}: {after} rows of {before});"
                " nothing was changed"
            )


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
