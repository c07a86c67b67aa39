"""`journal export`: a file (or standard output) in one of the export formats."""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journal.cli.coach import export_coach
from journal.cli.common import (
    current_day,
    current_settings,
    fiscal_calendar,
    journal_files,
    journal_for,
    no_clobber,
    period_from,
    refuse_existing,
)
from journal.cli.terminal import progress_bar, warn_unreadable
from journal.errors import JournalError
from journal.files import shown
from journal.words import plural

if TYPE_CHECKING:
    from journal.periods import Period
    from journal.services.leftovers import CheckResult


def cmd_export(args: argparse.Namespace) -> int:
    from journal.exporters import EXTENSIONS, exporter_for, private_output
    from journal.files import output_target

    output = Path(args.output).expanduser() if args.output else None
    fmt = args.format
    if fmt == "coach":
        return export_coach(args, output)
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
    today = current_day()
    calendar = fiscal_calendar()
    period = period_from(args, today, calendar)
    protected = journal_files(args)
    if output is not None:
        refuse_existing(output_target(output, protected=protected), args.force)
    with journal_for(args) as journal:
        trigger = journal.resolve_trigger(args.trigger) if args.trigger else None
        with journal.export_snapshot(
            fmt,
            period=period,
            trigger=trigger,
            privacy=privacy,
            today=today,
            calendar=calendar,
            private_names=current_settings().private_names,
            with_trash=args.with_trash,
        ) as source:
            if args.check:
                return _print_check(journal.check_export(source, fmt), fmt, source.scope.period)
            with progress_bar(source.count(), f"Exporting {fmt}") as advance:
                pending = 0

                def step() -> None:
                    nonlocal pending
                    pending += 1
                    if pending == 500:
                        advance(pending)
                        pending = 0

                source.on_entry = step
                exporter = exporter_for(fmt)
                if output is None:
                    written = journal.export(source, exporter, lambda: nullcontext(sys.stdout))
                    sys.stdout.flush()
                else:
                    target = output

                    def to_file() -> AbstractContextManager[TextIO]:
                        return private_output(
                            target, protected=protected, replace=args.force, newline=""
                        )

                    with no_clobber():
                        written = journal.export(source, exporter, to_file)
        encrypted = journal.encrypted
    warn_unreadable(source.unreadable)
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
