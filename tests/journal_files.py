"""Journal files in tests: plain or encrypted, and read the way journal reads them.

Journey tests run on both kinds of journal (the `journal_kind` fixture). An encrypted test
journal uses TEST_PASSPHRASE with a fixed salt, so its key is derived once per process
(`journal.cipher.derive` remembers it) instead of once per test.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from journal import cipher
from journal.cipher import Key

KINDS = ("plain", "encrypted")
TEST_PASSPHRASE = "correct horse battery staple"
# Any 16 bytes that do not read as text (the header check takes a text "salt" for a text file).
TEST_SALT = bytes.fromhex("8c1f3ab2e05d7796c4a1f02e9b6d5573")


def encrypted_key() -> Key:
    return Key(cipher.derive(TEST_PASSPHRASE, TEST_SALT), TEST_SALT, "test")


def is_encrypted(path: Path) -> bool:
    """Whether the journal at `path` is encrypted, from its first bytes, read by another
    process: a test may have the file open in SQLite (an app under Pilot), and closing any
    descriptor of it in this process would drop SQLite's locks on it (POSIX locks belong to
    the process). Trying it with one engine, then the other, would do the same: `sqlite3`
    and SQLCipher are two SQLite libraries, each with descriptors of its own."""
    if not path.is_file():
        return False
    header = subprocess.run(
        ["head", "-c", str(len(cipher.SQLITE_HEADER)), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return bool(header) and header != cipher.SQLITE_HEADER


def key_for(path: Path) -> Key | None:
    """The key that opens the test journal at `path` (None: it is plain)."""
    return encrypted_key() if is_encrypted(path) else None


def open_db(path: Path) -> sqlite3.Connection:
    """The file at `path` opened as journal opens it: an encrypted one with the test key."""
    return cipher.connect(path, key_for(path))


def sql(path: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    """Read the journal file directly, as another program with the passphrase would."""
    conn = open_db(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def encrypt(path: Path) -> Path:
    """Encrypt the journal (or copy) at `path` with the test key, in place."""
    cipher.convert(path, None, encrypted_key())
    return path


def as_kind(path: Path, kind: str) -> Path:
    """The journal at `path`, made the kind a test runs on."""
    return encrypt(path) if kind == "encrypted" else path


def snapshot(path: Path) -> list[str]:
    """Everything a journal holds, as text: equal snapshots mean nothing was written.

    (SQLCipher's module has no `iterdump`: the schema, then every table's rows in order.)"""
    if not path.exists():
        return []
    conn = open_db(path)
    try:
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"
        ).fetchall()
        lines = [repr(row) for row in schema]
        for kind, name, _, _ in schema:
            if kind != "table" or name.startswith("sqlite_"):
                continue
            quoted = '"' + name.replace('"', '""') + '"'
            rows = conn.execute(f"SELECT * FROM {quoted}").fetchall()
            lines += [f"{name}: {row!r}" for row in sorted(rows, key=repr)]
        for pragma in ("user_version", "application_id"):
            lines.append(f"{pragma} = {conn.execute(f'PRAGMA {pragma}').fetchone()[0]}")
        return lines
    finally:
        conn.close()
