"""Errors a person can act on: each becomes one line on stderr and exit status 2."""


class JournalError(Exception):
    """A problem with the person's input or files, worded for them."""

    exit_status = 2


class NotFoundError(JournalError):
    """An id or name that names nothing in the journal."""
