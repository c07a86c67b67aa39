"""The journal's backup files by path, for the faces: listed, checked, restored, and where
they live. journal.backups does the copying; the faces reach storage only through here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.backups import BackupInfo
    from journal.cipher import Key


def protected_files(journal: Path) -> tuple[Path, ...]:
    """The journal and its backups folder: never written over by an export or a backup."""
    from journal.backups import folder_for

    return (journal, folder_for(journal))


def list_backups(journal: Path, key: Key | None = None) -> list[BackupInfo]:
    """Every backup of `journal`, newest first (see journal.backups.list_backups)."""
    from journal.backups import list_backups

    return list_backups(journal, key)


def check_backup(path: Path, key: Key | None = None) -> int:
    """How many entries the backup at `path` holds; refuses what is not a readable backup."""
    from journal.backups import check_backup

    return check_backup(path, key)


def restore(
    journal: Path, backup: Path, *, journal_key: Key | None = None, backup_key: Key | None = None
) -> None:
    """Put the backup in the journal's place (see journal.backups.restore)."""
    from journal.backups import restore

    restore(journal, backup, journal_key=journal_key, backup_key=backup_key)
