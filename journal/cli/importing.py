"""`journal import` and `journal inbox`: entries brought in from elsewhere."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from journal.cli.common import (
    current_day,
    current_settings,
    db_path,
    inbox_summary,
    journal_for,
    take_in_inbox,
)
from journal.cli.terminal import ProgressReader, progress_bar
from journal.errors import JournalError
from journal.files import shown
from journal.text import quoted
from journal.words import plural

if TYPE_CHECKING:
    from journal.importers import ImportOptions


def cmd_inbox(args: argparse.Namespace) -> int:
    settings = current_settings()
    inbox = settings.inbox_path
    if inbox is None:
        from journal.config import config_path

        raise JournalError(
            f'no inbox is set; add a line such as inbox = "~/Sync/journal-inbox.txt" to'
            f" {shown(config_path())}"
        )
    from journal.config import takes_inbox

    path = db_path(args)
    if not takes_inbox(path):
        raise JournalError(
            "the inbox feeds your own journal ($JOURNAL_DB or the data folder's), not one"
            " given with --db"
        )
    with journal_for(args, take_inbox=False) as journal:
        report = take_in_inbox(journal, settings, asked=True)
        assert report is not None  # the path and the setting were checked above
        taken = [journal.get(entry_id) for entry_id in report.added]
    for entry in taken:
        kind = "to classify" if entry.to_classify else entry.kind
        triggers = f" ({', '.join(entry.triggers)})" if entry.triggers else ""
        print(f"{entry.id}  {entry.occurred_on.isoformat()}  {kind}  {shown(entry.situation)}"
              f"{triggers}")  # fmt: skip
    for line, reason in report.returned:
        print(f"not taken in: {shown(line)}: {reason}", file=sys.stderr)
    if report.added or report.returned or report.already:
        summary = inbox_summary(report, inbox)
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
        today = current_day()
        # Not the inbox first: an import into an empty journal is a restore.
        with (
            journal_for(args, take_inbox=False) as journal,
            progress_bar(size, f"Importing {path.name}") as advance,
        ):
            reader = cast(BinaryIO, ProgressReader(handle, advance))
            if fmt == "json":
                from journal.importers.json_format import read_entries, read_head

                document = read_head(reader)
                report = journal.import_document(
                    document,
                    read_entries(reader),
                    today=today,
                )
            else:
                records = importer_for(fmt).read(reader, options)
                report = journal.import_entries(records, today=today)
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
