"""`journal status`: one line for a shell prompt, cheap enough to run on every prompt."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from journal.cli.common import _db_path, _hour, _passphrase_file, _settings, _today

if TYPE_CHECKING:
    import sqlite3


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
