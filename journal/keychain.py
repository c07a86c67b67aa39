"""The system keyring (macOS Keychain, Windows Credential Manager, the Secret Service on
Linux desktops), used only for a journal whose owner opted in.

It holds the derived key, not the passphrase: opening then costs no key derivation, and the
passphrase itself is stored nowhere. The entry is named by the journal's salt, which its
backups share, so the remembered key opens those too; a rekey makes a new salt and entry.

A small file beside the journal (`<journal>-keyring`) records the opt-in, so a journal
nobody opted in for never loads the keyring library or wakes a desktop keyring.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.cipher import INSTALL_HINT, KEY_SIZE, Key
from journal.errors import JournalError

SERVICE = "journal"


def marker(journal: Path) -> Path:
    return journal.with_name(f"{journal.name}-keyring")


def is_remembered(journal: Path) -> bool:
    return marker(journal).exists()


def recall(salt: bytes) -> bytes | None:
    """The key remembered for files with this salt; None when there is none, or no keyring
    can be reached (a headless server, a locked or absent desktop keyring)."""
    try:
        import keyring

        value = keyring.get_password(SERVICE, salt.hex())
    except Exception:  # any backend's failure means: ask for the passphrase instead
        return None
    if not value:
        return None
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        return None
    return raw if len(raw) == KEY_SIZE else None


def remember(journal: Path, key: Key) -> None:
    """Keep `key` in the system keyring for `journal` and its backups."""
    try:
        import keyring
    except ImportError as error:
        raise JournalError(
            f"remembering the key needs the keyring package: {INSTALL_HINT}"
        ) from error
    try:
        keyring.set_password(SERVICE, key.salt.hex(), key.raw.hex())
    except Exception as error:  # no keyring here, or it refused: say so and go on without it
        if type(error).__name__ == "NoKeyringError":
            why = "there is none here, as on a server or outside a desktop session"
        else:
            why = (
                f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}"
            )
        raise JournalError(
            f"no system keyring could keep the key ({why}); the passphrase will be asked each time"
        ) from error
    note = (
        f"The key of {journal.name} is kept in the system keyring (service {SERVICE!r}, entry"
        f" {key.salt.hex()}).\n'journal forget-key' removes it; this file only says to look"
        " there.\n"
    )
    fd = os.open(marker(journal), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(note)


def forget(journal: Path, salt: bytes | None) -> bool:
    """Stop using the keyring for `journal`: its entry (for `salt`) and the opt-in go.
    Returns whether anything was remembered."""
    was = is_remembered(journal)
    if salt is not None and was:
        try:
            import keyring

            keyring.delete_password(SERVICE, salt.hex())
        except Exception:  # already gone, or no keyring: nothing more to remove
            pass
    marker(journal).unlink(missing_ok=True)
    return was
