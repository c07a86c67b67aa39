"""Backups: whole, consistent copies of a journal, taken with SQLite's online backup API.

- Daily: on the first use of each day, a copy goes into `<journal>-backups/` beside the
  journal; the newest `backups` (a setting, default 7) are kept, older daily ones removed.
- Before a migration: `<journal>.schemaN-<time>.backup.sqlite` beside the journal, never
  removed automatically (they are rare, and the only way back from a schema change).
- On request: `journal backup [--to PATH]`; before a restore, the journal as it was.

The backup API copies page by page under SQLite's locks, so a copy taken while the app is
open (or while another process writes) is still a consistent journal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from journal.db import APPLICATION_ID, SQLITE_HEADER, backup_to
from journal.errors import JournalError
from journal.files import open_input
from journal.migrations import LATEST_VERSION

DEFAULT_KEEP = 7
_STAMP = "%Y-%m-%d-%H%M%S"
_DAILY = re.compile(r"-daily-(\d{4}-\d\d-\d\d)-\d{6}\.sqlite$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    entries: int | None  # None: unreadable
    daily: bool


def folder_for(journal: Path) -> Path:
    return journal.with_name(f"{journal.stem}-backups")


def _stamp() -> str:
    return datetime.now().strftime(_STAMP)


def _daily_backups(journal: Path) -> list[Path]:
    folder = folder_for(journal)
    if not folder.is_dir():
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

    A backup that cannot be written must not stop the person writing in the journal: the
    problem comes back as one line to show, and the journal is used as usual."""
    if keep <= 0 or not daily_backup_due(journal) or not _worth_backing_up(conn):
        return None
    target = folder_for(journal) / f"{journal.stem}-daily-{_stamp()}.sqlite"
    try:
        backup_to(conn, target)
    except (OSError, sqlite3.Error, JournalError) as error:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        return f"today's backup could not be written to {target.parent} ({reason})"
    for old in _daily_backups(journal)[:-keep]:
        old.unlink(missing_ok=True)
    _remove_stale_partials(target.parent)
    return None


def _remove_stale_partials(folder: Path) -> None:
    """Copies cut short by a kill (hidden `.NAME.partial`) once they are an hour old: no
    backup still being written takes that long."""
    cutoff = datetime.now().timestamp() - 3600
    for partial in folder.glob(".*.partial*"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


def take_manual(conn: sqlite3.Connection, journal: Path, to: Path | None, label: str = "") -> Path:
    """A backup the person asked for: into the backups folder, or to the path given."""
    if to is None:
        suffix = f"-{label}" if label else ""
        target = folder_for(journal) / f"{journal.stem}-{_stamp()}{suffix}.sqlite"
    else:
        target = to.expanduser()
        if target.is_dir():
            target = target / f"{journal.stem}-{_stamp()}.sqlite"
        if target.exists():
            raise JournalError(f"{target} already exists; give a new file name")
        if target.resolve() == journal.resolve():
            raise JournalError("a backup cannot be written over the journal itself")
    try:
        return backup_to(conn, target)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        raise JournalError(f"could not write the backup {target} ({reason})") from error


def open_backup(path: Path) -> sqlite3.Connection:
    """A backup of ours, opened to read only. Immutable: a backup copies the journal's WAL
    mode, and a plain read-only open of it would leave -wal and -shm files beside it."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)


def _entries_in(path: Path) -> int | None:
    try:
        conn = open_backup(path)
        try:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def list_backups(journal: Path) -> list[BackupInfo]:
    """Backups in the backups folder and the pre-migration ones beside the journal; newest
    first."""
    candidates: list[Path] = []
    folder = folder_for(journal)
    if folder.is_dir():
        candidates += [p for p in folder.iterdir() if p.suffix == ".sqlite"]
    candidates += list(journal.parent.glob(f"{journal.stem}.schema*.backup*"))
    found = []
    for path in candidates:
        stat = path.stat()
        found.append(
            BackupInfo(
                path=path,
                taken_at=datetime.fromtimestamp(stat.st_mtime),
                size=stat.st_size,
                entries=_entries_in(path),
                daily=bool(_DAILY.search(path.name)),
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


def check_backup(path: Path) -> int:
    """Refuse anything that is not a whole journal; returns its entry count."""
    path = path.expanduser()
    with open_input(path, "a backup file") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise JournalError(f"{path} is not a journal backup (not a SQLite database)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    except sqlite3.Error as error:
        raise JournalError(f"{path} is damaged or not a journal ({error})") from error


def restore(journal: Path, backup: Path) -> None:
    """Copy the backup over the journal, in place, through the backup API: another process
    with the journal open sees the restored journal on its next read."""
    source = sqlite3.connect(f"file:{backup.expanduser()}?mode=ro", uri=True)
    target = sqlite3.connect(journal, timeout=10)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    os.chmod(journal, 0o600)
