"""The `journal` command. Parses arguments and calls the services.

Start-up cost matters here (capture from the shell must feel instant), so this module
imports only the standard library at the top; everything else is imported by the
command that needs it. It never imports Textual.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO, cast

from journal import __version__
from journal.errors import JournalError
from journal.files import shown
from journal.text import quoted
from journal.words import named, plural

if TYPE_CHECKING:
    import sqlite3
    from datetime import date

    from journal.cipher import Key
    from journal.config import Settings
    from journal.importers import ImportOptions
    from journal.passphrase import Sources
    from journal.periods import Calendar, Period
    from journal.records import Entry, EntryFields, EntryVersion
    from journal.services.cohort import Cohort
    from journal.services.commitments import Commitment
    from journal.services.encryption import BackupsDone
    from journal.services.entries import EntryFilter
    from journal.services.imports import InboxReport
    from journal.services.leftovers import CheckResult
    from journal.services.reviews import ReviewInput, SavedReview

Handler = Callable[[argparse.Namespace], int]


class UsageError(JournalError):
    """Arguments argparse could not read."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (the default prints the usage too), and a
    long value is quoted as its first characters, not whole."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {_shorten_values(message)} (see '{self.prog} --help')")


def _shorten_values(message: str) -> str:
    import re

    from journal.text import QUOTE_LIMIT

    def cut(match: re.Match[str]) -> str:
        text = match.group()
        if len(text) <= QUOTE_LIMIT + 2:
            return text
        quote = text[0] if text[0] in "'\"" else ""
        return text[:QUOTE_LIMIT] + "…" + quote

    # argparse quotes values with repr(); unrecognised arguments come unquoted.
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S{60,}", cut, message)


# The largest id SQLite can hold; ids and counts beyond it name nothing.
MAX_INTEGER = 2**63 - 1
MAX_DEMO_ENTRIES = 200_000


# --- small helpers -----------------------------------------------------------------------


def _today() -> date:
    from journal.dates import today

    return today()


def _settings() -> Settings:
    from journal.config import load_settings

    return load_settings()


def _db_path(args: argparse.Namespace) -> Path:
    from journal.config import default_db_path

    given = getattr(args, "db", None)
    if given is None:
        return default_db_path()
    if not given.strip():
        raise JournalError("--db is empty; give the path of a journal file (or leave --db out)")
    return Path(given).expanduser()


def _passphrase_file(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "passphrase_file", None)
    if given is None:
        return None
    if not given.strip():
        raise JournalError("--passphrase-file is empty; give the path of a file holding it")
    return Path(given).expanduser()


def _sources(args: argparse.Namespace) -> Sources:
    from journal.passphrase import Sources, terminal_prompt

    return Sources(file=_passphrase_file(args), ask=terminal_prompt())


def _key(args: argparse.Namespace, path: Path, *, what: str = "the journal") -> Key | None:
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
def _journal(
    args: argparse.Namespace, *, daily_backup: bool = True, take_inbox: bool = True
) -> Iterator[sqlite3.Connection]:
    """The journal, open for one command; SQLite errors become one readable line. The inbox's
    lines are taken in first (`take_inbox`), so the command sees them."""
    from journal.backups import take_daily
    from journal.cipher import KeyNeeded
    from journal.db import open_journal, translate_errors
    from journal.files import existing_journal_file

    path = _db_path(args)
    is_new = not existing_journal_file(path)
    try:
        conn = open_journal(path, key=_key(args, path))
    except KeyNeeded:  # `journal encrypt` in another window replaced it meanwhile
        conn = open_journal(path, key=_key(args, path))
    try:
        # The daily backup reads the file first: a damaged one is refused in one line here too.
        with translate_errors(path):
            settings = _settings() if daily_backup or take_inbox else None
            if not is_new and daily_backup and settings is not None:
                problem = take_daily(conn, path, settings.backups)
                if problem:
                    print(f"journal: warning: {problem}", file=sys.stderr)
            if take_inbox and settings is not None and settings.inbox:
                _take_inbox(conn, path, settings)
            yield conn
    finally:
        conn.close()


def _take_inbox(
    conn: sqlite3.Connection, path: Path, settings: Settings, *, asked: bool = False
) -> InboxReport | None:
    """Take the inbox in; says on stderr what came in (every line is accounted for)."""
    inbox = settings.inbox_path
    from journal.config import takes_inbox

    if inbox is None or not takes_inbox(path):
        return None
    from journal.inbox_probe import has_news

    if not asked and not has_news(inbox):
        return None  # the usual case, without loading the import service
    from journal.services.imports import take_inbox

    report = take_inbox(conn, inbox, today=_today())
    if not asked and (report.added or report.returned):
        print(f"journal: {_inbox_summary(report, inbox)}", file=sys.stderr)
    return report


def _inbox_summary(report: InboxReport, inbox: Path) -> str:
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


def cmd_inbox(args: argparse.Namespace) -> int:
    settings = _settings()
    inbox = settings.inbox_path
    if inbox is None:
        from journal.config import config_path

        raise JournalError(
            f'no inbox is set; add a line such as inbox = "~/Sync/journal-inbox.txt" to'
            f" {shown(config_path())}"
        )
    from journal.config import takes_inbox

    path = _db_path(args)
    if not takes_inbox(path):
        raise JournalError(
            "the inbox feeds your own journal ($JOURNAL_DB or the data folder's), not one"
            " given with --db"
        )
    with _journal(args, take_inbox=False) as conn:
        report = _take_inbox(conn, path, settings, asked=True)
        assert report is not None  # the path and the setting were checked above
        from journal.services import entries

        taken = [entries.get(conn, entry_id) for entry_id in report.added]
    for entry in taken:
        kind = "to classify" if entry.to_classify else entry.kind
        triggers = f" ({', '.join(entry.triggers)})" if entry.triggers else ""
        print(f"{entry.id}  {entry.occurred_on.isoformat()}  {kind}  {shown(entry.situation)}"
              f"{triggers}")  # fmt: skip
    for line, reason in report.returned:
        print(f"not taken in: {shown(line)}: {reason}", file=sys.stderr)
    if report.added or report.returned or report.already:
        summary = _inbox_summary(report, inbox)
        print(summary[:1].upper() + summary[1:] + ".", file=sys.stderr)
    else:
        from journal.inbox_probe import held_count

        held = held_count(inbox)
        if held:
            print(
                f"Nothing new in the inbox; {plural(held, 'line')} there could not be read"
                f" (the reason is under each; edit the line to try again): {shown(inbox)}",
                file=sys.stderr,
            )
        else:
            print(f"Nothing in the inbox ({shown(inbox)}).", file=sys.stderr)
    return 0


def _scale(label: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = _whole_number(text)
        if value is None or not 1 <= value <= 5:
            raise argparse.ArgumentTypeError(
                f"{label} must be a whole number from 1 to 5, not {quoted(text)}"
            )
        return value

    return parse


def _whole_number(text: str) -> int | None:
    """Decimal digits (of any script) as an int up to MAX_INTEGER; None for anything else: a
    sign, a fraction, a superscript ² (a digit, but not a decimal one), a number beyond what
    SQLite holds."""
    digits = text.strip()
    if not digits or len(digits) > 19 or not digits.isdecimal():
        return None
    value = int(digits)
    return value if value <= MAX_INTEGER else None


def _entry_id(text: str) -> int:
    value = _whole_number(text)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"an entry id is a positive whole number (up to {MAX_INTEGER:,}), not {quoted(text)}"
        )
    return value


def _count(text: str) -> int:
    value = _whole_number(text)
    if value is None:
        raise argparse.ArgumentTypeError(
            f"give a whole number up to {MAX_INTEGER:,} (0 for all), not {quoted(text)}"
        )
    return value


def _demo_entries(text: str) -> int:
    value = _whole_number(text)
    if value is None or not 1 <= value <= MAX_DEMO_ENTRIES:
        raise argparse.ArgumentTypeError(
            f"give at least 1 and at most {MAX_DEMO_ENTRIES:,}, not {quoted(text)}"
        )
    return value


def _warn_unreadable(found: Sequence[Entry]) -> None:
    """Name the entries whose text the journal file holds damaged: shown, not hidden."""
    damaged = [entry for entry in found if entry.unreadable]
    if not damaged:
        return
    named = ", ".join(f"{entry.id} ({', '.join(entry.unreadable)})" for entry in damaged[:5])
    more = f" and {len(damaged) - 5} more" if len(damaged) > 5 else ""
    print(
        f"journal: warning: {plural(len(damaged), 'entry')} could not be read whole: {named}"
        f"{more}; the journal file is damaged there, and what could not be read shows as"
        " \ufffd (the rest is as written); journal restore-backup FILE puts a backup back",
        file=sys.stderr,
    )


def _read_stdin(what: str) -> str:
    if sys.stdin is None:
        raise JournalError(f"no {what} given and no input to read it from")
    if sys.stdin.isatty():
        print(f"Type the {what}; end with Ctrl-D on a line of its own.", file=sys.stderr)
    from journal.limits import MAX_TEXT

    # A field holds MAX_TEXT characters, at most 4 bytes each in UTF-8: read no more than that
    # (and one byte), so 300 MB piped in (or `yes` without end) is refused after 80 KB.
    limit = MAX_TEXT * 4
    too_long = JournalError(
        f"the {what} read from standard input is longer than {MAX_TEXT:,} characters;"
        f" a field holds at most {MAX_TEXT:,}"
    )
    if not hasattr(sys.stdin, "buffer"):
        text = sys.stdin.read(limit + 1)
        if len(text) > limit:
            raise too_long
        return text
    # Decode strictly ourselves: the locale may otherwise smuggle bad bytes in as surrogates.
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise too_long
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JournalError(
            f"the {what} read from standard input is not valid UTF-8 text"
        ) from error


