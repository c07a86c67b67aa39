"""`journal status`: one line for a shell prompt, cheap enough to run on every prompt."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journal.cli.common import (
    current_day,
    current_hour,
    current_settings,
    db_path,
    passphrase_file_of,
)

if TYPE_CHECKING:
    from pathlib import Path

    from journal.services.journal import Journal


def cmd_status(args: argparse.Namespace) -> int:
    """One line for a shell prompt: nothing when there is nothing to say. It never asks for a
    passphrase, creates no journal and takes no daily backup: it runs on every prompt, so a
    plain journal at the current schema is read without the cipher or the migrations."""
    from journal.files import existing_journal_file
    from journal.quick_open import open_current
    from journal.services.journal import Journal

    path = db_path(args)
    if not existing_journal_file(path):
        return _print_status(args, "", [])
    conn = open_current(path)
    journal = Journal(conn, path) if conn is not None else _open_for_status(args, path)
    if journal is None:
        return _print_status(args, "", [], locked=True)
    settings = current_settings()
    with journal:
        found = journal.status(
            today=current_day(),
            hour=current_hour(),
            fiscal_start_month=settings.fiscal_year_start_month,
            week_start=settings.week_start_index,
            checkin_hour=settings.checkin_reminder_hour,
        )
    return _print_status(args, found.line, [item.to_json() for item in found.items])


def _open_for_status(args: argparse.Namespace, path: Path) -> Journal | None:
    """The full way: an encrypted journal (None when its key is not at hand without asking),
    or one whose schema is migrated first."""
    from journal.files import file_state
    from journal.passphrase import Locked, Sources, unlock
    from journal.services.journal import Journal

    key = None
    if file_state(path) == "encrypted":
        try:
            key = unlock(path, Sources(file=passphrase_file_of(args), ask=None))
        except Locked:
            return None
    return Journal.open(path, create=False, key=key, translated=True)


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
