"""Backups: whole, consistent copies of a journal, taken with SQLite's online backup API.

- Daily: on the first use of each day, a copy goes into `<journal>-backups/` beside the
  journal; the newest `backups` (a setting, default 7) are kept, older daily ones removed.
- Before a migration: `<journal>.schemaN-<time>.backup.sqlite` beside the journal, never
  removed automatically (they are rare, and the only way back from a schema change).
- On request: `journal backup [--to PATH]`; before a restore, the journal as it was.

The backup API copies page by page under SQLite's locks, so a copy taken while the app is
open (or while another process writes) is still a consistent journal. The backups of an
encrypted journal are encrypted with its key (`journal.db.backup_to`).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from journal.cipher import Key, connect, database_errors, export_copy, file_state
from journal.db import APPLICATION_ID, backup_to
from journal.errors import JournalError
from journal.files import AlreadyExists, open_input, output_target, private_folder, shown
from journal.migrations import LATEST_VERSION

DEFAULT_KEEP = 7
_STAMP = "%Y-%m-%d-%H%M%S"
_DAILY = re.compile(r"-daily-(\d{4}-\d\d-\d\d)-\d{6}\.sqlite$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    entries: int | None  # None: unreadable (or encrypted with another key)
    daily: bool
    encrypted: bool = False


def folder_for(journal: Path) -> Path:
    return journal.with_name(f"{journal.stem}-backups")


def _stamp() -> str:
    return datetime.now().strftime(_STAMP)


def _daily_backups(journal: Path) -> list[Path]:
    folder = folder_for(journal)
    if not os.path.isdir(folder):
        return []
    prefix = f"{journal.stem}-daily-"
    return sorted(
        p for p in folder.iterdir() if p.name.startswith(prefix) and _DAILY.search(p.name)
    )


def daily_backup_due(journal: Path, *, now: datetime | None = None) -> bool:
    day = (now or datetime.now()).strftime("%Y-%m-%d")
    found = _daily_backups(journal)
    if not found:
        return True
    match = _DAILY.search(found[-1].name)
    return match is None or match.group(1) < day


def _worth_backing_up(conn: sqlite3.Connection) -> bool:
    """Anything written, and not the demo (which `journal demo` rebuilds at will)."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM reviews),"
        " EXISTS (SELECT 1 FROM meta WHERE key = 'demo')"
    ).fetchone()
    return bool(row[0]) and not row[1]


def take_daily(conn: sqlite3.Connection, journal: Path, keep: int) -> str | None:
    """Today's backup if not yet taken, then only the newest `keep` daily ones stay.

    Several processes may open the journal first thing in the day at once (a prompt hook, a
    cron job, the app): one of them takes the backup, holding a lock on the backups folder,
    and the others, finding the lock held or today's copy there, go on without one. A lock
    held by a process that died is released with it.

    A backup that cannot be written must not stop the person writing in the journal: the
    problem comes back as one line to show, and the journal is used as usual."""
    if keep <= 0 or not daily_backup_due(journal) or not _worth_backing_up(conn):
        return None
    folder = folder_for(journal)
    target = folder / f"{journal.stem}-daily-{_stamp()}.sqlite"
    try:
        with _daily_lock(folder) as mine:
            if not mine or not daily_backup_due(journal):
                return None  # another process has it in hand, or has just finished
            backup_to(conn, target)
            for old in _daily_backups(journal)[:-keep]:
                old.unlink(missing_ok=True)
    except database_errors(OSError, JournalError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return f"today's backup could not be written to {shown(folder)} ({reason})"
    _remove_stale_partials(folder)
    return None


@contextlib.contextmanager
def _daily_lock(folder: Path) -> Iterator[bool]:
    """Whether this process holds the daily backup's lock, taken on the backups folder
    itself: never waits, since a second copy of the same day is not worth waiting for."""
    private_folder(folder)
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): each process backs up on its own
        yield True
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing it releases the lock