def _from_editor(initial: str) -> str:
    """Let the person write in $EDITOR; lines starting with # are instructions."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="journal-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as draft:
            draft.write(initial)
            draft.write(
                "\n# Describe what happened. Lines starting with # are ignored;"
                " an empty text cancels.\n"
            )
        try:
            status = subprocess.call([*shlex.split(editor), name])
        except OSError as error:
            raise JournalError(
                f"cannot start the editor {editor!r} ({error.strerror}); set $EDITOR"
            ) from error
        if status != 0:
            raise JournalError(f"the editor exited with status {status}; nothing was saved")
        with open(name, encoding="utf-8") as written:
            lines = [line for line in written if not line.startswith("#")]
        return "".join(lines).strip()
    finally:
        os.unlink(name)


# --- entry options shared by add and edit ----------------------------------------------


def _add_entry_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument(
        "--kind", choices=("slip", "save"), help="slip: my priority won; save: I held the line"
    )
    parser.add_argument(
        "-t",
        "--trigger",
        action="append",
        dest="triggers",
        metavar="ID",
        help="a trigger id or name (repeat for more)" + ("; replaces the set" if editing else ""),
    )
    parser.add_argument("--customer", metavar="NAME", help="the account or person affected")
    parser.add_argument("--impact", metavar="TEXT", help="what the customer lost or risked")
    parser.add_argument(
        "--severity", type=_scale("severity"), metavar="1-5", help="impact on the customer, 1-5"
    )
    parser.add_argument(
        "--pressure", type=_scale("pressure"), metavar="1-5", help="how strong the pull felt, 1-5"
    )
    parser.add_argument(
        "--control", choices=("mine", "partly", "not-mine"), help="was it mine to control"
    )
    parser.add_argument(
        "--recovery",
        choices=("none", "attempted", "recovered", "lost"),
        help="what came of recovering",
    )
    parser.add_argument("--recovery-note", metavar="TEXT", help="how the recovery went")
    parser.add_argument(
        "--next-time", metavar="TEXT", help="the first step next time this comes up"
    )
    parser.add_argument(
        "--follow-up", metavar="WHEN", help="when to come back and record what happened"
    )
    parser.add_argument("--date", metavar="WHEN", help="when it happened (default: today)")
    parser.add_argument(
        "--followed",
        choices=("yes", "partly", "no"),
        help="did you follow your commitment on this trigger (when one is running)",
    )
    parser.add_argument("--edit", action="store_true", help="write the situation in $EDITOR")


def _follow_up_day(text: str, today: date, *, what: str = "a follow-up date") -> date:
    from journal.dates import parse_follow_up

    return parse_follow_up(
        text, today=today, fiscal_start_month=_settings().fiscal_year_start_month, what=what
    )


def _entry_fields(args: argparse.Namespace, situation: str | None, *, today: date) -> EntryFields:
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
        follow_up_on=_follow_up_day(args.follow_up, today) if args.follow_up is not None else None,
    )


# --- commands ---------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    from journal.db import transaction
    from journal.services import entries

    today = _today()
    if args.edit:
        situation = _from_editor(args.situation if args.situation not in (None, "-") else "")
    elif args.situation in (None, "-"):
        situation = _read_stdin("situation")
    else:
        situation = args.situation
    values = _entry_fields(args, situation, today=today)
    if values.kind is None:
        values.kind = _settings().default_kind
    with _journal(args) as conn, transaction(conn):
        entry_id = entries.add(conn, values, today=today)
        entry = entries.get(conn, entry_id)
        unanswered = _answer_commitments(conn, entry, args.followed)
    _written(f"entry {entry_id} was saved")
    if sys.stdout.isatty():
        triggers = f", {', '.join(entry.triggers)}" if entry.triggers else ""
        print(
            f"Saved entry {entry_id} ({entry.kind} on {entry.occurred_on.isoformat()}{triggers})."
        )
        _ask_about(unanswered, entry_id)
    else:
        print(entry_id)
    return 0


def _answer_commitments(
    conn: sqlite3.Connection, entry: Entry, followed: str | None
) -> list[Commitment]:
    """Record whether the entry followed the commitments running on its triggers; returns
    those left unanswered."""
    from journal.services import commitments

    running = commitments.active_for(conn, entry.triggers, on=entry.occurred_on)
    if followed is None:
        answered = commitments.checks_for_entry(conn, entry.id)
        return [commitment for commitment in running if commitment.id not in answered]
    if not running:
        raise JournalError(
            "no commitment is running on this entry's triggers, so --followed has nothing to"
            " answer; leave it out"
        )
    commitments.record_checks(conn, entry.id, {c.id: followed for c in running})
    return []


def _ask_about(unanswered: Sequence[Commitment], entry_id: int) -> None:
    for commitment in unanswered:
        print(
            f"You committed ({commitment.quarter}):"
            f" if {named(commitment.trigger_name)} shows up, I will"
            f" {commitment.plan}. Did you? journal edit {entry_id} --followed yes|partly|no",
            file=sys.stderr,
        )


def _filter(args: argparse.Namespace, conn: sqlite3.Connection) -> EntryFilter:
    from journal.dates import parse_when
    from journal.periods import parse_quarter
    from journal.services.entries import EntryFilter
    from journal.services.triggers import resolve

    today = _today()
    quarter = None
    if args.quarter is not None:
        quarter = parse_quarter(
            args.quarter, today=today, fiscal_start_month=_settings().fiscal_year_start_month
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
    trigger = resolve(conn, [args.trigger], keep=[args.trigger])[0] if args.trigger else None
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
    from journal.services import entries
    from journal.services.entries import EntryFilter

    if args.due:
        return _list_due(args)
    limit = args.n or None
    with _journal(args) as conn:
        flt = _filter(args, conn)
        found = entries.query(conn, flt, limit=limit, with_notes=args.json)
        _warn_unreadable(found)
        if args.json:
            render.print_json([entry.to_json() for entry in found])
            return 0
        more = limit is not None and len(found) == limit
        total = entries.count(conn, flt) if more else len(found)
        due = entries.due_follow_ups(conn, today=_today())
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
    from journal.services import follow_ups

    given = [name for name in _NOT_WITH_DUE if getattr(args, name) is not None]
    if given or args.to_classify:
        option = "--" + (given[0] if given else "to_classify").replace("_", "-")
        option = option.replace("--date-", "--")
        raise JournalError(f"--due lists every follow-up due; leave out {option}")
    limit = args.n or None
    with _journal(args) as conn:
        due = follow_ups.due(conn, today=_today())
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


def cmd_follow_up(args: argparse.Namespace) -> int:
    """Close a follow-up (what happened, and the recovery outcome) or move it to a new day."""
    from journal.services import follow_ups

    today = _today()
    if args.to is not None:
        if args.text is not None or args.recovery is not None:
            raise JournalError(
                "--to moves the follow-up; leave out the note and --recovery (or leave out --to"
                " to close it)"
            )
        day = _follow_up_day(args.to, today)
        with _journal(args) as conn:
            follow_ups.move(conn, args.id, to=day, today=today)
        _written(f"entry {args.id}'s follow-up was moved")
        print(f"Entry {args.id}: follow up on {day.isoformat()}.")
        return 0
    if args.recovery is None:
        raise JournalError(
            "say how it ended with --recovery none|attempted|recovered|lost (or move it: --to WHEN)"
        )
    text = args.text if args.text not in (None, "-") else _read_stdin("note")
    with _journal(args) as conn:
        follow_ups.close(conn, args.id, note=text, recovery=args.recovery, today=today)
    _written(f"entry {args.id}'s follow-up was closed")
    print(f"Closed entry {args.id}'s follow-up ({args.recovery}).")
    return 0


def _trigger_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(tid): str(name) for tid, name in conn.execute("SELECT id, name FROM triggers")}


def cmd_show(args: argparse.Namespace) -> int:
    from journal import render
    from journal.services import entries

    with _journal(args) as conn:
        entry = entries.get(conn, args.id, include_deleted=True)
        names = _trigger_names(conn)
        if args.history:
            from journal.services.revisions import versions

            found = versions(conn, args.id)
    _warn_unreadable([entry])
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


def cmd_edit(args: argparse.Namespace) -> int:
    from journal.records import EntryFields
    from journal.services import entries
    from journal.services.revisions import EditConflict

    today = _today()
    situation = args.situation
    if (
        not args.edit
        and args.followed is None
        and _entry_fields(args, situation, today=today) == EntryFields()
    ):
        raise UsageError(
            f"journal edit: nothing to change in entry {args.id}: give the fields to change"
            " (e.g. --kind save, --severity 3, --recovery recovered) or --edit"
        )
    with _journal(args) as conn:
        opened: int | None = None  # the version $EDITOR started from
        if args.edit:
            current = entries.get(conn, args.id)
            opened = current.version
            situation = _from_editor(current.situation)
        values = _entry_fields(args, situation, today=today)
        unchanged_from = None if args.edit else entries.get(conn, args.id).version
        entry_id, bring_back, note = args.id, False, ""
        while True:
            try:
                entry, unanswered = _edit(
                    conn, args, entry_id, values, today, expected=opened, bring_back=bring_back
                )
                break
            except EditConflict as conflict:
                # Another window saved while $EDITOR was open. What was written here wins and
                # the other version stays in the history: nothing is lost either way.
                if conflict.state == "gone":
                    if values.kind is None:
                        values.kind = _settings().default_kind
                    entry_id, opened = entries.add(conn, values, today=today), None
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
    if note:
        print(f"journal: {note}", file=sys.stderr)
    if entry.version == unchanged_from and args.followed is None:
        print(f"journal: entry {entry.id} already says that; nothing changed", file=sys.stderr)
        if not sys.stdout.isatty():
            print(entry.id)
        return 0
    _written(f"entry {entry.id} was changed")
    print(f"Updated entry {entry.id}." if sys.stdout.isatty() else entry.id)
    if sys.stdout.isatty():
        _ask_about(unanswered, entry.id)
    return 0


def _edit(
    conn: sqlite3.Connection,
    args: argparse.Namespace,
    entry_id: int,
    values: EntryFields,
    today: date,
    *,
    expected: int | None,
    bring_back: bool,
) -> tuple[Entry, list[Commitment]]:
    """One edit and its commitment answers: one transaction, one new version."""
    from journal.db import transaction
    from journal.services import entries
    from journal.services.revisions import revising

    with transaction(conn):
        if bring_back:
            entries.restore(conn, entry_id)
        with revising(conn, entry_id, expected_version=expected):
            entry = entries.update(conn, entry_id, values, today=today)
            unanswered = _answer_commitments(conn, entry, args.followed)
    return entries.get(conn, entry_id), unanswered


def cmd_note(args: argparse.Namespace) -> int:
    from journal.services import entries

    text = args.text if args.text not in (None, "-") else _read_stdin("note")
    with _journal(args) as conn:
        note = entries.add_note(conn, args.id, text)
    _written(f"the note to entry {args.id} was saved")
    print(
        f"Added a note to entry {args.id} ({note.written_at})." if sys.stdout.isatty() else note.id
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """One line for a shell prompt: nothing when there is nothing to say. It never asks for a
    passphrase, creates no journal and takes no daily backup: it runs on every prompt, so a
    plain journal at the current schema is read without the cipher or the migrations."""
    from journal.files import existing_journal_file
    from journal.quick_open import open_current
    from journal.services.status import status

    path = _db_path(args)
    if not existing_journal_file(path):
        return _print_status(args, "", [])
    conn = open_current(path)
    if conn is None:
        conn = _open_for_status(args, path)
        if conn is None:
            return _print_status(args, "", [], locked=True)
    settings = _settings()
    try:
        found = status(
            conn,
            today=_today(),
            hour=_hour(),
            fiscal_start_month=settings.fiscal_year_start_month,
            week_start=settings.week_start_index,
            checkin_hour=settings.checkin_reminder_hour,
        )
    except Exception:
        from journal.db import translate_errors  # loaded only when something went wrong

        with translate_errors(path):
            raise
    finally:
        conn.close()
    return _print_status(args, found.line, [item.to_json() for item in found.items])


def _open_for_status(args: argparse.Namespace, path: Path) -> sqlite3.Connection | None:
    """The full way: an encrypted journal (None when its key is not at hand without asking),
    or one whose schema is migrated first."""
    from journal.db import open_journal, translate_errors
    from journal.files import file_state
    from journal.passphrase import Locked, Sources, unlock

    key = None
    if file_state(path) == "encrypted":
        try:
            key = unlock(path, Sources(file=_passphrase_file(args), ask=None))
        except Locked:
            return None
    with translate_errors(path):
        return open_journal(path, create=False, key=key)


def _hour() -> int:
    from journal.dates import hour_now

    return hour_now()


def _print_status(
    args: argparse.Namespace, line: str, items: list[dict[str, object]], *, locked: bool = False
) -> int:
    if args.json:
        import json

        data: dict[str, object] = {"line": line, "items": items}
        if locked:
            data["locked"] = True
        print(json.dumps(data, ensure_ascii=False))
    elif line:
        print(line)
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    """Key dates ahead (a review, a quota deadline): add, list, remove."""
    from journal import render
    from journal.services import tripwires

    today = _today()
    if args.action == "add":
        day = _follow_up_day(args.day, today, what="a key date")
        with _journal(args) as conn:
            added = tripwires.add_key_date(conn, day, args.label, trigger=args.trigger, today=today)
        _written(f"key date {added.id} was saved")
        on = f" ({added.trigger_name})" if added.trigger_name else ""
        print(f"Key date {added.id}: {added.day.isoformat()} {added.label}{on}.")
        return 0
    if args.action == "remove":
        with _journal(args) as conn:
            removed = tripwires.remove_key_date(conn, args.id)
        _written(f"key date {args.id} was removed")
        print(f"Removed key date {removed.id} ({removed.day.isoformat()} {removed.label}).")
        return 0
    with _journal(args) as conn:
        found = tripwires.key_dates(conn, since=None if args.all else today)
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
    from journal.services import tripwires
    from journal.thresholds import MIN_CASES

    today = _today()
    settings = _settings()
    fiscal, week_start = settings.fiscal_year_start_month, settings.week_start_index
    with _journal(args) as conn:
        windows = tripwires.risk_windows(
            conn, today=today, fiscal_start_month=fiscal, week_start=week_start
        )
        ahead = tripwires.key_dates(conn, since=today)
        now = tripwires.open_now(
            conn, today=today, fiscal_start_month=fiscal, week_start=week_start
        )
    if args.json:
        render.print_json(
            {
                "open_now": [tripwire.to_json() for tripwire in now],
                "risk_windows": [window.to_json() for window in windows],
                "key_dates": [key_date.to_json() for key_date in ahead],
                "quarters": tripwires.PAST_QUARTERS,
                "min_cases": MIN_CASES,
            }
        )
        return 0
    print("Open now:" if now else "No window is open this week or next.")
    for tripwire in now:
        print(f"  {tripwire.line}")
    print(
        f"\nWeeks of the quarter where a trigger's slips bunch (past {tripwires.PAST_QUARTERS}"
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


def cmd_delete(args: argparse.Namespace) -> int:
    from journal.services import entries

    with _journal(args) as conn:
        entries.delete(conn, args.id)
    _written(f"entry {args.id} is in the trash")
    print(f"Moved entry {args.id} to the trash; 'journal restore {args.id}' brings it back.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from journal.services import entries

    with _journal(args) as conn:
        entries.restore(conn, args.id)
    _written(f"entry {args.id} was restored")
    print(f"Restored entry {args.id}.")
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from journal import render
    from journal.services import entries
    from journal.services.entries import EntryFilter

    if args.empty:
        return _erase(args, None)
    with _journal(args) as conn:
        found = entries.query(conn, EntryFilter(in_trash=True), with_notes=args.json)
    _warn_unreadable(found)
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
    from journal import backups
    from journal.services import erasure

    if not args.yes and not _interactive():
        raise JournalError("erasing cannot be undone; add --yes to confirm when not at a terminal")
    path = _db_path(args)
    from journal.files import existing_journal_file

    if not existing_journal_file(path):
        raise JournalError(f"there is no journal at {shown(path)}")
    # No daily backup first: it would be one more copy of what is being erased.
    with _journal(args, daily_backup=False, take_inbox=False) as conn:
        key = _journal_key(conn)
        found = erasure.to_erase(conn, ids)
        if not found:
            erasure.checkpoint(conn)
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
        done = erasure.erase(conn, [entry.id for entry in found])
    print(f"Erased {plural(len(done.erased), 'entry')} for good.", file=sys.stderr)
    if not done.flushed:
        print(
            f"journal: warning: another program is reading {path}, so its write-ahead log"
            f" ({path.name}-wal) may still hold the erased words until every window of journal"
            " is closed; then 'journal trash --empty' empties the log",
            file=sys.stderr,
        )
    holding = erasure.backups_holding(path, done.erased, key)
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
    if not remove and _interactive():
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
    for held in holding:
        backups.remove_backup(held.path)
    print(f"Removed {plural(len(holding), 'backup')}.", file=sys.stderr)
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    from journal.dates import parse_when
    from journal.services import checkins

    today = _today()
    day = parse_when(args.date, today=today) if args.date is not None else today
    status = "clean" if args.clean else "slips" if args.slips else None
    with _journal(args) as conn:
        done = checkins.checkin(conn, day, status)
        _written(f"{day.isoformat()} was checked in")
        current = checkins.streak(conn, today=today)
    label = "clean day" if done.status == "clean" else "day with slips"
    print(f"Checked in {day.isoformat()} as a {label}. Streak: {plural(current.days, 'day')}.")
    return 0


def cmd_streak(args: argparse.Namespace) -> int:
    from journal.services import checkins

    today = _today()
    with _journal(args) as conn:
        current = checkins.streak(conn, today=today)
    if current.days == 0:
        print("No streak yet: 'journal checkin' records today.")
    else:
        since = current.since.isoformat() if current.since else ""
        print(f"{plural(current.days, 'day')} in a row, since {since}.")
        if not current.today_recorded:
            print("Today is not recorded yet: 'journal checkin' or 'journal add'.")
    return 0


def cmd_triggers(args: argparse.Namespace) -> int:
    from journal import render
    from journal.services import triggers

    action = args.action or "list"
    with _journal(args) as conn:
        if action == "list":
            found = triggers.list_triggers(conn, include_retired=True)
            if args.json:
                render.print_json([trigger.to_json() for trigger in found])
            else:
                render.print_triggers(found)
            return 0
        _written(f"the trigger {args.id} was changed")
        if action == "add":
            made = triggers.add_trigger(
                conn, args.id, category=args.category, description=args.description, name=args.name
            )
            print(f"Added trigger {made.id} ({made.name}).")
        elif action == "rename":
            renamed = triggers.rename_trigger(conn, args.id, args.name)
            print(f"Trigger {renamed.id} is now called {renamed.name!r}; its history is unchanged.")
        elif action == "retire":
            triggers.set_retired(conn, args.id, retired=True)
            print(f"Retired {args.id}: past entries keep it; new entries cannot use it.")
        else:
            triggers.set_retired(conn, args.id, retired=False)
            print(f"{args.id} can be used again.")
    return 0


def _calendar() -> Calendar:
    from journal.periods import Calendar

    settings = _settings()
    return Calendar(settings.fiscal_year_start_month, settings.week_start_index)


def _pairs(given: Sequence[str] | None, option: str, shape: str) -> list[tuple[str, str]]:
    """Read repeated KEY=VALUE options."""
    pairs = []
    for text in given or ():
        key, sep, value = text.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise JournalError(f"{option} takes {shape}, not {quoted(text)}")
        pairs.append((key.strip(), value.strip()))
    return pairs


def _review_input(args: argparse.Namespace, saved: SavedReview | None) -> ReviewInput:
    """What the options change, over what the saved review already says."""
    from journal.services.reviews import OUTCOMES, PlannedCommitment, ReviewInput

    values = ReviewInput()
    if saved is not None:
        values.reflection = saved.reflection
        values.start_doing = saved.start_doing
        values.stop_doing = saved.stop_doing
        values.continue_doing = saved.continue_doing
        values.commitments = [
            PlannedCommitment(c.trigger_id, c.plan, c.commitment_id) for c in saved.commitments
        ]
    for name, given in (
        ("reflection", args.reflection),
        ("start_doing", args.start),
        ("stop_doing", args.stop),
        ("continue_doing", args.continue_),
    ):
        if given is not None:
            setattr(values, name, given)
    for trigger, plan in _pairs(args.commit, "--commit", 'TRIGGER="what I will do"'):
        values.commitments.append(PlannedCommitment(trigger, plan))
    for ident, outcome in _pairs(args.judge, "--judge", "ID=kept, ID=partly or ID=broken"):
        commitment_id = _whole_number(ident)
        if commitment_id is None or outcome not in OUTCOMES:
            raise JournalError(
                f"--judge takes a commitment id and kept, partly or broken (such as 3=kept),"
                f" not {quoted(f'{ident}={outcome}')}"
            )
        values.outcomes[commitment_id] = outcome
    return values


def cmd_review(args: argparse.Namespace) -> int:
    from journal import render
    from journal.periods import parse_quarter
    from journal.services import reviews

    today = _today()
    calendar = _calendar()
    writing = any(
        value is not None
        for value in (
            args.reflection,
            args.start,
            args.stop,
            args.continue_,
            args.commit,
            args.judge,
        )
    )
    with _journal(args) as conn:
        if args.list:
            found = reviews.list_reviews(conn)
            if args.json:
                render.print_json([summary.to_json() for summary in found])
            else:
                from journal.render_review import print_review_list

                print_review_list(found, calendar)
            return 0
        if args.quarter is not None:
            quarter = parse_quarter(
                args.quarter, today=today, fiscal_start_month=calendar.fiscal_start_month
            )
        else:
            quarter = reviews.default_quarter(conn, today=today, calendar=calendar)
        if writing:
            from journal.db import transaction

            # Read and write in one transaction: a window saving meanwhile waits, never lost.
            with transaction(conn):
                values = _review_input(args, reviews.saved_review(conn, quarter))
                reviews.save_review(conn, quarter, values, today=today, calendar=calendar)
            _written(f"the review of {quarter.label} was saved")
        review = reviews.build_review(conn, quarter, today=today, calendar=calendar)
    if args.json:
        render.print_json(review.to_json())
        return 0
    from journal.render_review import print_review

    print_review(review, week_start=calendar.week_start)
    if writing:
        print(f"Saved the review of {quarter.label}.", file=sys.stderr)
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    from journal import render
    from journal.periods import Period
    from journal.services.analytics.queries import day_counts, patterns_for

    today = _today()
    calendar = _calendar()
    period = _period_from(args, today, calendar) or Period.of_quarter(calendar.quarter_of(today))
    with _journal(args) as conn:
        found = patterns_for(conn, period, today=today, calendar=calendar)
        # The year at a glance: each day of the period with an entry or a check-in.
        days = day_counts(conn, period.start, found.observed_end) if args.json else ()
    if args.json:
        render.print_json({**found.to_json(), "days": [day.to_json() for day in days]})
        return 0
    from journal.render_review import print_patterns

    print_patterns(found, week_start=calendar.week_start)
    return 0


def _period_from(args: argparse.Namespace, today: date, calendar: Calendar) -> Period | None:
    """The period named by --quarter or --from/--to; None when neither is given."""
    from journal.periods import parse_period

    return parse_period(
        args.quarter,
        date_from=args.date_from,
        date_to=args.date_to,
        today=today,
        fiscal_start_month=calendar.fiscal_start_month,
    )


@contextmanager
def _progress(total: int | None, description: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal's stderr; nothing at all in a pipe."""
    if not sys.stderr.isatty() or (total is not None and total < 2_000):
        yield lambda advance: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda advance: progress.advance(task, advance)


