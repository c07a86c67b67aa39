"""Entry point: parse, run the command, and turn every failure into one line on stderr."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import NoReturn, TextIO, cast

from journal.cli import terminal
from journal.cli.common import Handler, UsageError
from journal.cli.parser import build_parser
from journal.cli.terminal import (
    GuardedOutput,
    OutputError,
    discard_standard_output,
    hold_standard_descriptors,
    one_line,
    say,
    written_so_far,
)
from journal.errors import JournalError


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever this process creates is the owner's alone
    hold_standard_descriptors()
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    written_so_far.clear()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, GuardedOutput(real_stdout))
    if sys.stderr is None:  # closed: the messages have nowhere to go (not into stdout)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of this run
    try:
        status = _run(arguments, debug)
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    if terminal.app_ran and argv is None:  # the console script, once the full-screen app has closed
        leave_at_once(status)
    return status


def leave_at_once(status: int) -> NoReturn:
    """End the process as soon as nothing is left to write: after the app, the journal is
    closed and every write committed, so only threads still writing (the day's backup) are
    waited for, then the interpreter's module-by-module teardown (~50 ms with Textual loaded,
    most of the time between q and the shell prompt) is skipped."""
    import threading

    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):  # a closed or broken stream: nothing more to say
            stream.flush()
    os._exit(status)


def _run(arguments: list[str], debug: bool) -> int:
    try:
        args = build_parser().parse_args(arguments)
        handler: Handler = args.handler
        status = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return status
    except OutputError as error:
        discard_standard_output()
        if error.errno != errno.EPIPE:  # a reader that went away (head) is not news
            saved = f"; {', '.join(written_so_far)}" if written_so_far else ""
            say(f"journal: {error}{saved}", debug)
        return error.exit_status
    except UsageError as error:  # argparse's own message already names the command
        say(one_line(str(error)), debug)
        return error.exit_status
    except JournalError as error:
        say(f"journal: {one_line(str(error))}", debug)
        return error.exit_status
    except KeyboardInterrupt:
        say("journal: interrupted; nothing more was written", debug=False)
        return 130
    except Exception as error:
        say(
            f"journal: unexpected error: {type(error).__name__}: {error} (run with --debug for"
            " details)",
            debug,
        )
        return 1
