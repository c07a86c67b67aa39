"""`journal status`: one line for a shell prompt, cheap enough to run on every prompt."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journal.cli.common import _db_path, _hour, _passphrase_file, _settings, _today

if TYPE_CHECKING:
    pass


def cmd_status(args: argparse.Namespace) -> int:
    """One line for a shell prompt: nothing when there is nothing to say. It never asks for a
    passphrase, creates no journal and takes no daily backup: it runs on every prompt."""
    from journal.files import existing_journal_file
    from journal.services.status import status_at

    path = _db_path(args)
    if not existing_journal_file(path):
        return _print_status(args, "", [])
    found = status_at(
        path,
        passphrase_file=_passphrase_file(args),
        today=_today(),
        hour=_hour(),
        settings=_settings,
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
