"""Private by default: files only their owner can read, and no network, ever."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NETWORK_REFUSED, Adder, Runner


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_every_file_journal_makes_is_private(
    run: Runner, home: Path, db_path: Path, added: Adder
) -> None:
    added("First")
    added("Second")  # the day's backup
    run("backup")
    run("backup", "--to", str(home / "elsewhere" / "copy.sqlite"))
    for fmt in ("json", "csv", "md", "html"):
        assert run("export", "--format", fmt, "-o", str(home / "exports" / f"all.{fmt}")).code == 0
    made = [path for path in home.rglob("*") if "xdg" not in path.parts[-2:]]
    files = [path for path in made if path.is_file() and path.name != "config.toml"]
    folders = {path.parent for path in files}
    names = sorted(path.name for path in files)
    assert len(names) == 8, names  # journal, 2 backups, the copy, 4 exports
    assert {str(p.relative_to(home)): oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    assert {str(p.relative_to(home)): oct(mode(p)) for p in folders if mode(p) != 0o700} == {}


def test_the_guard_catches_a_connection_in_this_process(no_network: list[object]) -> None:
    with pytest.raises(OSError, match="network connection"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert no_network == [("127.0.0.1", 9)]
    no_network.clear()  # seen; the fixture would otherwise fail this test


def test_the_guard_catches_a_connection_in_a_child_process() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == NETWORK_REFUSED
    assert "NETWORK CONNECTION ATTEMPTED" in done.stderr
