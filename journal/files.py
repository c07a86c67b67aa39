"""Opening a file the person named, with one line when it cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from journal.errors import JournalError


def open_input(path: Path, what: str) -> BinaryIO:
    """`path` opened for reading; `what` names what was expected ("a backup file")."""
    try:
        return path.open("rb")
    except FileNotFoundError as error:
        raise JournalError(f"there is no file {path}") from error
    except IsADirectoryError as error:
        raise JournalError(f"{path} is a folder; give {what}") from error
    except OSError as error:
        raise JournalError(f"cannot read {path} ({error.strerror})") from error
