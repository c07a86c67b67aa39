"""Writing entries: add, edit, note, follow-ups, check-ins, the trash and back."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journal.cli.common import (
    UsageError,
    current_day,
    current_settings,
    entry_fields,
    follow_up_day,
    journal_for,
)
from journal.cli.terminal import from_editor, note_written, read_stdin
from journal.errors import JournalError
from journal.words import named, plural

if TYPE_CHECKING:
    from journal.services.commitments import Commitment


def cmd_add(args: argparse.Namespace) -> int:
    today = current_day()
    if args.edit:
        situation = from_editor(args.situation if args.situation not in (None, "-") else "")
    elif args.situation in (None, "-"):
        situation = read_stdin("situation")
    else:
        situation = args.situation
    values = entry_fields(args, situation, today=today)
    if values.kind is None:
        values.kind = current_settings().default_kind
    with journal_for(args) as journal:
        saved = journal.save_entry(None, values, today=today, followed=args.followed)
    entry, entry_id = saved.entry, saved.entry.id
    note_written(f"entry {entry_id} was saved")
    if sys.stdout.isatty():
        triggers = f", {', '.join(entry.triggers)}" if entry.triggers else ""
        print(
            f"Saved entry {entry_id} ({entry.kind} on {entry.occurred_on.isoformat()}{triggers})."
        )
        _ask_about(saved.unanswered, entry_id)
    else:
        print(entry_id)
    return 0


def _ask_about(unanswered: Sequence[Commitment], entry_id: int) -> None:
    for commitment in unanswered:
        print(
            f"You committed ({commitment.quarter}):"
            f" if {named(commitment.trigger_name)} shows up, I will"
            f" {commitment.plan}. Did you? journal edit {entry_id} --followed yes|partly|no",
            file=sys.stderr,
        )


def cmd_follow_up(args: argparse.Namespace) -> int:
    """Close a follow-up (what happened, and the recovery outcome) or move it to a new day."""
    today = current_day()
    if args.to is not None:
        if args.text is not None or args.recovery is not None:
            raise JournalError(
                "--to moves the follow-up; leave out the note and --recovery (or leave out --to"
                " to close it)"
            )
        day = follow_up_day(args.to, today)
        with journal_for(args) as journal:
            journal.move_follow_up(args.id, to=day, today=today)
        note_written(f"entry {args.id}'s follow-up was moved")
        print(f"Entry {args.id}: follow up on {day.isoformat()}.")
        return 0
    if args.recovery is None:
        raise JournalError(
            "say how it ended with --recovery none|attempted|recovered|lost (or move it: --to WHEN)"
        )
    text = args.text if args.text not in (None, "-") else read_stdin("note")
    with journal_for(args) as journal:
        journal.close_follow_up(args.id, note=text, recovery=args.recovery, today=today)
    note_written(f"entry {args.id}'s follow-up was closed")
    print(f"Closed entry {args.id}'s follow-up ({args.recovery}).")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from journal.records import EntryFields
    from journal.services.revisions import EditConflict

    today = current_day()
    situation = args.situation
    if (
        not args.edit
        and args.followed is None
        and entry_fields(args, situation, today=today) == EntryFields()
    ):
        raise UsageError(
            f"journal edit: nothing to change in entry {args.id}: give the fields to change"
            " (e.g. --kind save, --severity 3, --recovery recovered) or --edit"
        )
    with journal_for(args) as journal:
        opened: int | None = None  # the version $EDITOR started from
        if args.edit:
            current = journal.get(args.id)
            opened = current.version
            situation = from_editor(current.situation)
        values = entry_fields(args, situation, today=today)
        unchanged_from = None if args.edit else journal.get(args.id).version
        entry_id, bring_back, note = args.id, False, ""
        while True:
            try:
                saved = journal.save_entry(
                    entry_id,
                    values,
                    today=today,
                    followed=args.followed,
                    expected_version=opened,
                    bring_back=bring_back,
                )
                break
            except EditConflict as conflict:
                # Another window saved while $EDITOR was open. What was written here wins and
                # the other version stays in the history: nothing is lost either way.
                if conflict.state == "gone":
                    if values.kind is None:
                        values.kind = current_settings().default_kind
                    entry_id, opened = journal.add(values, today=today), None
                    note = f"entry {args.id} was erased meanwhile; yours is a new entry"
                    continue
                assert conflict.current is not None
                opened, bring_back = conflict.current.number, conflict.state == "trashed"
                note = (
                    f"entry {args.id} was moved to the trash meanwhile; it is back, with yours"
                    if bring_back
                    else f"entry {args.id} was changed elsewhere while you edited; yours is"
                    f" saved and the other version kept (journal show {args.id} --history)"
                )
    entry = saved.entry
    if note:
        print(f"journal: {note}", file=sys.stderr)
    if entry.version == unchanged_from and args.followed is None:
        print(f"journal: entry {entry.id} already says that; nothing changed", file=sys.stderr)
        if not sys.stdout.isatty():
            print(entry.id)
        return 0
    note_written(f"entry {entry.id} was changed")
    print(f"Updated entry {entry.id}." if sys.stdout.isatty() else entry.id)
    if sys.stdout.isatty():
        _ask_about(saved.unanswered, entry.id)
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    text = args.text if args.text not in (None, "-") else read_stdin("note")
    with journal_for(args) as journal:
        note = journal.add_note(args.id, text)
    note_written(f"the note to entry {args.id} was saved")
    print(
        f"Added a note to entry {args.id} ({note.written_at})." if sys.stdout.isatty() else note.id
    )
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        journal.delete(args.id)
    note_written(f"entry {args.id} is in the trash")
    print(f"Moved entry {args.id} to the trash; 'journal restore {args.id}' brings it back.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        journal.restore(args.id)
    note_written(f"entry {args.id} was restored")
    print(f"Restored entry {args.id}.")
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    from journal.dates import parse_when

    today = current_day()
    day = parse_when(args.date, today=today) if args.date is not None else today
    status = "clean" if args.clean else "slips" if args.slips else None
    with journal_for(args) as journal:
        done = journal.checkin(day, status)
        note_written(f"{day.isoformat()} was checked in")
        current = journal.streak(today=today)
    label = "clean day" if done.status == "clean" else "day with slips"
    print(f"Checked in {day.isoformat()} as a {label}. Streak: {plural(current.days, 'day')}.")
    return 0


def cmd_streak(args: argparse.Namespace) -> int:
    today = current_day()
    with journal_for(args) as journal:
        current = journal.streak(today=today)
    if current.days == 0:
        print("No streak yet: 'journal checkin' records today.")
    else:
        since = current.since.isoformat() if current.since else ""
        print(f"{plural(current.days, 'day')} in a row, since {since}.")
        if not current.today_recorded:
            print("Today is not recorded yet: 'journal checkin' or 'journal add'.")
    return 0
