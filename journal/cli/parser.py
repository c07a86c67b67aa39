"""The argument parser: every command, its options and its handler."""

from __future__ import annotations

import argparse

from journal import __version__
from journal.cli.arguments import (
    MAX_DEMO_ENTRIES,
    Parser,
    add_entry_options,
    count_argument,
    demo_entries_argument,
    entry_id_argument,
    handler_in,
)
from journal.cli.common import Handler
from journal.vocabulary import KINDS, RECOVERIES


def build_parser() -> argparse.ArgumentParser:
    debug_only = Parser(add_help=False)
    debug_only.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    common = Parser(add_help=False, parents=[debug_only])
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

    parser = Parser(
        prog="journal",
        description="A private journal of the moments your priorities beat your customer's"
        " outcome, and the moments you held the line.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"journal {__version__}")
    parser.set_defaults(handler=handler_in("home", "cmd_home"))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def command(
        name: str, handler: Handler, help_text: str, parent: Parser = common
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[parent])
        sub.set_defaults(handler=handler)
        return sub

    add = command("add", handler_in("capture", "cmd_add"), "record a slip or a save")
    add.add_argument(
        "situation", nargs="?", metavar="SITUATION", help="what happened ('-' or none: read stdin)"
    )
    add_entry_options(add, editing=False)

    listing = command("list", handler_in("reading", "cmd_list"), "list entries, newest first")
    listing.add_argument("--quarter", metavar="Q", help="2026-Q3, FY2027-Q1, this or last")
    listing.add_argument("--from", dest="date_from", metavar="WHEN", help="on or after this date")
    listing.add_argument("--to", dest="date_to", metavar="WHEN", help="on or before this date")
    listing.add_argument("--trigger", metavar="ID", help="only entries with this trigger")
    listing.add_argument("--kind", choices=KINDS)
    listing.add_argument("--search", metavar="TEXT", help="words to find (full-text)")
    listing.add_argument("--customer", metavar="NAME", help="customer name contains this")
    listing.add_argument(
        "--to-classify",
        action="store_true",
        help="only imported entries that do not yet say slip or save",
    )
    listing.add_argument(
        "-n", type=count_argument, default=20, metavar="N", help="how many (default 20; 0 for all)"
    )
    listing.add_argument("--due", action="store_true", help="only the follow-ups due, oldest first")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")

    show = command(
        "show", handler_in("reading", "cmd_show"), "show one entry in full, with its notes"
    )
    show.add_argument("id", type=entry_id_argument)
    show.add_argument(
        "--history",
        action="store_true",
        help="every version, oldest first, with what changed between them",
    )
    show.add_argument("--json", action="store_true", help="print JSON for scripts")

    edit = command("edit", handler_in("capture", "cmd_edit"), "change an entry's fields")
    edit.add_argument("id", type=entry_id_argument)
    edit.add_argument("--situation", metavar="TEXT", help="replace the situation")
    add_entry_options(edit, editing=True)

    note = command("note", handler_in("capture", "cmd_note"), "add a dated later note to an entry")
    note.add_argument("id", type=entry_id_argument)
    note.add_argument("text", nargs="?", metavar="TEXT", help="the note ('-' or none: read stdin)")

    follow_up = command(
        "follow-up",
        handler_in("capture", "cmd_follow_up"),
        "close a follow-up with what happened to the customer, or move it to a new day",
    )
    follow_up.add_argument("id", type=entry_id_argument)
    follow_up.add_argument(
        "text", nargs="?", metavar="TEXT", help="what happened ('-' or none: read stdin)"
    )
    follow_up.add_argument(
        "--recovery",
        choices=RECOVERIES,
        help="how it ended for the customer (needed to close it)",
    )
    follow_up.add_argument("--to", metavar="WHEN", help="come back on this day instead")

    status = command(
        "status",
        handler_in("status", "cmd_status"),
        "one line for a shell prompt: follow-ups due, today's check-in, the crunch ahead",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")

    dates = command(
        "dates",
        handler_in("reading", "cmd_dates"),
        "key dates ahead (a review, a quota deadline): add, list, remove",
    )
    dates.set_defaults(action="list", all=False, json=False)
    date_actions = dates.add_subparsers(title="actions", metavar="ACTION", parser_class=Parser)
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
    date_remove.add_argument("id", type=entry_id_argument, metavar="ID")

    tripwires = command(
        "tripwires",
        handler_in("reading", "cmd_tripwires"),
        "risk windows from your history and your key dates, and what covers them",
    )
    tripwires.add_argument("--json", action="store_true", help="print JSON for scripts")

    command(
        "delete", handler_in("capture", "cmd_delete"), "move an entry to the trash"
    ).add_argument("id", type=entry_id_argument)
    command(
        "restore", handler_in("capture", "cmd_restore"), "bring an entry back from the trash"
    ).add_argument("id", type=entry_id_argument)
    trash = command(
        "trash",
        handler_in("trash", "cmd_trash"),
        "list the entries in the trash, or empty it for good",
    )
    trash.add_argument("--json", action="store_true", help="print JSON for scripts")
    trash.add_argument(
        "--empty", action="store_true", help="erase every entry in the trash for good (asks)"
    )
    purge = command(
        "purge",
        handler_in("trash", "cmd_purge"),
        "erase entries for good, in the trash or not (asks)",
    )
    purge.add_argument("ids", nargs="+", type=entry_id_argument, metavar="ID")
    for erasing in (trash, purge):
        erasing.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
        erasing.add_argument(
            "--remove-backups",
            action="store_true",
            help="also remove the backups that still hold the erased entries",
        )

    checkin = command(
        "checkin",
        handler_in("capture", "cmd_checkin"),
        "record today as clean or as a day with slips",
    )
    state = checkin.add_mutually_exclusive_group()
    state.add_argument("--clean", action="store_true", help="no slip today")
    state.add_argument("--slips", action="store_true", help="today had slips")
    checkin.add_argument("--date", metavar="WHEN", help="check in a past day instead of today")
    command(
        "streak",
        handler_in("capture", "cmd_streak"),
        "days in a row with a check-in or an entry",
    )

    triggers = command(
        "triggers",
        handler_in("reading", "cmd_triggers"),
        "list, add, rename or retire triggers",
    )
    triggers.add_argument("--json", action="store_true", help="print JSON for scripts")
    triggers.set_defaults(action=None)
    actions = triggers.add_subparsers(title="actions", metavar="ACTION", parser_class=Parser)
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
        "review",
        handler_in("reflection", "cmd_review"),
        "the quarterly review: figures, last quarter's commitments, prompts",
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

    patterns = command(
        "patterns",
        handler_in("reflection", "cmd_patterns"),
        "every pattern of a quarter or a date range",
    )
    patterns.add_argument("--quarter", metavar="Q", help="2026-Q3, FY2027-Q1, this or last")
    patterns.add_argument("--from", dest="date_from", metavar="WHEN", help="first day")
    patterns.add_argument("--to", dest="date_to", metavar="WHEN", help="last day (default today)")
    patterns.add_argument("--json", action="store_true", help="every figure with its counts")

    export = command(
        "export",
        handler_in("export", "cmd_export"),
        "write the journal or a coach summary to a file (json, csv, md, html)",
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
        handler_in("importing", "cmd_inbox"),
        "take in the inbox's lines now (every command does it first), and say what came in",
    )

    coach = command(
        "coach",
        handler_in("coach", "cmd_coach"),
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
        "import",
        handler_in("importing", "cmd_import"),
        "add entries from a journal export, jrnl, Day One or a csv file",
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
        "backup",
        handler_in("backups", "cmd_backup"),
        "copy the journal safely, even while the app has it open",
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
        "restore-backup",
        handler_in("backups", "cmd_restore_backup"),
        "replace the journal with a backup (asks first)",
    )
    restore_backup.add_argument("file", metavar="FILE")
    restore_backup.add_argument("--yes", action="store_true", help="do not ask (for scripts)")

    # demo's own --db names where to write, so it takes only --debug from the shared options.
    demo = command(
        "demo",
        handler_in("home", "cmd_demo"),
        "write a realistic demo journal (never into yours)",
        debug_only,
    )
    demo.add_argument(
        "--db",
        dest="demo_db",
        metavar="PATH",
        help="where to write it (default: a demo file of its own)",
    )
    demo.add_argument(
        "--entries",
        type=demo_entries_argument,
        default=360,
        metavar="N",
        help=f"how many entries (default 360, at most {MAX_DEMO_ENTRIES:,})",
    )
    demo.add_argument(
        "--seed", type=int, default=7, metavar="S", help="the same seed gives the same journal"
    )
    demo.add_argument("--open", action="store_true", help="open the demo journal afterwards")

    encrypt = command(
        "encrypt",
        handler_in("encryption", "cmd_encrypt"),
        "encrypt the journal and its backups with a passphrase",
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
    decrypt = command(
        "decrypt",
        handler_in("encryption", "cmd_decrypt"),
        "store the journal unencrypted again (asks first)",
    )
    decrypt.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    rekey = command(
        "rekey",
        handler_in("encryption", "cmd_rekey"),
        "change an encrypted journal's passphrase",
    )
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
        handler_in("encryption", "cmd_remember_key"),
        "keep an encrypted journal's key in the system keyring (no passphrase asked)",
    )
    command(
        "forget-key",
        handler_in("encryption", "cmd_forget_key"),
        "remove the journal's key from the system keyring",
    )

    command(
        "config",
        handler_in("home", "cmd_config"),
        "show the config file, the journal's path and the settings",
    )
    return parser