def _journal_files(args: argparse.Namespace) -> tuple[Path, ...]:
    """The journal in use and its backups folder: never written over by an export or a
    backup."""
    from journal.backups import folder_for

    path = _db_path(args)
    return (path, folder_for(path))


def _refuse_existing(target: Path, force: bool) -> None:
    if not force and os.path.lexists(target):
        raise JournalError(f"{target} already exists; add --force to replace it")


@contextmanager
def _no_clobber() -> Iterator[None]:
    """The file appeared while the export was being written: say so the same way."""
    from journal.files import AlreadyExists

    try:
        yield
    except AlreadyExists as error:
        raise JournalError(f"{error}; add --force to replace it") from error


def cmd_export(args: argparse.Namespace) -> int:
    from journal.exporters import EXTENSIONS, export_source, exporter_for, private_output
    from journal.files import output_target
    from journal.services import triggers

    output = Path(args.output).expanduser() if args.output else None
    fmt = args.format
    if fmt == "coach":
        return _export_coach(args, output)
    for given, option in (
        (args.label, "--as"),
        (args.with_reflection, "--with-reflection"),
        (args.recipient, "--recipient"),
    ):
        if given:
            raise JournalError(f"{option} is for a coach bundle: add --format coach")
    if fmt is None:
        by_suffix = {suffix: name for name, suffix in EXTENSIONS.items()}
        fmt = by_suffix.get(output.suffix.lower()) if output else None
        if fmt is None:
            raise JournalError("say which format: --format json, csv, md or html")
    privacy = "redact" if args.redact else "patterns-only" if args.patterns_only else "full"
    if args.check and privacy == "full":
        raise JournalError(
            "--check looks at what a redacted export leaves; add --redact or --patterns-only"
        )
    today = _today()
    calendar = _calendar()
    period = _period_from(args, today, calendar)
    protected = _journal_files(args)
    if output is not None:
        _refuse_existing(output_target(output, protected=protected), args.force)
    with _journal(args) as conn:
        trigger = (
            triggers.resolve(conn, [args.trigger], keep=[args.trigger])[0] if args.trigger else None
        )
        source = export_source(
            conn,
            fmt,
            period=period,
            trigger=trigger,
            privacy=privacy,
            today=today,
            calendar=calendar,
            private_names=_settings().private_names,
            with_trash=args.with_trash,
        )
        if args.check:
            from journal.services.leftovers import check

            return _print_check(check(source, fmt), fmt, source.scope.period)
        total = source.count()
        exporter = exporter_for(fmt)
        with _progress(total, f"Exporting {fmt}") as advance:
            pending = 0

            def step() -> None:
                nonlocal pending
                pending += 1
                if pending == 500:
                    advance(pending)
                    pending = 0

            source.on_entry = step
            if output is None:
                written = exporter.write(sys.stdout, source)
                sys.stdout.flush()
            else:
                with (
                    _no_clobber(),
                    private_output(
                        output, protected=protected, replace=args.force, newline=""
                    ) as out,
                ):
                    written = exporter.write(out, source)
        encrypted = _is_encrypted(conn)
    _warn_unreadable(source.unreadable)
    if output is not None:
        what = "figures and review" if privacy == "patterns-only" else plural(written, "entry")
        print(f"Exported {what} to {shown(output)} ({fmt}).", file=sys.stderr)
    if encrypted:
        where = shown(output) if output is not None else "the output"
        print(
            f"journal: note: the journal is encrypted, but an export is not: {where} can be"
            " read by anyone who gets it",
            file=sys.stderr,
        )
    return 0


