"""`journal backup` and `journal restore-backup`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal.cli import terminal
from journal.cli.common import db_path, journal_for, key_for
from journal.errors import JournalError
from journal.files import shown
from journal.words import plural


def cmd_backup(args: argparse.Namespace) -> int:
    from journal.files import existing_journal_file
    from journal.services import backup_files

    path = db_path(args)
    if args.list:
        from journal.passphrase import Locked

        try:
            key = key_for(args, path) if path.exists() else None
        except Locked:  # listed all the same, without counting what is in encrypted ones
            key = None
        found = backup_files.list_backups(path, key)
        if not found:
            print(f"No backups of {shown(path)} yet; 'journal backup' takes one.")
        for info in found:
            if info.entries is not None:
                entries = plural(info.entries, "entry")
            elif info.encrypted:
                entries = "locked" if key is None else "other key"
            else:
                entries = "unreadable"
            kind = "daily" if info.daily else "kept"
            lock = "encrypted" if info.encrypted else "plain"
            print(
                f"{info.taken_at:%Y-%m-%d %H:%M}  {kind:<5}  {lock:<9}  {entries:>15}"
                f"  {info.size / 1e6:6.1f} MB  {info.path}"
            )
        return 0
    if not existing_journal_file(path):
        raise JournalError(f"there is no journal at {path} to back up")
    with journal_for(args) as journal:
        target = journal.backup(Path(args.to) if args.to else None, replace=args.force)
    print(f"Backed up {shown(path)} to {shown(target)}", file=sys.stderr)
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from journal.services import backup_files

    path = db_path(args)
    source = Path(args.file).expanduser()
    from journal.files import existing_journal_file, open_input

    open_input(source, "a backup file").close()  # a regular file, or one line saying what it is
    if source.resolve() == path.resolve():
        raise JournalError("that is the journal itself; give a backup file")
    exists = existing_journal_file(path)
    journal_key = key_for(args, path) if exists else None
    backup_key = key_for(args, source, what="the backup")
    incoming = backup_files.check_backup(source, backup_key)
    current = None
    if exists:
        from journal.services.journal import Journal

        with Journal.open(path, key=journal_key) as journal:
            current = journal.total()
    question = (
        f"Replace the journal {path} ({plural(current or 0, 'entry')}) with the backup"
        f" {source} ({plural(incoming, 'entry')})? The journal as it is now is kept as a"
        " backup first. [y/N] "
    )
    if not args.yes:
        if not terminal.interactive():
            raise JournalError(
                "restore-backup replaces your journal; add --yes to confirm when not at a terminal"
            )
        answer = input(question)
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.", file=sys.stderr)
            return 1
    kept = None
    if current is not None:
        with journal_for(args, take_inbox=False) as journal:  # the inbox goes to the restored one
            kept = journal.backup(None, label="before-restore")
    else:
        from journal.services.journal import Journal

        Journal.reserve_file(path)
    backup_files.restore(path, source, journal_key=journal_key, backup_key=backup_key)
    with journal_for(args):
        pass  # brings an older backup's schema up to date (with its own backup first)
    print(
        f"Restored {plural(incoming, 'entry')} from {shown(source)} into {shown(path)}.",
        file=sys.stderr,
    )
    if kept is not None:
        print(f"The journal as it was is kept in {shown(kept)}", file=sys.stderr)
    return 0