def _remove_stale_partials(folder: Path) -> None:
    """Copies cut short by a kill (hidden `.NAME.partial`) once they are an hour old: no
    backup still being written takes that long."""
    cutoff = datetime.now().timestamp() - 3600
    for partial in folder.glob(".*.partial*"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


def take_manual(
    conn: sqlite3.Connection,
    journal: Path,
    to: Path | None,
    label: str = "",
    *,
    replace: bool = False,
) -> Path:
    """A backup the person asked for: into the backups folder, or to the path given (a new
    file, a folder, or with `replace` an existing file that is not a journal)."""
    if to is None:
        suffix = f"-{label}" if label else ""
        target = folder_for(journal) / f"{journal.stem}-{_stamp()}{suffix}.sqlite"
    else:
        target = to.expanduser()
        if os.path.isdir(target):
            target = target / f"{journal.stem}-{_stamp()}.sqlite"
        target = output_target(target, protected=(journal, folder_for(journal)))
    try:
        return backup_to(conn, target, replace=replace)
    except AlreadyExists as error:
        raise JournalError(
            f"{shown(target)} already exists; give a new file name (or --force to replace it)"
        ) from error
    except database_errors(OSError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise JournalError(f"could not write the backup {shown(target)} ({reason})") from error


def open_backup(path: Path, key: Key | None = None) -> sqlite3.Connection:
    """A backup of ours, opened to read only (an encrypted one with its `key`). Immutable: a
    backup copies the journal's WAL mode, and a plain read-only open of it would leave -wal
    and -shm files beside it."""
    return connect(path, key, readonly=True, immutable=True)


def _entries_in(path: Path, encrypted: bool, key: Key | None) -> int | None:
    if encrypted and key is None:
        return None
    try:
        conn = open_backup(path, key if encrypted else None)
        try:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    except database_errors(JournalError):
        return None


def list_backups(journal: Path, key: Key | None = None) -> list[BackupInfo]:
    """Backups in the backups folder and the pre-migration ones beside the journal; newest
    first. Encrypted ones are counted when `key` (the journal's) opens them."""
    candidates: list[Path] = []
    folder = folder_for(journal)
    if os.path.isdir(folder):
        candidates += [p for p in folder.iterdir() if p.suffix == ".sqlite"]
    candidates += list(journal.parent.glob(f"{journal.stem}.schema*.backup*"))
    found = []
    for path in candidates:
        stat = path.stat()
        encrypted = file_state(path) == "encrypted"
        found.append(
            BackupInfo(
                path=path,
                taken_at=datetime.fromtimestamp(stat.st_mtime),
                size=stat.st_size,
                entries=_entries_in(path, encrypted, key),
                daily=bool(_DAILY.search(path.name)),
                encrypted=encrypted,
            )
        )
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def remove_backup(path: Path) -> None:
    """Remove a backup for good: its bytes are overwritten with zeros before the file goes
    (the file system may still keep copies of its own; the README says so)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            for _ in range(0, size, 1 << 20):
                handle.write(bytes(min(1 << 20, size - handle.tell())))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
        for suffix in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    except OSError as error:
        raise JournalError(f"could not remove the backup {path} ({error.strerror})") from error


def check_backup(path: Path, key: Key | None = None) -> int:
    """Refuse anything that is not a whole journal; returns its entry count. An encrypted
    backup needs the `key` that opens it."""
    path = path.expanduser()
    open_input(path, "a backup file").close()  # a regular file, or one line saying what it is
    state = file_state(path)
    if state not in ("plain", "encrypted"):
        raise JournalError(f"{path} is not a journal backup (not a SQLite database)")
    try:
        conn = open_backup(path, key if state == "encrypted" else None)
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if app_id != APPLICATION_ID:
                raise JournalError(f"{path} is another program's SQLite database, not a journal")
            if version > LATEST_VERSION:
                raise JournalError(
                    f"{path} was written by a newer version of journal (schema {version});"
                    " upgrade journal to restore it"
                )
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise JournalError(f"{path} is damaged ({verdict}); choose another backup")
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    except database_errors() as error:
        raise JournalError(f"{path} is damaged or not a journal ({error})") from error


def restore(
    journal: Path, backup: Path, *, journal_key: Key | None = None, backup_key: Key | None = None
) -> None:
    """Copy the backup over the journal, in place, through the backup API: another process
    with the journal open sees the restored journal on its next read.

    The journal stays as encrypted as it was (a new one takes the backup's state): a plain
    backup restored into an encrypted journal is encrypted with the journal's key first,
    and the other way round, in a hidden copy beside the journal that is removed after."""
    backup = backup.expanduser()
    if file_state(backup) != "encrypted":
        backup_key = None
    if file_state(journal) in ("missing", "empty"):
        journal_key = backup_key
    staged: Path | None = None
    if (journal_key is None) != (backup_key is None):
        staged = journal.with_name(f".{journal.name}.restoring.partial")
        export_copy(backup, backup_key, staged, journal_key)
        backup, backup_key = staged, journal_key
    try:
        source = open_backup(backup, backup_key)
        target = connect(journal, journal_key, timeout=10)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    os.chmod(journal, 0o600)