def _export_coach(args: argparse.Namespace, output: Path | None) -> int:
    """The coach bundle: a quarter's figures and the quarters before it, never any words."""
    import json

    from journal.exporters import private_output
    from journal.files import output_target, write_privately
    from journal.periods import parse_quarter
    from journal.services.coach_bundle import BundleOptions, build_bundle, check_label
    from journal.services.reviews import default_quarter

    for given, option in (
        (args.date_from or args.date_to, "--from/--to"),
        (args.trigger, "--trigger"),
        (args.redact or args.patterns_only, "--redact/--patterns-only"),
        (args.check, "--check"),
        (args.with_trash, "--with-trash"),
    ):
        if given:
            raise JournalError(
                f"{option} does not apply to a coach bundle (a quarter's figures, redacted);"
                " use --quarter, --as, --with-reflection"
            )
    if args.recipient is not None and output is None:
        raise JournalError("an encrypted bundle is binary: give the file to write, -o FILE")
    settings = _settings()
    label = check_label(args.label if args.label is not None else settings.coach_label)
    today = _today()
    calendar = _calendar()
    protected = _journal_files(args)
    if output is not None:
        _refuse_existing(output_target(output, protected=protected), args.force)
    with _journal(args) as conn:
        if args.quarter:
            quarter = parse_quarter(
                args.quarter, today=today, fiscal_start_month=calendar.fiscal_start_month
            )
        else:
            quarter = default_quarter(conn, today=today, calendar=calendar)
        if quarter.start > today:
            raise JournalError(
                f"{quarter.label} has not started yet; a bundle is for a quarter that has (the"
                " running one, or one before it)"
            )
        bundle = build_bundle(
            conn,
            BundleOptions(label, quarter, with_reflection=args.with_reflection),
            today=today,
            calendar=calendar,
            private_names=settings.private_names,
        )
    text = json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
        return 0
    if args.recipient is not None:
        from journal.services.coach_keys import encrypt_to

        data = encrypt_to(text.encode("utf-8"), args.recipient)
        with (
            _no_clobber(),
            write_privately(output_target(output, protected=protected), replace=args.force) as raw,
        ):
            raw.write(data)
    else:
        with (
            _no_clobber(),
            private_output(output, protected=protected, replace=args.force, newline="") as out,
        ):
            out.write(text)
    sealed = ", encrypted to your coach's key" if args.recipient is not None else ""
    print(
        f"Exported the coach bundle for {quarter.label} ({label}) to {shown(output)}{sealed}.",
        file=sys.stderr,
    )
    return 0


def cmd_coach(args: argparse.Namespace) -> int:
    """The coach's view of a folder of clients' bundles."""
    from journal.services.cohort import cohort

    if args.folder == "keygen":
        return _coach_keygen(args)
    output = Path(args.output).expanduser() if args.output else None
    if args.format == "html" and args.json:
        raise JournalError("--json and --format html are two outputs; choose one")
    if args.format is None and (output is not None or args.force):
        raise JournalError(
            "-o and --force are for --format html (or keygen: --force replaces the key file)"
        )
    if output is not None:
        _refuse_existing(output, args.force)
    folder = Path(args.folder).expanduser()
    found = cohort(folder, _coach_decrypter(args))
    if args.format == "html":
        return _write_cohort_html(found, output, force=args.force)
    if args.json:
        from journal import render

        render.print_json(found.to_json())
        return 0
    if _interactive():
        return _open_coach_app(found)
    from journal.render_cohort import print_cohort

    print_cohort(found)
    return 0


