"""One of several processes opening a journal at the same moment, as a person's machine does
first thing in the day: a shell prompt's hook, a cron job, the app.

    python tests/reliability/opener.py cli ARGS...   # journal ARGS (--db in ARGS)
    python tests/reliability/opener.py app DB        # the app's opening: the store, then
                                                     # the day's backup as its worker takes it

Everything is imported first; then it prints `ready` and waits for a line on stdin, so all the
openers can start at once. A `cli` opener exits with journal's own status (its stderr is
journal's); an `app` opener prints the backup's problem, if any, on stderr and exits 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from journal.cli import main as journal_main
from journal.config import Settings
from journal.services.store import JournalStore


def main() -> int:
    mode, *args = sys.argv[1:]
    os.umask(0o077)
    print("ready", flush=True)
    sys.stdin.readline()
    if mode == "cli":
        return journal_main(args)
    store = JournalStore(Path(args[0]))
    try:
        problem = store.daily_backup(Settings().backups)
    finally:
        store.close()
    if problem:
        print(f"journal: warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
