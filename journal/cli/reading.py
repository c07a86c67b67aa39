"""Reading the journal: list, show, triggers, key dates and risk windows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journal.cli.common import (
    current_day,
    current_settings,
    fiscal_calendar,
    follow_up_day,
    journal_for,
)
from journal.cli.terminal import note_written, warn_unreadable
from journal.errors import JournalError
from journal.words import plural

if TYPE_CHECKING:
    from journal.records import Entry, EntryVersion
    from journal.services.entries import EntryFilter
    from journal.services.journal import Journal


def _filter(args: argparse.Namespace, journal: Journal) -> EntryFilter:
    from journal.dates import parse_when
    from journal.periods import parse_quarter
    from journal.services.entries import EntryFilter

    today = current_day()
    quarter = None
    if args.quarter is not None:
        quarter = parse_quarter(
            args.quarter, today=today, fiscal_start_month=current_settings().fiscal_year_start_month
        )
    date_from = parse_when(args.date_from, today=today) if args.date_from is not None else None
    date_to = (
        parse_when(args.date_to, today=today, allow_future=True)
        if args.date_to is not None
        else None
    )
    if date_from and date_to and date_from > date_to:
        raise JournalError(
            f"--from {date_from.isoformat()} is after --to {date_to.isoformat()}; swap them"
        )
    trigger = journal.resolve_trigger(args.trigger) if args.trigger else None
    return EntryFilter(
        quarter=quarter,
        date_from=date_from,
        date_to=date_to,
        trigger=trigger,
        kind=args.kind,
        search=args.search,
        customer=args.customer,
        to_classify=True if args.to_classify else None,
    )


def cmd_list(args: argparse.Namespace) -> int:
    from journal import render
    from journal.services.entries import EntryFilter

    if args.due:
        return _list_due(args)
    limit = args.n or None
    with journal_for(args) as journal:
        flt = _filter(args, journal)
        found = journal.entries(flt, limit=limit, with_notes=args.json)
        warn_unreadable(found)
        if args.json:
            render.print_json([entry.to_json() for entry in found])
            return 0
        more = limit is not None and len(found) == limit
        total = journal.count(flt) if more else len(found)
        due = journal.due_follow_ups(today=current_day())
    if not found:
        render.print_message("No entries match." if flt != EntryFilter() else "No entries yet.")
        return 0
    render.print_entries(found)
    if total > len(found):
        render.print_message(f"{len(found)} of {total} shown; -n 0 shows all.", err=True)
    if due and sys.stdout.isatty():
        ids = ", ".join(str(entry.id) for entry in due[:5])
        render.print_message(
            f"{plural(len(due), 'follow-up')} due ({ids}): 'journal list --due' lists them.",
            err=True,
        )
    return 0


_NOT_WITH_DUE = ("quarter", "date_from", "date_to", "trigger", "kind", "search", "customer")


def _list_due(args: argparse.Namespace) -> int:
    """The follow-ups whose day has come, oldest first."""
    from journal import render

    given = [name for name in _NOT_WITH_DUE if getattr(args, name) is not None]
    if given or args.to_classify:
        option = "--" + (given[0] if given else "to_classify").replace("_", "-")
        option = option.replace("--date-", "--")
        raise JournalError(f"--due lists every follow-up due; leave out {option}")
    limit = args.n or None
    with journal_for(args) as journal:
        due = journal.due_follow_ups(today=current_day())
    shown = due[:limit] if limit else due
    if args.json:
        render.print_json([entry.to_json() for entry in shown])
        return 0
    if not due:
        render.print_message("No follow-ups due.")
        return 0
    render.print_follow_ups(shown)
    if len(due) > len(shown):
        render.print_message(f"{len(shown)} of {len(due)} shown; -n 0 shows all.", err=True)
    render.print_message(
        'Close one: journal follow-up ID "what happened" --recovery'
        " recovered|lost|attempted|none; or move it: journal follow-up ID --to WHEN",
        err=True,
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from journal import render

    with journal_for(args) as journal:
        entry = journal.get(args.id, include_deleted=True)
        names = journal.trigger_names()
        if args.history:
            found = journal.history(args.id)
    warn_unreadable([entry])
    if args.history:
        if args.json:
            render.print_json(_history_json(entry, found))
        else:
            render.print_history(entry, found)
        return 0
    if args.json:
        render.print_json(entry.to_json())
    else:
        render.print_entry(entry, names)
    return 0


def _history_json(entry: Entry, found: Sequence[EntryVersion]) -> dict[str, object]:
    """Every version oldest first, each with what changed from the one before."""
    from journal.records import changes_between

    shown: list[dict[str, object]] = []
    previous: EntryVersion | None = None
    for version in found:
        data = version.to_json()
        data["current"] = version.current
        data["changes"] = (
            [change.to_json() for change in changes_between(previous, version)]
            if previous is not None
            else []
        )
        shown.append(data)
        previous = version
    return {"id": entry.id, "logged_at": entry.logged_at, "versions": shown}


def cmd_dates(args: argparse.Namespace) -> int:
    """Key dates ahead (a review, a quota deadline): add, list, remove."""
    from journal import render

    today = current_day()
    if args.action == "add":
        day = follow_up_day(args.day, today, what="a key date")
        with journal_for(args) as journal:
            added = journal.add_key_date(day, args.label, trigger=args.trigger, today=today)
        note_written(f"key date {added.id} was saved")
        on = f" ({added.trigger_name})" if added.trigger_name else ""
        print(f"Key date {added.id}: {added.day.isoformat()} {added.label}{on}.")
        return 0
    if args.action == "remove":
        with journal_for(args) as journal:
            removed = journal.remove_key_date(args.id)
        note_written(f"key date {args.id} was removed")
        print(f"Removed key date {removed.id} ({removed.day.isoformat()} {removed.label}).")
        return 0
    with journal_for(args) as journal:
        found = journal.key_dates(since=None if args.all else today)
    if args.json:
        render.print_json([key_date.to_json() for key_date in found])
        return 0
    if not found:
        render.print_message(
            'No key dates ahead. Add one: journal dates add 2027-03-15 "annual review"'
            " -t review-coming"
        )
        return 0
    for key_date in found:
        on = f"  ({key_date.trigger_name})" if key_date.trigger_name else ""
        print(f"{key_date.id:>4}  {key_date.day.isoformat()}  {key_date.label}{on}")
    return 0


def cmd_tripwires(args: argparse.Namespace) -> int:
    """The risk windows of the person's history, the key dates ahead, and what is open now."""
    from journal import render
    from journal.services.tripwires import PAST_QUARTERS
    from journal.thresholds import MIN_CASES

    today = current_day()
    calendar = fiscal_calendar()
    with journal_for(args) as journal:
        windows = journal.risk_windows(today=today, calendar=calendar)
        ahead = journal.key_dates(since=today)
        now = journal.tripwires(today=today, calendar=calendar)
    if args.json:
        render.print_json(
            {
                "open_now": [tripwire.to_json() for tripwire in now],
                "risk_windows": [window.to_json() for window in windows],
                "key_dates": [key_date.to_json() for key_date in ahead],
                "quarters": PAST_QUARTERS,
                "min_cases": MIN_CASES,
            }
        )
        return 0
    print("Open now:" if now else "No window is open this week or next.")
    for tripwire in now:
        print(f"  {tripwire.line}")
    print(
        f"\nWeeks of the quarter where a trigger's slips bunch (past {PAST_QUARTERS}"
        f" quarters; from {MIN_CASES} slips, at least twice an even spread):"
    )
    if not windows:
        print("  none yet")
    for window in windows:
        print(
            f"  week {window.week:>2}  {window.trigger_name}: {window.slips} of"
            f" {window.total} slips"
        )
    if ahead:
        print("\nKey dates ahead:")
        for key_date in ahead:
            on = f"  ({key_date.trigger_name})" if key_date.trigger_name else ""
            print(f"  {key_date.day.isoformat()}  {key_date.label}{on}")
    return 0


def cmd_triggers(args: argparse.Namespace) -> int:
    from journal import render

    action = args.action or "list"
    with journal_for(args) as journal:
        if action == "list":
            found = journal.triggers(include_retired=True)
            if args.json:
                render.print_json([trigger.to_json() for trigger in found])
            else:
                render.print_triggers(found)
            return 0
        note_written(f"the trigger {args.id} was changed")
        if action == "add":
            made = journal.add_trigger(
                args.id, category=args.category, description=args.description, name=args.name
            )
            print(f"Added trigger {made.id} ({made.name}).")
        elif action == "rename":
            renamed = journal.rename_trigger(args.id, args.name)
            print(f"Trigger {renamed.id} is now called {renamed.name!r}; its history is unchanged.")
        elif action == "retire":
            journal.set_retired(args.id, retired=True)
            print(f"Retired {args.id}: past entries keep it; new entries cannot use it.")
        else:
            journal.set_retired(args.id, retired=False)
            print(f"{args.id} can be used again.")
    return 0
