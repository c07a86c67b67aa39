"""A coach's key pair and bundles encrypted to it, with age (the `pyrage` package).

The coach makes a key pair once (`journal coach keygen`): the secret key stays in a file only
the coach can read, the public key (`age1…`) goes to clients, who encrypt their bundle to it
(`journal export --format coach --recipient age1…`). Only the holder of the secret key can
read such a bundle. pyrage is imported only here, when a key is used.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import JournalError
from journal.files import output_target, shown, write_privately
from journal.services.bundle_reading import Decrypt, Undecryptable
from journal.text import quoted

if TYPE_CHECKING:
    from collections.abc import Sequence

IDENTITY_FILE = "coach-identity.txt"
SECRET_PREFIX = "AGE-SECRET-KEY-1"
MAX_IDENTITY_BYTES = 64 << 10


def default_identity_path() -> Path:
    """Where `journal coach keygen` keeps the coach's secret key: $JOURNAL_COACH_IDENTITY, or
    beside the journal in the data folder."""
    override = os.environ.get("JOURNAL_COACH_IDENTITY")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("journal", appauthor=False) / IDENTITY_FILE


def keygen(path: Path, *, replace: bool = False) -> str:
    """A new key pair: the secret key written to `path` (0600, never over a file unless
    `replace`), the public key returned."""
    from pyrage import x25519

    target = output_target(path)
    if not replace and os.path.lexists(target):
        raise JournalError(
            f"{shown(path)} already exists (a key made before?); bundles encrypted to it need"
            " it: keep it, or add --force to replace it"
        )
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"# created: {created}\n# public key: {public}\n{identity}\n"
    with write_privately(target, replace=replace) as out:
        out.write(text.encode("ascii"))
    return public


def read_identities(path: Path) -> list[Any]:
    """The secret keys in an identity file (age's format: one per line, # comments)."""
    from pyrage import IdentityError, x25519

    from journal.files import open_input

    with open_input(path, "an identity file (journal coach keygen makes one)") as handle:
        raw = handle.read(MAX_IDENTITY_BYTES + 1)
    lines = raw[:MAX_IDENTITY_BYTES].decode("utf-8", errors="replace").splitlines()
    keys = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    found = []
    for key in keys:
        try:
            found.append(x25519.Identity.from_str(key))
        except IdentityError:
            continue
    if not found:
        raise JournalError(
            f"{shown(path)} holds no age secret key ({SECRET_PREFIX}…); give the file"
            " journal coach keygen wrote"
        )
    return found


def decrypter(identities: Sequence[Any], source: Path) -> Decrypt:
    """Decrypts a bundle with the coach's keys; says why one cannot be."""
    import pyrage

    def decrypt(data: bytes) -> bytes:
        try:
            result: bytes = pyrage.decrypt(data, list(identities))
        except pyrage.DecryptError as error:
            if "no matching keys" in str(error).lower():
                raise Undecryptable(
                    f"encrypted to another key, not the one in {shown(source)}"
                ) from error
            raise Undecryptable(
                "encrypted, but cut off or damaged: it does not decrypt whole"
            ) from error
        return result

    return decrypt


def encrypt_to(data: bytes, recipient: str) -> bytes:
    """`data` encrypted to the coach's public key."""
    import pyrage
    from pyrage import x25519

    try:
        key = x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError as error:
        raise JournalError(
            f"--recipient {quoted(recipient)} is not an age public key (age1…); use the one"
            " your coach's journal coach keygen printed"
        ) from error
    result: bytes = pyrage.encrypt(data, [key])
    return result
