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
    pass


def cmd_status(args: argparse.Namespace) -> int:
    """One line for a shell prompt: nothing when there is nothing to say. It never asks for a
    passphrase, creates no journal and takes no daily backup: it runs on every prompt."""
    from journal.files import existing_journal_file
    from journal.services.status import status_at

    path = db_path(args)
    if not existing_journal_file(path):
        return _print_status(args, "", [])
    found = status_at(
        path,
        passphrase_file=passphrase_file_of(args),
        today=current_day(),
        hour=current_hour(),
        settings=current_settings,
    )
    if found is None:
        return _print_status(args, "", [], locked=True)
    return _print_status(args, found.line, [item.to_json() for item in found.items])


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
