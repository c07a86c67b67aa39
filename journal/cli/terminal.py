"""Terminal I/O for the CLI: standard output that fails in one line, prompts, the editor,
progress bars."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO, TextIO

from journal.errors import JournalError
from journal.words import plural

if TYPE_CHECKING:
    from journal.records import Entry


def warn_unreadable(found: Sequence[Entry]) -> None:
    """Name the entries whose text the journal file holds damaged: shown, not hidden."""
    damaged = [entry for entry in found if entry.unreadable]
    if not damaged:
        return
    named = ", ".join(f"{entry.id} ({', '.join(entry.unreadable)})" for entry in damaged[:5])
    more = f" and {len(damaged) - 5} more" if len(damaged) > 5 else ""
    print(
        f"journal: warning: {plural(len(damaged), 'entry')} could not be read whole: {named}"
        f"{more}; the journal file is damaged there, and what could not be read shows as"
        " \ufffd (the rest is as written); journal restore-backup FILE puts a backup back",
        file=sys.stderr,
    )


def read_stdin(what: str) -> str:
    if sys.stdin is None:
        raise JournalError(f"no {what} given and no input to read it from")
    if sys.stdin.isatty():
        print(f"Type the {what}; end with Ctrl-D on a line of its own.", file=sys.stderr)
    from journal.limits import MAX_TEXT

    # A field holds MAX_TEXT characters, at most 4 bytes each in UTF-8: read no more than that
    # (and one byte), so 300 MB piped in (or `yes` without end) is refused after 80 KB.
    limit = MAX_TEXT * 4
    too_long = JournalError(
        f"the {what} read from standard input is longer than {MAX_TEXT:,} characters;"
        f" a field holds at most {MAX_TEXT:,}"
    )
    if not hasattr(sys.stdin, "buffer"):
        text = sys.stdin.read(limit + 1)
        if len(text) > limit:
            raise too_long
        return text
    # Decode strictly ourselves: the locale may otherwise smuggle bad bytes in as surrogates.
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise too_long
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JournalError(
            f"the {what} read from standard input is not valid UTF-8 text"
        ) from error


def from_editor(initial: str) -> str:
    """Let the person write in $EDITOR; lines starting with # are instructions."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="journal-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as draft:
            draft.write(initial)
            draft.write(
                "\n# Describe what happened. Lines starting with # are ignored;"
                " an empty text cancels.\n"
            )
        try:
            status = subprocess.call([*shlex.split(editor), name])
        except OSError as error:
            raise JournalError(
                f"cannot start the editor {editor!r} ({error.strerror}); set $EDITOR"
            ) from error
        if status != 0:
            raise JournalError(f"the editor exited with status {status}; nothing was saved")
        with open(name, encoding="utf-8") as written:
            lines = [line for line in written if not line.startswith("#")]
        return "".join(lines).strip()
    finally:
        os.unlink(name)


@contextmanager
def progress_bar(total: int | None, description: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal's stderr; nothing at all in a pipe."""
    if not sys.stderr.isatty() or (total is not None and total < 2_000):
        yield lambda advance: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda advance: progress.advance(task, advance)


class ProgressReader:
    """A binary file that reports how far it has been read (seeking back resets it)."""

    def __init__(self, handle: BinaryIO, advance: Callable[[int], None]) -> None:
        self.handle = handle
        self.advance = advance
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.advance(len(data))
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.handle.closed

    def readinto(self, buffer: bytearray) -> int:
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.advance(count or 0)
        return int(count or 0)

    def readline(self, size: int = -1) -> bytes:
        data = self.handle.readline(size)
        self.advance(len(data))
        return data

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self.handle.seek(offset, whence)
        self.advance(-self.handle.tell() if position == 0 else 0)
        return position

    def tell(self) -> int:
        return self.handle.tell()

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def one_line(message: str) -> str:
    """Messages quote what the person typed; keep them to the one line the contract promises,
    with no control character reaching the terminal raw."""
    from journal.text import printable

    return printable(" ".join(message.split()))


_OUTPUT_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EBADF: "it is closed",
    errno.EPIPE: "its reader has gone",
}


class OutputError(JournalError):
    """Standard output could not be written: a full disk, closed, or its reader gone."""

    def __init__(self, error: OSError | None) -> None:
        self.errno: int = (error.errno if error is not None else None) or errno.EBADF
        reason = _OUTPUT_PROBLEMS.get(self.errno) or (error and error.strerror) or "an I/O error"
        super().__init__(f"could not write to standard output ({reason})")


class GuardedOutput:
    """Standard output whose failed writes raise OutputError, so they are told apart from
    every other error and said in one line."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if self.stream is None:
            raise OutputError(None)
        try:
            return self.stream.write(text)
        except OSError as error:
            raise OutputError(error) from error

    def flush(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except OSError as error:
            raise OutputError(error) from error

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


# What this run has written to the journal, said if its output then cannot be written.
written_so_far: list[str] = []


app_ran = False  # the full-screen app ran in this process (then it ends at once)


def note_written(what: str) -> None:
    written_so_far.append(what)


def hold_standard_descriptors() -> None:
    """A process started with standard input, output or error closed would hand that number
    to the next file it opens: an export, a backup. /dev/null holds the place instead."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest number free: this one


def say(line: str, debug: bool) -> None:
    """The one line on stderr (after the traceback with --debug); an unwritable stderr
    leaves nothing else to tell."""
    try:
        if debug:
            import traceback

            traceback.print_exc()
        print(line, file=sys.stderr)
    except OSError:
        pass


def discard_standard_output() -> None:
    """What could not be written is dropped: Python would try again at exit and print a
    second error."""
    real = sys.stdout.stream if isinstance(sys.stdout, GuardedOutput) else sys.stdout
    try:
        fd = real.fileno() if real is not None else -1
    except (OSError, ValueError, AttributeError):
        return
    if fd >= 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
