"""Where an encrypted journal's key comes from, in this order:

1. `JOURNAL_PASSPHRASE` in the environment (scripts and tests);
2. `--passphrase-file PATH`: the file's first line;
3. the system keyring, when the person opted in (`journal encrypt --remember` or
   `journal remember-key`): it holds the derived key, so opening costs no derivation;
4. a prompt: on the terminal in the shell, the unlock screen in the app.

A passphrase that is given and wrong is an error, never a reason to try the next source;
a remembered key that no longer opens the file (rekeyed elsewhere) falls through to asking.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journal import cipher, keychain
from journal.cipher import HOW_TO_GIVE, Key
from journal.errors import JournalError
from journal.files import open_input

ENV_PASSPHRASE = "JOURNAL_PASSPHRASE"
ENV_NEW_PASSPHRASE = "JOURNAL_NEW_PASSPHRASE"
TRIES = 3

Ask = Callable[[str], str]


class Locked(JournalError):
    """No source has the key, and there is no way to ask for it."""


@dataclass(frozen=True, slots=True)
class Sources:
    """What this process may use: the passphrase file named, and a way to ask (None: never)."""

    file: Path | None = None
    ask: Ask | None = None


def from_env(name: str = ENV_PASSPHRASE) -> str | None:
    """The passphrase in the environment; an empty variable counts as not set."""
    return os.environ.get(name) or None


def read_file(path: Path) -> str:
    """A passphrase file's first line (its line ending is not part of the passphrase)."""
    with open_input(path.expanduser(), "a passphrase file") as handle:
        data = handle.read(64 * 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JournalError(f"the passphrase file {path} is not UTF-8 text") from error
    passphrase = text.split("\n", 1)[0].removesuffix("\r")
    if not passphrase:
        raise JournalError(f"the passphrase file {path} is empty; its first line is the passphrase")
    return passphrase


def terminal_prompt() -> Ask | None:
    """`getpass` on the controlling terminal, or None without one (cron, a service, CI)."""
    if os.name == "nt":
        if not sys.stdin.isatty():
            return None
    else:
        try:
            fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
        except OSError:
            return None
        os.close(fd)
    import getpass

    return getpass.getpass


def where_from(journal: Path, sources: Sources) -> str:
    """Where the key of the encrypted journal would come from, without asking for it."""
    if from_env():
        return ENV_PASSPHRASE
    if sources.file is not None:
        return f"the passphrase file {sources.file}"
    if keychain.is_remembered(journal):
        return "the system keyring (journal forget-key stops that)"
    return "asked each time (journal remember-key keeps it in the system keyring)"


def unlock(
    path: Path,
    sources: Sources,
    *,
    known: Sequence[Key] = (),
    what: str = "the journal",
) -> Key:
    """The key that opens the encrypted file at `path`, from the first source that has one.

    `known` keys (the journal's, for one of its backups) are tried first when their salt is
    the file's."""
    salt = cipher.salt_of(path)
    for key in known:
        if key.salt == salt and cipher.opens(path, key):
            return key
    given = from_env()
    if given is not None:
        return _checked(path, cipher.key_for(path, given, ENV_PASSPHRASE), what)
    if sources.file is not None:
        passphrase = read_file(sources.file)
        return _checked(path, cipher.key_for(path, passphrase, f"{sources.file}"), what)
    if keychain.is_remembered(path):
        raw = keychain.recall(salt)
        if raw is not None:
            key = Key(raw, salt, "the system keyring")
            if cipher.opens(path, key):
                return key
    if sources.ask is None:
        raise Locked(f"{path} is encrypted; {HOW_TO_GIVE}")
    for attempt in range(TRIES):
        passphrase = sources.ask(f"Passphrase for {what} {path.name}: ")
        if passphrase:
            key = cipher.key_for(path, passphrase, "typed")
            if cipher.opens(path, key):
                return key
        if attempt < TRIES - 1:
            print("That passphrase does not open it; try again.", file=sys.stderr)
    raise JournalError(f"the passphrase did not open {path} ({TRIES} tries); nothing was written")


def _checked(path: Path, key: Key, what: str) -> Key:
    if not cipher.opens(path, key):
        raise JournalError(
            f"the passphrase from {key.source} does not open {what} {path}; nothing was written"
        )
    return key


def new_passphrase(*, env: str, file: Path | None, ask: Ask | None) -> tuple[str, str]:
    """A new passphrase and where it came from: `env`, `file`, or typed twice."""
    given = from_env(env)
    if given is not None:
        return given, env
    if file is not None:
        return read_file(file), str(file)
    if ask is None:
        option = "--passphrase-file" if env == ENV_PASSPHRASE else "--new-passphrase-file"
        raise JournalError(
            f"no new passphrase given; give it in {env} or with {option} PATH, or run this at"
            " a terminal to type it"
        )
    for _ in range(TRIES):
        first = ask("New passphrase: ")
        if not first.strip():
            print("The passphrase cannot be empty.", file=sys.stderr)
            continue
        if ask("The same passphrase again: ") == first:
            return first, "typed"
        print("The two passphrases differ; once more.", file=sys.stderr)
    raise JournalError("no passphrase was set (none given twice alike); nothing was changed")
