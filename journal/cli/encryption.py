"""Encryption: encrypt, decrypt, rekey, and the keyring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journal.cli import terminal
from journal.cli.common import db_path, key_for, passphrase_file_of
from journal.errors import JournalError
from journal.words import plural

if TYPE_CHECKING:
    from journal.cipher import Key
    from journal.services.encryption import BackupsDone


def _require_sqlcipher() -> None:
    from journal import cipher

    if not cipher.available():
        raise JournalError(
            f"encryption needs SQLCipher, which is not installed: {cipher.INSTALL_HINT}"
        )


def _encrypted_journal(args: argparse.Namespace) -> tuple[Path, Key]:
    """The journal, which must be encrypted, and its key."""
    from journal.cipher import file_state

    path = db_path(args)
    state = file_state(path)
    if state in ("missing", "empty"):
        raise JournalError(f"there is no journal at {path}")
    if state != "encrypted":
        raise JournalError(f"{path} is not encrypted; 'journal encrypt' encrypts it")
    _require_sqlcipher()
    key = key_for(args, path)
    assert key is not None
    return path, key


def _report_backups(done: BackupsDone, verb: str) -> None:
    if done.converted:
        print(f"{verb} {plural(len(done.converted), 'backup')} too.", file=sys.stderr)
    if done.removed:
        print(f"Removed {plural(len(done.removed), 'unencrypted backup')}.", file=sys.stderr)
    for path, reason in done.left:
        print(f"journal: warning: the backup {path} was left as it was ({reason})", file=sys.stderr)


def _remember(path: Path, key: Key) -> None:
    from journal import keychain

    try:
        keychain.remember(path, key)
    except JournalError as error:
        print(f"journal: warning: {error}", file=sys.stderr)
    else:
        print(
            "The key is kept in the system keyring: the passphrase is not asked on this"
            " account ('journal forget-key' stops that).",
            file=sys.stderr,
        )


def cmd_encrypt(args: argparse.Namespace) -> int:
    from journal import cipher
    from journal.passphrase import ENV_PASSPHRASE, new_passphrase, terminal_prompt
    from journal.services import encryption

    _require_sqlcipher()
    path = db_path(args)
    state = cipher.file_state(path)
    if state == "encrypted":
        raise JournalError(f"{path} is already encrypted; journal rekey changes its passphrase")
    if state == "foreign":
        raise JournalError(
            f"{path} is not a SQLite database, so not a journal; give a journal file made by"
            " journal, or a new path"
        )
    ask = terminal_prompt()
    if ask is not None and not _passphrase_given(args):
        print(
            "Choose a passphrase. Nobody can recover the journal without it: keep it"
            " somewhere safe.",
            file=sys.stderr,
        )
    passphrase, source = new_passphrase(env=ENV_PASSPHRASE, file=passphrase_file_of(args), ask=ask)
    key = cipher.new_key(passphrase, source)
    plain = encryption.plain_backups(path)
    choice = args.backups
    if plain and choice is None:
        choice = "encrypt"
        if terminal.interactive():
            them = "them" if len(plain) > 1 else "it"
            answer = input(
                f"{plural(len(plain), 'backup')} of this journal can be read without the"
                f" passphrase. Encrypt {them} too, or remove {them}? [E/r] "
            )
            choice = "remove" if answer.strip().lower() in ("r", "remove") else "encrypt"
    encryption.encrypt_journal(path, key)
    print(f"Encrypted {path}.", file=sys.stderr)
    if plain:
        done = (
            encryption.remove_backups(plain)
            if choice == "remove"
            else encryption.encrypt_backups(plain, key)
        )
        _report_backups(done, "Encrypted")
    if args.remember:
        _remember(path, key)
    return 0


def _passphrase_given(args: argparse.Namespace) -> bool:
    from journal.passphrase import from_env

    return from_env() is not None or passphrase_file_of(args) is not None


def cmd_decrypt(args: argparse.Namespace) -> int:
    from journal import keychain
    from journal.services import encryption

    path, key = _encrypted_journal(args)
    if not args.yes:
        if not terminal.interactive():
            raise JournalError(
                "decrypt leaves the journal readable by anyone with the file; add --yes to"
                " confirm when not at a terminal"
            )
        answer = input(
            f"Store {path} unencrypted? Anyone who gets the file can then read it. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.", file=sys.stderr)
            return 1
    encryption.decrypt_journal(path, key)
    keychain.forget(path, key.salt)
    print(
        f"Decrypted {path}. Its earlier backups stay encrypted with the old passphrase;"
        " new ones are not encrypted.",
        file=sys.stderr,
    )
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from journal import cipher, keychain
    from journal.passphrase import ENV_NEW_PASSPHRASE, new_passphrase, terminal_prompt
    from journal.services import encryption

    path, old = _encrypted_journal(args)
    given = Path(args.new_passphrase_file).expanduser() if args.new_passphrase_file else None
    passphrase, source = new_passphrase(env=ENV_NEW_PASSPHRASE, file=given, ask=terminal_prompt())
    new = cipher.new_key(passphrase, source)
    remembered = keychain.is_remembered(path)
    encryption.rekey_journal(path, old, new)
    print(f"Changed the passphrase of {path}.", file=sys.stderr)
    _report_backups(encryption.rekey_backups(path, old, new), "Re-encrypted")
    if remembered or args.remember:
        keychain.forget(path, old.salt)
        _remember(path, new)
    return 0


def cmd_remember_key(args: argparse.Namespace) -> int:
    path, key = _encrypted_journal(args)
    from journal import keychain

    keychain.remember(path, key)
    print(
        f"The key of {path} is kept in the system keyring; 'journal forget-key' removes it.",
        file=sys.stderr,
    )
    return 0


def cmd_forget_key(args: argparse.Namespace) -> int:
    from journal import cipher, keychain

    path = db_path(args)
    salt = cipher.salt_of(path) if cipher.file_state(path) == "encrypted" else None
    if keychain.forget(path, salt):
        print(f"Removed the key of {path} from the system keyring.", file=sys.stderr)
    else:
        print(f"No key of {path} was kept in the system keyring.", file=sys.stderr)
    return 0
