"""What most commands share: the journal path, its key, opening it for one command, settings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from journal.errors import JournalError
from journal.files import shown
from journal.words import plural

if TYPE_CHECKING:
    from datetime import date

    from journal.cipher import Key
    from journal.config import Settings
    from journal.passphrase import Sources
    from journal.periods import Calendar, Period
    from journal.records import EntryFields
    from journal.services.imports import InboxReport
    from journal.services.journal import Journal


Handler = Callable[[argparse.Namespace], int]


class UsageError(JournalError):
    """Arguments argparse could not read."""


def current_day() -> date:
    from journal.dates import today

    return today()


def current_settings() -> Settings:
    from journal.config import load_settings

    return load_settings()


def db_path(args: argparse.Namespace) -> Path:
    from journal.config import default_db_path

    given = getattr(args, "db", None)
    if given is None:
        return default_db_path()
    if not given.strip():
        raise JournalError("--db is empty; give the path of a journal file (or leave --db out)")
    return Path(given).expanduser()


def passphrase_file_of(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "passphrase_file", None)
    if given is None:
        return None
    if not given.strip():
        raise JournalError("--passphrase-file is empty; give the path of a file holding it")
    return Path(given).expanduser()


def _sources(args: argparse.Namespace) -> Sources:
    from journal.passphrase import Sources, terminal_prompt

    return Sources(file=passphrase_file_of(args), ask=terminal_prompt())


def key_for(args: argparse.Namespace, path: Path, *, what: str = "the journal") -> Key | None:
    """The key of the file at `path` when it is encrypted (None when it is not), from the
    passphrase sources in order; asked at most once per command for the same file."""
    from journal.cipher import file_state

    if file_state(path) != "encrypted":
        return None
    from journal.cipher import salt_of
    from journal.passphrase import unlock

    unlocked: dict[tuple[Path, bytes], Key] = vars(args).setdefault("unlocked", {})
    known = unlocked.get((path, salt_of(path)))
    if known is not None:
        return known
    key = unlock(path, _sources(args), known=list(unlocked.values()), what=what)
    unlocked[(path, key.salt)] = key
    return key


@contextmanager
def journal_for(
    args: argparse.Namespace, *, daily_backup: bool = True, take_inbox: bool = True
) -> Iterator[Journal]:
    """The journal, open for one command; SQLite errors become one readable line. The inbox's
    lines are taken in first (`take_inbox`), so the command sees them."""
    from journal.files import existing_journal_file
    from journal.services.journal import Journal

    path = db_path(args)
    is_new = not existing_journal_file(path)
    journal = Journal.open_unlocked(path, lambda: key_for(args, path))
    try:
        # The daily backup reads the file first: a damaged one is refused in one line here too.
        with journal.errors_translated():
            settings = current_settings() if daily_backup or take_inbox else None
            if not is_new and daily_backup and settings is not None:
                problem = journal.daily_backup(settings.backups)
                if problem:
                    print(f"journal: warning: {problem}", file=sys.stderr)
            if take_inbox and settings is not None and settings.inbox:
                take_in_inbox(journal, settings)
            yield journal
    finally:
        journal.close()


def take_in_inbox(
    journal: Journal, settings: Settings, *, asked: bool = False
) -> InboxReport | None:
    """Take the inbox in; says on stderr what came in (every line is accounted for)."""
    inbox = settings.inbox_path
    from journal.config import takes_inbox

    if inbox is None or not takes_inbox(journal.path):
        return None
    from journal.inbox_probe import has_news

    if not asked and not has_news(inbox):
        return None  # the usual case, without loading the import service
    report = journal.take_inbox(inbox, today=current_day())
    if not asked and (report.added or report.returned):
        print(f"journal: {inbox_summary(report, inbox)}", file=sys.stderr)
    return report


def inbox_summary(report: InboxReport, inbox: Path) -> str:
    parts = [f"took in {plural(len(report.added), 'entry')} from the inbox"]
    if report.to_classify:
        parts.append(f"{report.to_classify} to classify (journal list --to-classify)")
    if report.already:
        parts.append(f"{plural(report.already, 'line')} taken in before, not added again")
    if report.returned:
        parts.append(
            f"{plural(len(report.returned), 'line')} could not be read and stay in"
            f" {shown(inbox)} with the reason under each"
        )
    return "; ".join(parts)


def follow_up_day(text: str, today: date, *, what: str = "a follow-up date") -> date:
    from journal.dates import parse_follow_up

    return parse_follow_up(
        text, today=today, fiscal_start_month=current_settings().fiscal_year_start_month, what=what
    )


def entry_fields(args: argparse.Namespace, situation: str | None, *, today: date) -> EntryFields:
    from journal.dates import parse_when
    from journal.records import EntryFields

    return EntryFields(
        situation=situation,
        kind=args.kind,
        occurred_on=parse_when(args.date, today=today) if args.date is not None else None,
        triggers=tuple(args.triggers) if args.triggers is not None else None,
        customer=args.customer,
        impact=args.impact,
        severity=args.severity,
        pressure=args.pressure,
        control=args.control,
        recovery=args.recovery,
        recovery_note=args.recovery_note,
        next_time=args.next_time,
        follow_up_on=follow_up_day(args.follow_up, today) if args.follow_up is not None else None,
    )


def current_hour() -> int:
    from journal.dates import hour_now

    return hour_now()


def fiscal_calendar() -> Calendar:
    from journal.periods import Calendar

    settings = current_settings()
    return Calendar(settings.fiscal_year_start_month, settings.week_start_index)


def period_from(args: argparse.Namespace, today: date, calendar: Calendar) -> Period | None:
    """The period named by --quarter or --from/--to; None when neither is given."""
    from journal.periods import parse_period

    return parse_period(
        args.quarter,
        date_from=args.date_from,
        date_to=args.date_to,
        today=today,
        fiscal_start_month=calendar.fiscal_start_month,
    )


def journal_files(args: argparse.Namespace) -> tuple[Path, ...]:
    """The journal in use and its backups folder: never written over by an export or a
    backup."""
    from journal.services.backup_files import protected_files

    return protected_files(db_path(args))


def refuse_existing(target: Path, force: bool) -> None:
    if not force and os.path.lexists(target):
        raise JournalError(f"{target} already exists; add --force to replace it")


@contextmanager
def no_clobber() -> Iterator[None]:
    """The file appeared while the export was being written: say so the same way."""
    from journal.files import AlreadyExists

    try:
        yield
    except AlreadyExists as error:
        raise JournalError(f"{error}; add --force to replace it") from error
