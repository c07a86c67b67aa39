"""The home view (the app on a terminal, a summary in a pipe), the demo and the config."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from journal.cli import terminal
from journal.cli.common import (
    current_day,
    current_settings,
    db_path,
    journal_for,
    passphrase_file_of,
)
from journal.cli.terminal import GuardedOutput, one_line, warn_unreadable
from journal.files import shown
from journal.words import plural


def cmd_demo(args: argparse.Namespace) -> int:
    from journal.config import demo_db_path
    from journal.services import demo

    target = Path(args.demo_db).expanduser() if args.demo_db else demo_db_path()
    made = demo.write_demo(target, entries=args.entries, seed=args.seed, today=current_day())
    print(f"Wrote a demo journal with {made} entries to {shown(target)}", file=sys.stderr)
    if args.open:
        args.db = str(target)
        if terminal.interactive():
            return _open_app(target, demo_path=target)
        return cmd_home(args)
    print(f"Open it with: journal --db {shown(target)}", file=sys.stderr)
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    import json

    from journal.config import config_path

    settings = current_settings()
    path = config_path()
    state = "" if os.path.lexists(path) else "  (no file yet: defaults in force)"
    print(f"config file  {shown(path)}{state}")
    journal = db_path(args)
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
    source = where_from(journal, Sources(file=passphrase_file_of(args)))
    return f"on (SQLCipher {cipher.version()}); the key: {source}"


def _open_app(
    path: Path, *, demo_path: Path | None = None, passphrase_file: Path | None = None
) -> int:
    """The full-screen journal; Textual is imported only here, never for other commands."""
    from journal.cipher import file_state
    from journal.config import config_path
    from journal.services.journal import Journal

    settings = current_settings()
    # Opened once here first: a path that cannot be a journal (a pipe, a folder, another
    # program's file) is one line, not the app's traceback. An encrypted one is unlocked by
    # the app (its header was read: a regular file, and no one else's).
    if file_state(path) != "encrypted":
        Journal.open(path).close()
    from journal.tui.app import JournalApp

    guarded = sys.stdout
    if isinstance(guarded, GuardedOutput) and guarded.stream is not None:
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
        terminal.app_ran = True
        app.run()
    finally:
        sys.stdout = guarded
    if app.failure is not None:
        print(f"journal: {one_line(app.failure)}", file=sys.stderr)
    return app.return_code or 0


def cmd_home(args: argparse.Namespace) -> int:
    """`journal` with no command: the full-screen app on a terminal; in a pipe or a script,
    the latest entries and what to do next."""
    if terminal.interactive():
        return _open_app(db_path(args), passphrase_file=passphrase_file_of(args))
    from journal import render
    from journal.services.entries import EntryFilter

    today = current_day()
    with journal_for(args) as journal:
        recent = journal.entries(EntryFilter(), limit=15)
        warn_unreadable(recent)
        current = journal.streak(today=today)
        due = journal.due_follow_ups(today=today)
    if recent:
        render.print_entries(recent, title=f"Latest entries in {db_path(args)}")
    else:
        print('No entries yet. Record the first: journal add "what happened" -t quota-behind')
    print(f"Streak: {plural(current.days, 'day')}. Follow-ups due: {len(due)}.")
    print("Commands: add, list, show, note, checkin, triggers; 'journal --help' for all.")
    return 0
