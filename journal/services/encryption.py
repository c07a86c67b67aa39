"""Turning encryption on and off and changing the key, for the journal and its backups.

Each file is rewritten by `journal.cipher.convert` (a new file, renamed into place when
whole), so a kill at any moment leaves every file either as it was or as it should become.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from journal.backups import folder_for, list_backups, remove_backup
from journal.cipher import Key, convert, file_state, opens
from journal.db import open_journal
from journal.errors import JournalError


@dataclass
class BackupsDone:
    """What became of the backups: rewritten under the new key, removed, or left as they
    were (with why)."""

    converted: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    left: list[tuple[Path, str]] = field(default_factory=list)


def encrypt_journal(path: Path, key: Key) -> None:
    """Encrypt the journal at `path` with `key`; a journal not yet made is made encrypted."""
    state = file_state(path)
    if state == "encrypted":
        raise JournalError(f"{path} is already encrypted; journal rekey changes its passphrase")
    if state in ("missing", "empty"):
        open_journal(path, key=key).close()
        return
    open_journal(path).close()  # refuses what is not a journal; brings its schema up to date
    convert(path, None, key)
    open_journal(path, key=key).close()  # write-ahead logging again, now encrypted


def decrypt_journal(path: Path, key: Key) -> None:
    convert(path, key, None)
    open_journal(path).close()


def rekey_journal(path: Path, old: Key, new: Key) -> None:
    convert(path, old, new)
    open_journal(path, key=new).close()


def plain_backups(journal: Path) -> list[Path]:
    """Backups of the journal that anyone with the file can read (copies a kill cut short
    included: they are plaintext too)."""
    found = [info.path for info in list_backups(journal) if not info.encrypted]
    folder = folder_for(journal)
    if folder.is_dir():
        found += [
            partial
            for partial in sorted(folder.glob(".*.partial*"))
            if file_state(partial) != "encrypted"
        ]
    return found


def remove_backups(paths: list[Path]) -> BackupsDone:
    """Each backup removed for good: overwritten first (`backups.remove_backup`)."""
    done = BackupsDone()
    for path in paths:
        try:
            remove_backup(path)
        except JournalError as error:
            done.left.append((path, str(error)))
        else:
            done.removed.append(path)
    return done


def encrypt_backups(paths: list[Path], key: Key) -> BackupsDone:
    """Each plain backup rewritten under `key`; a partial copy (cut short) is removed."""
    done = BackupsDone()
    for path in paths:
        if path.name.startswith(".") and ".partial" in path.name:
            done.removed += remove_backups([path]).removed
            continue
        _convert_backup(path, None, key, done)
    return done


def rekey_backups(journal: Path, old: Key, new: Key) -> BackupsDone:
    """Backups the old key opens (and plain ones) rewritten under the new key; backups
    under yet another key are left, and said."""
    done = BackupsDone()
    for info in list_backups(journal):
        if not info.encrypted:
            _convert_backup(info.path, None, new, done)
        elif _opens(info.path, old):
            _convert_backup(info.path, old, new, done)
        else:
            done.left.append((info.path, "encrypted with another passphrase"))
    return done


def _opens(path: Path, key: Key) -> bool:
    with open(path, "rb") as handle:
        if handle.read(len(key.salt)) != key.salt:
            return False
    return opens(path, key)


def _convert_backup(path: Path, source: Key | None, target: Key, done: BackupsDone) -> None:
    taken = path.stat()
    try:
        convert(path, source, target)
    except Exception as error:  # one damaged backup must not stop the others being protected
        done.left.append((path, str(error)))
        return
    with contextlib.suppress(OSError):
        os.utime(path, ns=(taken.st_atime_ns, taken.st_mtime_ns))  # still dated when taken
    done.converted.append(path)
