"""What the benches share: which `journal` to run, a whole process timed, a demo journal built.

The benches run as scripts (`python bench/status.py`), so this folder is on the path and they
import this module as `common`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path


def journal_command() -> list[str]:
    """The installed `journal` script (beside this interpreter, or else on the PATH), as a
    person runs it; `python -m journal` where none is installed."""
    beside = Path(sys.executable).parent / "journal"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("journal")
    return [found] if found else [sys.executable, "-m", "journal"]


def timed(args: list[str], env: dict[str, str]) -> float:
    """Seconds one whole process takes, its output thrown away; a failure stops the bench."""
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_demo(db: Path, entries: int, env: dict[str, str]) -> None:
    """A fresh demo journal of `entries` entries at `db` (journals left in its folder by an
    earlier run are removed first)."""
    for stale in db.parent.glob("*.sqlite*"):
        stale.unlink()
    print(f"Building a demo journal of {entries:,} entries …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "journal", "demo", "--entries", str(entries), "--db", str(db)],
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
