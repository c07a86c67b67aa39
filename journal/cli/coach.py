"""The coach's side: bundles made for a coach, and the cohort of bundles a coach reads."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from journal.cli import terminal
from journal.cli.common import (
    current_day,
    current_settings,
    fiscal_calendar,
    journal_files,
    journal_for,
    no_clobber,
    refuse_existing,
)
from journal.cli.terminal import GuardedOutput
from journal.errors import JournalError
from journal.files import shown
from journal.words import plural

if TYPE_CHECKING:
    from journal.services.cohort import Cohort


def export_coach(args: argparse.Namespace, output: Path | None) -> int:
    """The coach bundle: a quarter's figures and the quarters before it, never any words."""
    import json

    from journal.exporters import private_output
    from journal.files import output_target, write_privately
    from journal.periods import parse_quarter
    from journal.services.coach_bundle import BundleOptions, check_label

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
    settings = current_settings()
    label = check_label(args.label if args.label is not None else settings.coach_label)
    today = current_day()
    calendar = fiscal_calendar()
    protected = journal_files(args)
    if output is not None:
        refuse_existing(output_target(output, protected=protected), args.force)
    with journal_for(args) as journal:
        if args.quarter:
            quarter = parse_quarter(
                args.quarter, today=today, fiscal_start_month=calendar.fiscal_start_month
            )
        else:
            quarter = journal.default_review_quarter(today=today, calendar=calendar)
        if quarter.start > today:
            raise JournalError(
                f"{quarter.label} has not started yet; a bundle is for a quarter that has (the"
                " running one, or one before it)"
            )
        bundle = journal.coach_bundle(
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
            no_clobber(),
            write_privately(output_target(output, protected=protected), replace=args.force) as raw,
        ):
            raw.write(data)
    else:
        with (
            no_clobber(),
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
        refuse_existing(output, args.force)
    folder = Path(args.folder).expanduser()
    found = cohort(folder, _coach_decrypter(args))
    if args.format == "html":
        return _write_cohort_html(found, output, force=args.force)
    if args.json:
        from journal import render

        render.print_json(found.to_json())
        return 0
    if terminal.interactive():
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
    with no_clobber(), private_output(output, replace=force, newline="") as out:
        write_cohort_html(out, found, written=written)
    print(
        f"Wrote the cohort of {plural(len(found.rows), 'client')} to {shown(output)} (html).",
        file=sys.stderr,
    )
    return 0


def _open_coach_app(found: Cohort) -> int:
    """The cohort screen; Textual is imported only here."""
    theme = current_settings().theme
    from journal.tui.coach_app import CoachApp

    guarded = sys.stdout
    if isinstance(guarded, GuardedOutput) and guarded.stream is not None:
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
