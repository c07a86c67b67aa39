"""Whether the inbox has lines to take in: asked at the start of every command, so this
module imports nothing the CLI does not already have (journal.importers.inbox does the rest)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from journal.errors import JournalError

REASON_PREFIX = "# journal: "
TAKEN = ".taken-"
RETURNED = ".returned"
MAX_INBOX_BYTES = 4 << 20  # a phone's notes, not a journal's history
_CONFLICT = re.compile(
    r"(?:\.sync-conflict-[\w-]+"  # Syncthing
    r"| \([^()]*conflict[^()]*\)"  # Dropbox, Nextcloud, OneDrive
    r"| \d{1,3}"  # iCloud Drive: "inbox 2.txt"
    r"| \(\d{1,3}\))$",  # Google Drive: "inbox (1).txt"
    re.IGNORECASE,
)


def digest(text: str) -> str:
    import hashlib  # only when the inbox holds lines

    return hashlib.sha256(text.strip().encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _conflict_copy(inbox: Path, name: str) -> bool:
    stem, suffix = inbox.stem, inbox.suffix
    if name == inbox.name or not name.startswith(stem) or not name.endswith(suffix):
        return False
    middle = name[len(stem) : len(name) - len(suffix)] if suffix else name[len(stem) :]
    return _CONFLICT.fullmatch(middle) is not None


def _regular(item: os.DirEntry[str]) -> bool:
    """Only files hold lines: a folder or a pipe of that name is left alone (a pipe would
    block the command)."""
    try:
        return item.is_file()
    except OSError:
        return False


def waiting_files(inbox: Path) -> list[Path]:
    """Files holding lines to take in: the inbox, its conflict copies, what an earlier run
    took aside and did not finish. Empty (one folder listing, nothing read) when none."""
    folder = inbox.parent
    hidden = f".{inbox.name}"
    found: list[Path] = []
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                name = item.name
                ours = name.startswith(hidden + TAKEN) or name == hidden + RETURNED
                if (name == inbox.name or ours or _conflict_copy(inbox, name)) and _regular(item):
                    found.append(Path(item.path))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise JournalError(
            f"the inbox folder {folder} cannot be read ({error.strerror})"
        ) from error
    return sorted(found)


def has_news(inbox: Path) -> bool:
    """Whether there are lines to take in: checked at every command, so it costs one folder
    listing (and reading the inbox when it holds only lines returned before)."""
    waiting = waiting_files(inbox)
    return bool(waiting) and not (waiting == [inbox] and held_only(inbox))


def held_only(inbox: Path) -> bool:
    """Whether the inbox holds only lines already returned with their reasons (so there is
    nothing new to take in, and the file is left as it is)."""
    try:
        with inbox.open("rb") as handle:
            data = handle.read(MAX_INBOX_BYTES + 1)
    except OSError:
        return False
    if len(data) > MAX_INBOX_BYTES:
        return False
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    for number, line in enumerate(lines):
        if line.startswith(REASON_PREFIX):
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if not following.startswith(f"{REASON_PREFIX}not taken in [{digest(line)}]"):
            return False
    return True


def held_count(inbox: Path) -> int:
    """How many lines wait in the inbox with the reason they could not be read."""
    try:
        with inbox.open("rb") as handle:
            data = handle.read(MAX_INBOX_BYTES + 1)
    except OSError:
        return 0
    text = data.decode("utf-8", "replace")
    return sum(
        1 for line in text.splitlines() if line.strip().startswith(f"{REASON_PREFIX}not taken in")
    )
