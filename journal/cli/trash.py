"""Erasing for good: the trash emptied, entries purged, the backups that still hold them."""

from __future__ import annotations

import argparse
import sys

from journal.cli import terminal
from journal.cli.common import db_path, journal_for
from journal.cli.terminal import warn_unreadable
from journal.errors import JournalError
from journal.files import shown
from journal.words import plural


def cmd_trash(args: argparse.Namespace) -> int:
    from journal import render
    from journal.services.entries import EntryFilter

    if args.empty:
        return _erase(args, None)
    with journal_for(args) as journal:
        found = journal.entries(EntryFilter(in_trash=True), with_notes=args.json)
    warn_unreadable(found)
    if args.json:
        render.print_json([entry.to_json() for entry in found])
    elif not found:
        render.print_message("The trash is empty.")
    else:
        render.print_entries(found, title="In the trash ('journal restore ID' brings one back)")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    return _erase(args, args.ids)


def _erase(args: argparse.Namespace, ids: list[int] | None) -> int:
    """Erase entries for good (the trash when `ids` is None), asking first on a terminal;
    then name the backups that still hold them and offer to remove those too."""

    if not args.yes and not terminal.interactive():
        raise JournalError("erasing cannot be undone; add --yes to confirm when not at a terminal")
    path = db_path(args)
    from journal.files import existing_journal_file

    if not existing_journal_file(path):
        raise JournalError(f"there is no journal at {shown(path)}")
    # No daily backup first: it would be one more copy of what is being erased.
    with journal_for(args, daily_backup=False, take_inbox=False) as journal:
        found = journal.to_erase(ids)
        if not found:
            journal.checkpoint()
            print("The trash is empty; nothing to erase.", file=sys.stderr)
            return 0
        if not args.yes:
            listed = "\n".join(f"  {entry.id:>6}  {entry.headline[:70]}" for entry in found[:10])
            more = f"\n  … and {len(found) - 10:,} more" if len(found) > 10 else ""
            answer = input(
                f"{listed}{more}\nErase {plural(len(found), 'entry', 'entries')} for good, with"
                " their notes? Their words are overwritten in the journal; this cannot be"
                " undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing was erased.", file=sys.stderr)
                return 1
        done = journal.erase([entry.id for entry in found])
    print(f"Erased {plural(len(done.erased), 'entry')} for good.", file=sys.stderr)
    if not done.flushed:
        print(
            f"journal: warning: another program is reading {path}, so its write-ahead log"
            f" ({path.name}-wal) may still hold the erased words until every window of journal"
            " is closed; then 'journal trash --empty' empties the log",
            file=sys.stderr,
        )
    holding = journal.backups_holding(done)  # closed now: the backups are read on their own
    if not holding:
        return 0
    print(
        f"{plural(len(holding), 'backup')} of the journal still"
        f" {'holds' if len(holding) == 1 else 'hold'} erased entries:",
        file=sys.stderr,
    )
    for held in holding:
        count = "could not be read" if held.entries is None else plural(held.entries, "entry")
        print(f"  {held.path}  ({count})", file=sys.stderr)
    remove = args.remove_backups
    if not remove and terminal.interactive():
        answer = input(
            f"Remove {'this backup' if len(holding) == 1 else 'these backups'}? Each is a whole"
            " copy of the journal as it was then. [y/N] "
        )
        remove = answer.strip().lower() in ("y", "yes")
    if not remove:
        print(
            "Kept them; --remove-backups removes them next time, or delete the files.",
            file=sys.stderr,
        )
        return 0
    journal.remove_backups(holding)
    print(f"Removed {plural(len(holding), 'backup')}.", file=sys.stderr)
    return 0