def _write_cohort_html(found: Cohort, output: Path | None, *, force: bool) -> int:
    """The cohort as one self-contained HTML page, to -o FILE (0600) or standard output."""
    from datetime import datetime

    from journal.exporters import private_output
    from journal.exporters.cohort_html import write_cohort_html

    written = datetime.now().astimezone()
    if output is None:
        write_cohort_html(sys.stdout, found, written=written)
        return 0
    with _no_clobber(), private_output(output, replace=force, newline="") as out:
        write_cohort_html(out, found, written=written)
    print(
        f"Wrote the cohort of {plural(len(found.rows), 'client')} to {shown(output)} (html).",
        file=sys.stderr,
    )
    return 0


def _open_coach_app(found: Cohort) -> int:
    """The cohort screen; Textual is imported only here."""
    theme = _settings().theme
    from journal.tui.coach_app import CoachApp

    guarded = sys.stdout
    if isinstance(guarded, _GuardedOutput) and guarded.stream is not None:
        sys.stdout = guarded.stream  # the terminal itself, for Textual to drive
    try:
        CoachApp(found, theme=theme).run()
    finally:
        sys.stdout = guarded
    return 0


def _identity_path(args: argparse.Namespace) -> Path:
    from journal.services.coach_keys import default_identity_path

    given = args.identity
    if given is not None and not given.strip():
        raise JournalError("--identity is empty; give the file journal coach keygen wrote")
    return Path(given).expanduser() if given else default_identity_path()


def _coach_keygen(args: argparse.Namespace) -> int:
    from journal.services.coach_keys import keygen

    if args.json:
        raise JournalError("--json is for the cohort view (journal coach DIR --json)")
    path = _identity_path(args)
    public = keygen(path, replace=args.force)
    print(public)
    print(
        f"Your secret key is in {shown(path)} (only you can read it; keep a copy safe: bundles"
        " encrypted to this key cannot be read without it). Give your clients the public key"
        " above: journal export --format coach --recipient KEY -o FILE.",
        file=sys.stderr,
    )
    return 0


def _coach_decrypter(args: argparse.Namespace) -> Callable[[bytes], bytes] | None:
    """Decrypts bundles with the --identity file, else the default one if there is one;
    None when there is no identity (encrypted bundles are then skipped, saying why)."""
    from journal.services.coach_keys import decrypter, read_identities

    path = _identity_path(args)
    if args.identity is None and not os.path.lexists(path):
        return None
    return decrypter(read_identities(path), path)


def _is_encrypted(conn: sqlite3.Connection) -> bool:
    return _journal_key(conn) is not None


def _journal_key(conn: sqlite3.Connection) -> Key | None:
    from journal.cipher import key_of

    return key_of(conn)


def _print_check(result: CheckResult, fmt: str, period: Period | None) -> int:
    """The check before sharing: what the redacted text still shows, likeliest names first."""
    from journal.config import config_path
    from journal.services.leftovers import KIND_TITLES

    what = f"{plural(result.entries, 'entry')}, {period.label if period else 'everything'}"
    if not result.leftovers:
        print(f"Nothing left that looks like a name or an amount ({what}). Nothing was written.")
        return 0
    print(f"Left in the redacted {fmt} ({what}) that may still name someone:")
    width = max(len(str(item.count)) for item in result.leftovers)
    kind = ""
    for item in result.leftovers:
        if item.kind != kind:
            kind = item.kind
            print(KIND_TITLES[kind])
        print(f"  {item.count:>{width}}  {item.text}")
    print(
        f"Add the names among them to private_names in {config_path()}, then export again."
        " Nothing was written."
    )
    return 0


def _column_map(items: Sequence[str] | None) -> dict[str, str]:
    from journal.importers import MAPPABLE_FIELDS as FIELDS

    mapping: dict[str, str] = {}
    for item in items or ():
        theirs, sep, ours = item.partition("=")
        if not sep or not theirs.strip() or ours.strip() not in FIELDS:
            raise JournalError(
                f"--map {quoted(item)} should be THEIR_COLUMN=FIELD, FIELD one of"
                f" {', '.join(FIELDS)}"
            )
        mapping[theirs.strip()] = ours.strip()
    return mapping


def guess_format(head: bytes, name: str) -> str:
    from journal.importers import importer_for
    from journal.importers.json_format import sniff

    if sniff(head):
        return "json"
    for candidate in ("dayone", "jrnl", "daylio", "csv"):
        if importer_for(candidate).sniff(head, name):
            return candidate
    raise JournalError(
        f"cannot tell what kind of file {name} is; say with --format json, jrnl, dayone,"
        " daylio or csv (a jrnl journal kept with another timeformat: --format jrnl"
        " --jrnl-config PATH, or import what jrnl --format json writes)"
    )


# Byte-order marks of UTF-16 (and UTF-32, which starts the same): every importer reads UTF-8.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def cmd_import(args: argparse.Namespace) -> int:
    from journal.importers import importer_for
    from journal.services import imports

    path = Path(args.file).expanduser()
    from journal.files import open_input

    with open_input(path, "the file to import") as handle:
        head = handle.read(8192)
        if head.startswith(_WIDE_BOMS):
            raise JournalError(
                f"{path.name} is UTF-16 or UTF-32 text; save it as UTF-8 and import again"
            )
        # --jrnl-config or --journal say what the file is, even when its start does not.
        implied = "jrnl" if args.jrnl_config else "dayone" if args.journal else None
        fmt = args.format or implied or guess_format(head, path.name)
        handle.seek(0)
        options = _import_options(args, fmt)
        size = path.stat().st_size
        today = _today()
        # Not the inbox first: an import into an empty journal is a restore.
        with (
            _journal(args, take_inbox=False) as conn,
            _progress(size, f"Importing {path.name}") as advance,
        ):
            reader = cast(BinaryIO, _ProgressReader(handle, advance))
            if fmt == "json":
                from journal.importers.json_format import read_entries, read_head

                document = read_head(reader)
                report = imports.import_document(
                    conn,
                    document,
                    read_entries(reader),
                    today=today,
                )
            else:
                records = importer_for(fmt).read(reader, options)
                report = imports.import_entries(conn, records, today=today)
    parts = [f"Imported {plural(report.added, 'entry')} from {shown(path.name)} ({fmt})"]
    if report.duplicates:
        parts.append(f"{plural(report.duplicates, 'entry')} already in the journal, skipped")
    if report.new_triggers:
        named = ", ".join(report.new_triggers[:10])
        more = len(report.new_triggers) - 10
        parts.append(f"new triggers: {named}" + (f" and {more:,} more" if more > 0 else ""))
    if report.reviews or report.checkins:
        parts.append(f"{plural(report.reviews, 'review')}, {plural(report.checkins, 'check-in')}")
    parts += [f"skipped {reason}: {count:,}" for reason, count in report.skipped]
    print("; ".join(parts) + ".", file=sys.stderr)
    if report.to_classify:
        print(
            f"{plural(report.to_classify, 'entry')} did not say slip or save: they are slips"
            " marked to classify. Go through them in the app (press i), or list them with"
            " journal list --to-classify and set each with journal edit ID --kind save.",
            file=sys.stderr,
        )
    return 0


def _import_options(args: argparse.Namespace, fmt: str) -> ImportOptions:
    from journal.importers import ImportOptions

    if args.map and fmt != "csv":
        raise JournalError("--map is for csv files, whose columns have names")
    date_format = args.date_format
    symbols = None
    if args.jrnl_config is not None:
        if fmt != "jrnl":
            raise JournalError("--jrnl-config is for jrnl's files; this one reads as " + fmt)
        from journal.files import open_input
        from journal.importers.jrnl import jrnl_settings

        config = Path(args.jrnl_config).expanduser()
        with open_input(config, "jrnl's configuration") as handle:
            text = handle.read(1 << 20).decode("utf-8", "replace")
        timeformat, symbols = jrnl_settings(text)
        date_format = date_format or timeformat
    if date_format is not None:
        from journal.importers.date_formats import normalized

        if "%" not in date_format or fmt not in ("jrnl", "csv", "daylio"):
            raise JournalError(
                f"--date-format {quoted(date_format)} should be a strftime format such as"
                " '%d/%m/%Y %H:%M', for a jrnl, csv or daylio file"
            )
        date_format = normalized(date_format)
    if args.journal is not None and fmt != "dayone":
        raise JournalError("--journal picks one journal of Day One's zip export")
    if args.skip_empty and fmt not in ("csv", "daylio"):
        raise JournalError("--skip-empty is for csv and daylio files, whose rows may hold no text")
    return ImportOptions(
        column_map=_column_map(args.map),
        date_format=date_format,
        tag_symbols=symbols or "#@",
        skip_empty=args.skip_empty,
        journal=args.journal,
    )


class _ProgressReader:
    """A binary file that reports how far it has been read (seeking back resets it)."""

    def __init__(self, handle: BinaryIO, advance: Callable[[int], None]) -> None:
        self.handle = handle
        self.advance = advance
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.advance(len(data))
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.handle.closed

    def readinto(self, buffer: bytearray) -> int:
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.advance(count or 0)
        return int(count or 0)

    def readline(self, size: int = -1) -> bytes:
        data = self.handle.readline(size)
        self.advance(len(data))
        return data

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self.handle.seek(offset, whence)
        self.advance(-self.handle.tell() if position == 0 else 0)
        return position

    def tell(self) -> int:
        return self.handle.tell()

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


