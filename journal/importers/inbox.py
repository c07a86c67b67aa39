"""The inbox: a plain-text file in a synced folder, one entry a line, written from a phone.

A line is an optional date and a colon (`yesterday:`, `2026-11-30:`, `last friday:`), an
optional `slip` or `save`, the situation, and `@trigger` tags (those at the end of the line
are taken off the situation). `yesterday: save Told Harbor the smaller plan fits
@quota-behind` is a save, yesterday, on the trigger quota-behind.

Each line is taken in exactly once, whatever stops the process and whenever:

1. Every file holding lines is first renamed aside (`.inbox.txt.taken-…`, in the same
   folder): the inbox itself, the copies sync tools make on a conflict (Syncthing's
   `inbox.sync-conflict-….txt`, Dropbox's `inbox (… conflicted copy …).txt`, `inbox 2.txt`),
   what an earlier run had taken aside and not finished, and the lines it had returned. A
   sync tool that appends meanwhile makes a new inbox, read next time.
2. The lines are written in one transaction, each with a key made of its date and its words,
   so a line read again (after a kill, or from a conflict copy holding it too) is
   recognised and not added twice.
3. Only then are the files taken aside removed; the lines that could not be read go back to
   the inbox, each with the reason on the line after it (`# journal: …`).

A line with its reason under it is left alone until it is edited (the reason holds a digest
of the line), so an inbox of unreadable lines is not rewritten at every command.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.errors import JournalError
from journal.inbox_probe import (
    MAX_INBOX_BYTES,
    REASON_PREFIX,
    RETURNED,
    TAKEN,
    digest,
    has_news,
    held_only,
    waiting_files,
)

__all__ = ["MAX_INBOX_BYTES", "has_news", "held_only", "waiting_files"]

_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_DATE_PREFIX = re.compile(r"^\s*([\w-]+(?: [\w-]+){0,2})\s*:(?!\S*//)\s*(.*)$", re.DOTALL)
_KIND = re.compile(r"^(slip|save)\b[:,]?\s*(.*)$", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"(?<!\S)@(\w[\w+#/-]*)")
_TRAILING_TAG = re.compile(r"(?:^|\s)@\w[\w+#/-]*[.,;!]?\s*$")


class InboxLineError(JournalError):
    """Why a line cannot be an entry (kept in the inbox with this reason)."""


@dataclass(frozen=True, slots=True)
class InboxLine:
    text: str  # the line as written
    occurred_on: date
    kind: str | None  # None: to classify
    situation: str
    tags: tuple[str, ...]


def reason_line(text: str, reason: str) -> str:
    return f"{REASON_PREFIX}not taken in [{digest(text)}]: {' '.join(reason.split())}"


def parse_line(text: str, *, today: date) -> InboxLine:
    """One line as an entry; InboxLineError says why it cannot be one."""
    from journal.dates import DateError, parse_when

    rest = text.strip()
    occurred_on = today
    prefix = _DATE_PREFIX.match(rest)
    # A clock time ("10:30 call with Harbor") is no date: a date has a letter or is ISO.
    if prefix is not None and (_ISO.fullmatch(prefix[1]) or re.search(r"[^\W\d_]", prefix[1])):
        try:
            occurred_on = parse_when(prefix[1], today=today)
            rest = prefix[2].strip()
        except DateError as error:
            if _ISO.fullmatch(prefix[1]) or prefix[1].lower() in ("today", "yesterday"):
                raise InboxLineError(str(error)) from error
            # Not a date ("Note: …"): the colon is part of the situation.
    kind = None
    said = _KIND.match(rest)
    if said is not None:
        kind, rest = said[1].lower(), said[2].strip()
    tags = tuple(_TAG.findall(rest))
    situation = rest
    while (tail := _TRAILING_TAG.search(situation)) is not None:
        situation = situation[: tail.start()]
    situation = situation.strip()
    if not situation:
        raise InboxLineError("no situation: say in a few words what happened")
    return InboxLine(text, occurred_on, kind, situation, tags)


# --- the files ------------------------------------------------------------------------------


def _aside_name(inbox: Path) -> str:
    return f".{inbox.name}{TAKEN}{time.time_ns()}-{os.getpid()}"


def take_aside(inbox: Path, files: list[Path]) -> list[Path]:
    """Rename each file aside (its lines are then ours alone to read, and a sync tool's
    new lines go to a new inbox); returns what was taken. A file another run took first is
    simply not there any more."""
    taken = []
    for path in files:
        if path.name.startswith(f".{inbox.name}{TAKEN}"):
            taken.append(path)  # already aside
            continue
        target = path.with_name(_aside_name(inbox))
        try:
            os.rename(path, target)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise JournalError(
                f"the inbox {path} cannot be taken in ({error.strerror}); lines stay in it"
            ) from error
        taken.append(target)
    _sync_folder(inbox.parent)
    return taken


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line to take in: not blank, not one of our reasons."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INBOX_BYTES + 1)
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalError(
            f"the inbox {path} cannot be read ({error.strerror}); its lines stay in it"
        ) from error
    if len(data) > MAX_INBOX_BYTES:
        raise JournalError(
            f"the inbox {path} is larger than {MAX_INBOX_BYTES >> 20} MB, too large to be an"
            " inbox; move it away and import it with journal import --format csv or jrnl"
        )
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith(REASON_PREFIX):
            yield number, line.rstrip("\r\n")


def finish(inbox: Path, taken: list[Path], returned: list[tuple[str, str]]) -> None:
    """After the entries are committed: the lines that could not be read go back to the
    inbox with their reasons, and the files taken aside are removed. Safe to stop at any
    point: what is left is read again next time, and recognised."""
    held = inbox.with_name(f".{inbox.name}{RETURNED}")
    if returned:
        body = "".join(f"{text}\n{reason_line(text, reason)}\n" for text, reason in returned)
        _write_whole(held, body.encode("utf-8", "surrogateescape"))
    for path in taken:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    _sync_folder(inbox.parent)
    if not returned:
        return
    try:
        os.link(held, inbox)  # only when no new inbox came meanwhile; never over one
    except FileExistsError:
        return  # read again with the new inbox next time
    except OSError:
        return  # a folder without hard links: the lines wait beside it, read next time
    with contextlib.suppress(FileNotFoundError):
        held.unlink()
    _sync_folder(inbox.parent)


def _write_whole(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a power cut must not undo a rename after the commit)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