def cmd_backup(args: argparse.Namespace) -> int:
    from journal import backups
    from journal.files import existing_journal_file

    path = _db_path(args)
    if args.list:
        from journal.passphrase import Locked

        try:
            key = _key(args, path) if path.exists() else None
        except Locked:  # listed all the same, without counting what is in encrypted ones
            key = None
        found = backups.list_backups(path, key)
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
    with _journal(args) as conn:
        target = backups.take_manual(
            conn, path, Path(args.to) if args.to else None, replace=args.force
        )
    print(f"Backed up {shown(path)} to {shown(target)}", file=sys.stderr)
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from journal import backups

    path = _db_path(args)
    source = Path(args.file).expanduser()
    from journal.files import existing_journal_file, open_input

    open_input(source, "a backup file").close()  # a regular file, or one line saying what it is
    if source.resolve() == path.resolve():
        raise JournalError("that is the journal itself; give a backup file")
    exists = existing_journal_file(path)
    journal_key = _key(args, path) if exists else None
    backup_key = _key(args, source, what="the backup")
    incoming = backups.check_backup(source, backup_key)
    current = None
    if exists:
        from journal.db import open_journal

        conn = open_journal(path, key=journal_key)
        try:
            current = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    question = (
        f"Replace the journal {path} ({plural(current or 0, 'entry')}) with the backup"
        f" {source} ({plural(incoming, 'entry')})? The journal as it is now is kept as a"
        " backup first. [y/N] "
    )
    if not args.yes:
        if not _interactive():
            raise JournalError(
                "restore-backup replaces your journal; add --yes to confirm when not at a terminal"
            )
        answer = input(question)
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.", file=sys.stderr)
            return 1
    kept = None
    if current is not None:
        with _journal(args, take_inbox=False) as conn:  # the inbox goes to the restored one
            kept = backups.take_manual(conn, path, None, label="before-restore")
    else:
        from journal.db import _create_private_file, _make_private_dir

        _make_private_dir(path.parent)
        _create_private_file(path)
    backups.restore(path, source, journal_key=journal_key, backup_key=backup_key)
    with _journal(args):
        pass  # brings an older backup's schema up to date (with its own backup first)
    print(
        f"Restored {plural(incoming, 'entry')} from {shown(source)} into {shown(path)}.",
        file=sys.stderr,
    )
    if kept is not None:
        print(f"The journal as it was is kept in {shown(kept)}", file=sys.stderr)
    return 0


def _require_sqlcipher() -> None:
    from journal import cipher

    if not cipher.available():
        raise JournalError(
            f"encryption needs SQLCipher, which is not installed: {cipher.INSTALL_HINT}"
        )


def _encrypted_journal(args: argparse.Namespace) -> tuple[Path, Key]:
    """The journal, which must be encrypted, and its key."""
    from journal.cipher import file_state

    path = _db_path(args)
    state = file_state(path)
    if state in ("missing", "empty"):
        raise JournalError(f"there is no journal at {path}")
    if state != "encrypted":
        raise JournalError(f"{path} is not encrypted; 'journal encrypt' encrypts it")
    _require_sqlcipher()
    key = _key(args, path)
    assert key is not None
    return path, key


def _report_backups(done: BackupsDone, verb: str) -> None:
    if done.converted:
        print(f"{verb} {plural(len(done.converted), 'backup')} too.", file=sys.stderr)
    if done.removed:
        print(f"Removed {plural(len(done.removed), 'unencrypted backup')}.", file=sys.stderr)
    for path, reason in done.left:
        print(f"journal: warning: the backup {path} was left as it was ({reason})", file=sys.stderr)


def _remember(path: Path, key: Key) -> None:
    from journal import keychain

    try:
        keychain.remember(path, key)
    except JournalError as error:
        print(f"journal: warning: {error}", file=sys.stderr)
    else:
        print(
            "The key is kept in the system keyring: the passphrase is not asked on this"
            " account ('journal forget-key' stops that).",
            file=sys.stderr,
        )


def cmd_encrypt(args: argparse.Namespace) -> int:
    from journal import cipher
    from journal.passphrase import ENV_PASSPHRASE, new_passphrase, terminal_prompt
    from journal.services import encryption

    _require_sqlcipher()
    path = _db_path(args)
    state = cipher.file_state(path)
    if state == "encrypted":
        raise JournalError(f"{path} is already encrypted; journal rekey changes its passphrase")
    if state == "foreign":
        raise JournalError(
            f"{path} is not a SQLite database, so not a journal; give a journal file made by"
            " journal, or a new path"
        )
    ask = terminal_prompt()
    if ask is not None and not _passphrase_given(args):
        print(
            "Choose a passphrase. Nobody can recover the journal without it: keep it"
            " somewhere safe.",
            file=sys.stderr,
        )
    passphrase, source = new_passphrase(env=ENV_PASSPHRASE, file=_passphrase_file(args), ask=ask)
    key = cipher.new_key(passphrase, source)
    plain = encryption.plain_backups(path)
    choice = args.backups
    if plain and choice is None:
        choice = "encrypt"
        if _interactive():
            them = "them" if len(plain) > 1 else "it"
            answer = input(
                f"{plural(len(plain), 'backup')} of this journal can be read without the"
                f" passphrase. Encrypt {them} too, or remove {them}? [E/r] "
            )
            choice = "remove" if answer.strip().lower() in ("r", "remove") else "encrypt"
    encryption.encrypt_journal(path, key)
    print(f"Encrypted {path}.", file=sys.stderr)
    if plain:
        done = (
            encryption.remove_backups(plain)
            if choice == "remove"
            else encryption.encrypt_backups(plain, key)
        )
        _report_backups(done, "Encrypted")
    if args.remember:
        _remember(path, key)
    return 0


def _passphrase_given(args: argparse.Namespace) -> bool:
    from journal.passphrase import from_env

    return from_env() is not None or _passphrase_file(args) is not None


def cmd_decrypt(args: argparse.Namespace) -> int:
    from journal import keychain
    from journal.services import encryption

    path, key = _encrypted_journal(args)
    if not args.yes:
        if not _interactive():
            raise JournalError(
                "decrypt leaves the journal readable by anyone with the file; add --yes to"
                " confirm when not at a terminal"
            )
        answer = input(
            f"Store {path} unencrypted? Anyone who gets the file can then read it. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.", file=sys.stderr)
            return 1
    encryption.decrypt_journal(path, key)
    keychain.forget(path, key.salt)
    print(
        f"Decrypted {path}. Its earlier backups stay encrypted with the old passphrase;"
        " new ones are not encrypted.",
        file=sys.stderr,
    )
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from journal import cipher, keychain
    from journal.passphrase import ENV_NEW_PASSPHRASE, new_passphrase, terminal_prompt
    from journal.services import encryption

    path, old = _encrypted_journal(args)
    given = Path(args.new_passphrase_file).expanduser() if args.new_passphrase_file else None
    passphrase, source = new_passphrase(env=ENV_NEW_PASSPHRASE, file=given, ask=terminal_prompt())
    new = cipher.new_key(passphrase, source)
    remembered = keychain.is_remembered(path)
    encryption.rekey_journal(path, old, new)
    print(f"Changed the passphrase of {path}.", file=sys.stderr)
    _report_backups(encryption.rekey_backups(path, old, new), "Re-encrypted")
    if remembered or args.remember:
        keychain.forget(path, old.salt)
        _remember(path, new)
    return 0


def cmd_remember_key(args: argparse.Namespace) -> int:
    path, key = _encrypted_journal(args)
    from journal import keychain

    keychain.remember(path, key)
    print(
        f"The key of {path} is kept in the system keyring; 'journal forget-key' removes it.",
        file=sys.stderr,
    )
    return 0


def cmd_forget_key(args: argparse.Namespace) -> int:
    from journal import cipher, keychain

    path = _db_path(args)
    salt = cipher.salt_of(path) if cipher.file_state(path) == "encrypted" else None
    if keychain.forget(path, salt):
        print(f"Removed the key of {path} from the system keyring.", file=sys.stderr)
    else:
        print(f"No key of {path} was kept in the system keyring.", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from journal.config import demo_db_path
    from journal.services import demo

    target = Path(args.demo_db).expanduser() if args.demo_db else demo_db_path()
    made = demo.write_demo(target, entries=args.entries, seed=args.seed, today=_today())
    print(f"Wrote a demo journal with {made} entries to {shown(target)}", file=sys.stderr)
    if args.open:
        args.db = str(target)
        if _interactive():
            return _open_app(target, demo_path=target)
        return cmd_home(args)
    print(f"Open it with: journal --db {shown(target)}", file=sys.stderr)
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    import json

    from journal.config import config_path

    settings = _settings()
    path = config_path()
    state = "" if os.path.lexists(path) else "  (no file yet: defaults in force)"
    print(f"config file  {shown(path)}{state}")
    journal = _db_path(args)
    print(f"journal      {shown(journal)}")
    print(f"encryption   {_encryption_state(args, journal)}")
    values = settings._asdict()
    remapped = values.pop("keys")
    for key, value in values.items():
        if isinstance(value, tuple):
            text = "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
        else:
            text = f'"{value}"' if isinstance(value, str) else str(value)
        print(f"{key} = {text}")
    print("[keys]" + ("" if remapped else "  # none remapped"))
    for action, keys in remapped:
        print(f'{action} = "{keys}"')
    return 0


def _encryption_state(args: argparse.Namespace, journal: Path) -> str:
    """Whether the journal is encrypted and where its key comes from, without asking for it."""
    from journal import cipher
    from journal.passphrase import Sources, where_from

    state = cipher.file_state(journal)
    if state != "encrypted":
        extra = "" if cipher.available() else f"; needs {cipher.INSTALL_HINT}"
        return f"off (journal encrypt turns it on{extra})"
    if not cipher.available():
        return f"on, but SQLCipher is not installed here: {cipher.INSTALL_HINT}"
    source = where_from(journal, Sources(file=_passphrase_file(args)))
    return f"on (SQLCipher {cipher.version()}); the key: {source}"


def _open_app(
    path: Path, *, demo_path: Path | None = None, passphrase_file: Path | None = None
) -> int:
    """The full-screen journal; Textual is imported only here, never for other commands."""
    from journal.cipher import file_state
    from journal.config import config_path
    from journal.db import open_journal

    settings = _settings()
    # Opened once here first: a path that cannot be a journal (a pipe, a folder, another
    # program's file) is one line, not the app's traceback. An encrypted one is unlocked by
    # the app (its header was read: a regular file, and no one else's).
    if file_state(path) != "encrypted":
        open_journal(path).close()
    from journal.tui.app import JournalApp

    guarded = sys.stdout
    if isinstance(guarded, _GuardedOutput) and guarded.stream is not None:
        sys.stdout = guarded.stream  # the terminal itself, for Textual to drive
    try:
        app = JournalApp(
            path,
            settings=settings,
            today=None,
            demo_path=demo_path,
            passphrase_file=passphrase_file,
            config_file=config_path(),
        )
        global _app_ran
        _app_ran = True
        app.run()
    finally:
        sys.stdout = guarded
    if app.failure is not None:
        print(f"journal: {_one_line(app.failure)}", file=sys.stderr)
    return app.return_code or 0


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_home(args: argparse.Namespace) -> int:
    """`journal` with no command: the full-screen app on a terminal; in a pipe or a script,
    the latest entries and what to do next."""
    if _interactive():
        return _open_app(_db_path(args), passphrase_file=_passphrase_file(args))
    from journal import render
    from journal.services import checkins, entries

    today = _today()
    with _journal(args) as conn:
        recent = entries.query(conn, limit=15)
        _warn_unreadable(recent)
        current = checkins.streak(conn, today=today)
        due = entries.due_follow_ups(conn, today=today)
    if recent:
        render.print_entries(recent, title=f"Latest entries in {_db_path(args)}")
    else:
        print('No entries yet. Record the first: journal add "what happened" -t quota-behind')
    print(f"Streak: {plural(current.days, 'day')}. Follow-ups due: {len(due)}.")
    print("Commands: add, list, show, note, checkin, triggers; 'journal --help' for all.")
    return 0


# --- the parser -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    debug_only = _Parser(add_help=False)
    debug_only.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    common = _Parser(add_help=False, parents=[debug_only])
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the journal file (default: $JOURNAL_DB or the data folder)",
    )
    common.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="an encrypted journal's passphrase: this file's first line (after"
        " $JOURNAL_PASSPHRASE, before the keyring and the prompt)",
    )

    parser = _Parser(
        prog="journal",
        description="A private journal of the moments your priorities beat your customer's"
        " outcome, and the moments you held the line.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"journal {__version__}")
    parser.set_defaults(handler=cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Handler, help_text: str, parent: _Parser = common
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[parent])
        sub.set_defaults(handler=handler)
        return sub

    add = command("add", cmd_add, "record a slip or a save")
    add.add_argument(
        "situation", nargs="?", metavar="SITUATION", help="what happened ('-' or none: read stdin)"
    )
    _add_entry_options(add, editing=False)

    listing = command("list", cmd_list, "list entries, newest first")
    listing.add_argument("--quarter", metavar="Q", help="2026-Q3, FY2027-Q1, this or last")
    listing.add_argument("--from", dest="date_from", metavar="WHEN", help="on or after this date")
    listing.add_argument("--to", dest="date_to", metavar="WHEN", help="on or before this date")
    listing.add_argument("--trigger", metavar="ID", help="only entries with this trigger")
    listing.add_argument("--kind", choices=("slip", "save"))
    listing.add_argument("--search", metavar="TEXT", help="words to find (full-text)")
    listing.add_argument("--customer", metavar="NAME", help="customer name contains this")
    listing.add_argument(
        "--to-classify",
        action="store_true",
        help="only imported entries that do not yet say slip or save",
    )
    listing.add_argument(
        "-n", type=_count, default=20, metavar="N", help="how many (default 20; 0 for all)"
    )
    listing.add_argument("--due", action="store_true", help="only the follow-ups due, oldest first")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")

    show = command("show", cmd_show, "show one entry in full, with its notes")
    show.add_argument("id", type=_entry_id)
    show.add_argument(
        "--history",
        action="store_true",
        help="every version, oldest first, with what changed between them",
    )
    show.add_argument("--json", action="store_true", help="print JSON for scripts")

    edit = command("edit", cmd_edit, "change an entry's fields")
    edit.add_argument("id", type=_entry_id)
    edit.add_argument("--situation", metavar="TEXT", help="replace the situation")
    _add_entry_options(edit, editing=True)

    note = command("note", cmd_note, "add a dated later note to an entry")
    note.add_argument("id", type=_entry_id)
    note.add_argument("text", nargs="?", metavar="TEXT", help="the note ('-' or none: read stdin)")

    follow_up = command(
        "follow-up",
        cmd_follow_up,
        "close a follow-up with what happened to the customer, or move it to a new day",
    )
    follow_up.add_argument("id", type=_entry_id)
    follow_up.add_argument(
        "text", nargs="?", metavar="TEXT", help="what happened ('-' or none: read stdin)"
    )
    follow_up.add_argument(
        "--recovery",
        choices=("none", "attempted", "recovered", "lost"),
        help="how it ended for the customer (needed to close it)",
    )
    follow_up.add_argument("--to", metavar="WHEN", help="come back on this day instead")

    status = command(
        "status",
        cmd_status,
        "one line for a shell prompt: follow-ups due, today's check-in, the crunch ahead",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")

    dates = command(
        "dates", cmd_dates, "key dates ahead (a review, a quota deadline): add, list, remove"
    )
    dates.set_defaults(action="list", all=False, json=False)
    date_actions = dates.add_subparsers(title="actions", metavar="ACTION", parser_class=_Parser)
    date_list = date_actions.add_parser(
        "list", help="the key dates from today on", parents=[common]
    )
    date_list.set_defaults(action="list")
    date_list.add_argument("--all", action="store_true", help="past ones too")
    date_list.add_argument("--json", action="store_true", help="print JSON for scripts")
    date_add = date_actions.add_parser("add", help="add a key date", parents=[common])
    date_add.set_defaults(action="add")
    date_add.add_argument("day", metavar="WHEN", help="2027-03-15, friday, end of quarter …")
    date_add.add_argument("label", metavar="LABEL", help='what it is, such as "annual review"')
    date_add.add_argument(
        "-t", "--trigger", metavar="ID", help="the trigger it puts at risk (id or name)"
    )
    date_remove = date_actions.add_parser("remove", help="remove a key date", parents=[common])
    date_remove.set_defaults(action="remove")
    date_remove.add_argument("id", type=_entry_id, metavar="ID")

    tripwires = command(
        "tripwires",
        cmd_tripwires,
        "risk windows from your history and your key dates, and what covers them",
    )
    tripwires.add_argument("--json", action="store_true", help="print JSON for scripts")

    command("delete", cmd_delete, "move an entry to the trash").add_argument("id", type=_entry_id)
    command("restore", cmd_restore, "bring an entry back from the trash").add_argument(
        "id", type=_entry_id
    )
    trash = command("trash", cmd_trash, "list the entries in the trash, or empty it for good")
    trash.add_argument("--json", action="store_true", help="print JSON for scripts")
    trash.add_argument(
        "--empty", action="store_true", help="erase every entry in the trash for good (asks)"
    )
    purge = command("purge", cmd_purge, "erase entries for good, in the trash or not (asks)")
    purge.add_argument("ids", nargs="+", type=_entry_id, metavar="ID")
    for erasing in (trash, purge):
        erasing.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
        erasing.add_argument(
            "--remove-backups",
            action="store_true",
            help="also remove the backups that still hold the erased entries",
        )

    checkin = command("checkin", cmd_checkin, "record today as clean or as a day with slips")
    state = checkin.add_mutually_exclusive_group()
    state.add_argument("--clean", action="store_true", help="no slip today")
    state.add_argument("--slips", action="store_true", help="today had slips")
    checkin.add_argument("--date", metavar="WHEN", help="check in a past day instead of today")
    command("streak", cmd_streak, "days in a row with a check-in or an entry")

    triggers = command("triggers", cmd_triggers, "list, add, rename or retire triggers")
    triggers.add_argument("--json", action="store_true", help="print JSON for scripts")
    triggers.set_defaults(action=None)
    actions = triggers.add_subparsers(title="actions", metavar="ACTION", parser_class=_Parser)
    actions.add_parser("list", help="list triggers with counts", parents=[common]).set_defaults(
        action="list"
    )
    add_trigger = actions.add_parser("add", help="add your own trigger", parents=[common])
    add_trigger.set_defaults(action="add")
    add_trigger.add_argument(
        "id", help="its id (lowercase letters, digits and hyphens) or its name, in quotes"
    )
    add_trigger.add_argument("--category", default="", help="default: 'Your own'")
    add_trigger.add_argument("--description", default="", help="a sentence (optional)")
    add_trigger.add_argument("--name", help="display name (default: from the id)")
    rename = actions.add_parser("rename", help="change a trigger's display name", parents=[common])
    rename.set_defaults(action="rename")
    rename.add_argument("id")
    rename.add_argument("name")
    for verb, text in (
        ("retire", "stop offering a trigger; history keeps it"),
        ("unretire", "offer a retired trigger again"),
    ):
        retire = actions.add_parser(verb, help=text, parents=[common])
        retire.set_defaults(action=verb)
        retire.add_argument("id")

    review = command(
        "review", cmd_review, "the quarterly review: figures, last quarter's commitments, prompts"
    )
    review.add_argument(
        "quarter",
        nargs="?",
        metavar="QUARTER",
        help="2026-Q3, FY2027-Q1, this or last (default: the quarter just ended during the"
        " first month of the next, else this one)",
    )
    review.add_argument("--json", action="store_true", help="every figure with its counts")
    review.add_argument("--list", action="store_true", help="list the saved reviews")
    review.add_argument("--reflection", metavar="TEXT", help="write the reflection")
    review.add_argument("--start", metavar="TEXT", help="what you will start doing")
    review.add_argument("--stop", metavar="TEXT", help="what you will stop doing")
    review.add_argument(
        "--continue", dest="continue_", metavar="TEXT", help="what you will keep doing"
    )
    review.add_argument(
        "--commit",
        action="append",
        metavar='TRIGGER="PLAN"',
        help="a commitment for next quarter: if TRIGGER shows up, I will PLAN (up to 3)",
    )
    review.add_argument(
        "--judge",
        action="append",
        metavar="ID=OUTCOME",
        help="judge last quarter's commitment ID: kept, partly or broken",
    )

    patterns = command("patterns", cmd_patterns, "every pattern of a quarter or a date range")
    patterns.add_argument("--quarter", metavar="Q", help="2026-Q3, FY2027-Q1, this or last")
    patterns.add_argument("--from", dest="date_from", metavar="WHEN", help="first day")
    patterns.add_argument("--to", dest="date_to", metavar="WHEN", help="last day (default today)")
    patterns.add_argument("--json", action="store_true", help="every figure with its counts")

    export = command(
        "export", cmd_export, "write the journal or a coach summary to a file (json, csv, md, html)"
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "md", "html", "coach"),
        help="json: everything, lossless; csv: one row per entry; md and html: the coach"
        " summary; coach: the figures-only bundle for a coach's cohort view (default: from"
        " the -o file's extension)",
    )
    export.add_argument("--quarter", metavar="Q", help="2026-Q3, FY2027-Q1, this or last")
    export.add_argument("--from", dest="date_from", metavar="WHEN", help="first day")
    export.add_argument("--to", dest="date_to", metavar="WHEN", help="last day (default today)")
    export.add_argument("--trigger", metavar="ID", help="only entries with this trigger")
    privacy = export.add_mutually_exclusive_group()
    privacy.add_argument(
        "--redact",
        action="store_true",
        help="customers become Customer A, B, …; names listed in private_names are withheld",
    )
    privacy.add_argument(
        "--patterns-only",
        action="store_true",
        help="the figures and the review, redacted, without the entries",
    )
    export.add_argument(
        "--check",
        action="store_true",
        help="with --redact or --patterns-only: write nothing, list the capitalised words and"
        " the numbers left that may still name someone",
    )
    export.add_argument(
        "--with-trash",
        action="store_true",
        help="json only, not redacted: the entries in the trash too (a lossless copy)",
    )
    export.add_argument(
        "--as",
        dest="label",
        metavar="LABEL",
        help="coach bundle: how your coach sees you named (default: the coach_label setting)",
    )
    export.add_argument(
        "--with-reflection",
        action="store_true",
        help="coach bundle: add the review's reflection, answers and plans (redacted)",
    )
    export.add_argument(
        "--recipient",
        metavar="KEY",
        help="coach bundle: encrypt it to your coach's age public key (age1…), which"
        " journal coach keygen printed for them",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    export.add_argument(
        "--force",
        action="store_true",
        help="replace the -o file if it exists (never a journal or one of its backups)",
    )

    command(
        "inbox",
        cmd_inbox,
        "take in the inbox's lines now (every command does it first), and say what came in",
    )

    coach = command(
        "coach",
        cmd_coach,
        "a coach's view of a folder of clients' bundles (journal export --format coach)",
    )
    coach.add_argument(
        "folder",
        metavar="DIR",
        help="the folder that holds the bundles; or keygen: make the coach's key pair and print"
        " the public key for clients (a folder named keygen: ./keygen)",
    )
    coach.add_argument(
        "--json",
        action="store_true",
        help="every figure with its counts (without it: the app on a terminal, text in a pipe)",
    )
    coach.add_argument(
        "--identity",
        metavar="FILE",
        help="the secret key that opens encrypted bundles (default: the one journal coach"
        " keygen made); with keygen: where to write it",
    )
    coach.add_argument(
        "--format",
        choices=("html",),
        help="html: the cohort as one self-contained page with charts (-o FILE, or stdout)",
    )
    coach.add_argument("-o", "--output", metavar="FILE", help="with --format html: write here")
    coach.add_argument(
        "--force",
        action="store_true",
        help="replace the -o file if it exists; keygen: replace the key file",
    )

    importing = command(
        "import", cmd_import, "add entries from a journal export, jrnl, Day One or a csv file"
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--format",
        choices=("json", "jrnl", "dayone", "daylio", "csv"),
        help="what the file is (default: guessed from its content); daylio is Daylio's csv",
    )
    importing.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="csv: read THEIR column as our FIELD (e.g. --map Notes=situation); repeatable",
    )
    importing.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="how the file writes dates, as strftime does: '%%d/%%m/%%Y' (day first),"
        " '%%m/%%d/%%Y' (month first), or jrnl's timeformat",
    )
    importing.add_argument(
        "--skip-empty",
        action="store_true",
        help="csv, daylio: skip the rows without text (counted in the report) instead of"
        " stopping at the first",
    )
    importing.add_argument(
        "--journal",
        metavar="NAME",
        help="Day One's zip: import only this journal (default: every journal in it)",
    )
    importing.add_argument(
        "--jrnl-config",
        metavar="PATH",
        help="jrnl: your jrnl.yaml, to read the headers' timeformat and the tag symbols",
    )

    backup = command(
        "backup", cmd_backup, "copy the journal safely, even while the app has it open"
    )
    backup.add_argument(
        "--to", metavar="PATH", help="a new file or a folder (default: the backups folder)"
    )
    backup.add_argument("--list", action="store_true", help="list the backups kept")
    backup.add_argument(
        "--force",
        action="store_true",
        help="replace the --to file if it exists (never a journal or one of its backups)",
    )
    restore_backup = command(
        "restore-backup", cmd_restore_backup, "replace the journal with a backup (asks first)"
    )
    restore_backup.add_argument("file", metavar="FILE")
    restore_backup.add_argument("--yes", action="store_true", help="do not ask (for scripts)")

    # demo's own --db names where to write, so it takes only --debug from the shared options.
    demo = command(
        "demo", cmd_demo, "write a realistic demo journal (never into yours)", debug_only
    )
    demo.add_argument(
        "--db",
        dest="demo_db",
        metavar="PATH",
        help="where to write it (default: a demo file of its own)",
    )
    demo.add_argument(
        "--entries",
        type=_demo_entries,
        default=360,
        metavar="N",
        help=f"how many entries (default 360, at most {MAX_DEMO_ENTRIES:,})",
    )
    demo.add_argument(
        "--seed", type=int, default=7, metavar="S", help="the same seed gives the same journal"
    )
    demo.add_argument("--open", action="store_true", help="open the demo journal afterwards")

    encrypt = command(
        "encrypt", cmd_encrypt, "encrypt the journal and its backups with a passphrase"
    )
    encrypt.add_argument(
        "--remember",
        action="store_true",
        help="keep the key in the system keyring, so the passphrase is not asked each time",
    )
    encrypt.add_argument(
        "--backups",
        choices=("encrypt", "remove"),
        help="what to do with backups that are not encrypted (default: ask; encrypt when not"
        " at a terminal)",
    )
    decrypt = command("decrypt", cmd_decrypt, "store the journal unencrypted again (asks first)")
    decrypt.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    rekey = command("rekey", cmd_rekey, "change an encrypted journal's passphrase")
    rekey.add_argument(
        "--new-passphrase-file",
        metavar="PATH",
        help="the new passphrase: this file's first line (or $JOURNAL_NEW_PASSPHRASE; else"
        " asked twice)",
    )
    rekey.add_argument(
        "--remember", action="store_true", help="keep the new key in the system keyring"
    )
    command(
        "remember-key",
        cmd_remember_key,
        "keep an encrypted journal's key in the system keyring (no passphrase asked)",
    )
    command("forget-key", cmd_forget_key, "remove the journal's key from the system keyring")

    command("config", cmd_config, "show the config file, the journal's path and the settings")
    return parser


def _one_line(message: str) -> str:
    """Messages quote what the person typed; keep them to the one line the contract promises,
    with no control character reaching the terminal raw."""
    from journal.text import printable

    return printable(" ".join(message.split()))


_OUTPUT_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EBADF: "it is closed",
    errno.EPIPE: "its reader has gone",
}


class OutputError(JournalError):
    """Standard output could not be written: a full disk, closed, or its reader gone."""

    def __init__(self, error: OSError | None) -> None:
        self.errno: int = (error.errno if error is not None else None) or errno.EBADF
        reason = _OUTPUT_PROBLEMS.get(self.errno) or (error and error.strerror) or "an I/O error"
        super().__init__(f"could not write to standard output ({reason})")


class _GuardedOutput:
    """Standard output whose failed writes raise OutputError, so they are told apart from
    every other error and said in one line."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if self.stream is None:
            raise OutputError(None)
        try:
            return self.stream.write(text)
        except OSError as error:
            raise OutputError(error) from error

    def flush(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except OSError as error:
            raise OutputError(error) from error

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


# What this run has written to the journal, said if its output then cannot be written.
_saved: list[str] = []
_app_ran = False  # the full-screen app ran in this process (then it ends at once)


def _written(what: str) -> None:
    _saved.append(what)


def _hold_standard_descriptors() -> None:
    """A process started with standard input, output or error closed would hand that number
    to the next file it opens: an export, a backup. /dev/null holds the place instead."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest number free: this one


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever this process creates is the owner's alone
    _hold_standard_descriptors()
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    _saved.clear()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _GuardedOutput(real_stdout))
    if sys.stderr is None:  # closed: the messages have nowhere to go (not into stdout)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of this run
    try:
        status = _run(arguments, debug)
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    if _app_ran and argv is None:  # the console script, once the full-screen app has closed
        leave_at_once(status)
    return status


def leave_at_once(status: int) -> NoReturn:
    """End the process as soon as nothing is left to write: after the app, the journal is
    closed and every write committed, so only threads still writing (the day's backup) are
    waited for, then the interpreter's module-by-module teardown (~50 ms with Textual loaded,
    most of the time between q and the shell prompt) is skipped."""
    import threading

    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):  # a closed or broken stream: nothing more to say
            stream.flush()
    os._exit(status)


def _run(arguments: list[str], debug: bool) -> int:
    try:
        args = build_parser().parse_args(arguments)
        handler: Handler = args.handler
        status = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return status
    except OutputError as error:
        _discard_standard_output()
        if error.errno != errno.EPIPE:  # a reader that went away (head) is not news
            saved = f"; {', '.join(_saved)}" if _saved else ""
            _say(f"journal: {error}{saved}", debug)
        return error.exit_status
    except UsageError as error:  # argparse's own message already names the command
        _say(_one_line(str(error)), debug)
        return error.exit_status
    except JournalError as error:
        _say(f"journal: {_one_line(str(error))}", debug)
        return error.exit_status
    except KeyboardInterrupt:
        _say("journal: interrupted; nothing more was written", debug=False)
        return 130
    except Exception as error:
        _say(
            f"journal: unexpected error: {type(error).__name__}: {error} (run with --debug for"
            " details)",
            debug,
        )
        return 1


def _say(line: str, debug: bool) -> None:
    """The one line on stderr (after the traceback with --debug); an unwritable stderr
    leaves nothing else to tell."""
    try:
        if debug:
            import traceback

            traceback.print_exc()
        print(line, file=sys.stderr)
    except OSError:
        pass


def _discard_standard_output() -> None:
    """What could not be written is dropped: Python would try again at exit and print a
    second error."""
    real = sys.stdout.stream if isinstance(sys.stdout, _GuardedOutput) else sys.stdout
    try:
        fd = real.fileno() if real is not None else -1
    except (OSError, ValueError, AttributeError):
        return
    if fd >= 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
