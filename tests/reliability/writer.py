"""A person capturing entries as fast as they can: one entry, one transaction, one "done".

    python tests/reliability/writer.py DB TAG [--count N] [--wait-for-go] [--stop-file PATH]
        [--pause SECONDS]

Opens the journal once (creating it if needed), then adds entries TAG #1, TAG #2, … through
`journal.services.entries.add`, each in its own transaction. After each commit has returned it
prints `done K ID MS` (K the entry's number, ID its id, MS how long the add took) and flushes,
so whoever reads stdout knows exactly which writes were reported done. With --count 0 it
writes until it is killed. With --wait-for-go it prints `ready` once the journal is open and
waits for a line on stdin, so several writers can start writing at the same moment. With
--stop-file it stops (status 0) before the next entry once that file exists; --pause waits
that long between entries.

An error ends it with status 1 and the error on stderr. The text of each entry is
`tests.reliability.texts.situation(TAG, K)`, so a checker can tell what must be there.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests.reliability.texts

from journal.cipher import Key, file_state, salt_of
from journal.db import open_journal
from journal.services import entries
from tests.reliability.texts import TODAY, fields_for


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("tag")
    parser.add_argument("--count", type=int, default=0, help="0: until killed")
    parser.add_argument("--wait-for-go", action="store_true")
    parser.add_argument("--stop-file", type=Path)
    parser.add_argument("--pause", type=float, default=0.0)
    options = parser.parse_args()
    os.umask(0o077)  # as journal's own entry point does
    db = Path(options.db)
    key = None
    if file_state(db) == "encrypted":  # its derived key, as the keyring gives it
        key = Key(bytes.fromhex(os.environ["JOURNAL_TEST_KEY"]), salt_of(db), "test")
    conn = open_journal(db, key=key)
    if options.wait_for_go:
        print("ready", flush=True)
        sys.stdin.readline()
    today = date.fromisoformat(TODAY)
    number = 0
    while options.count == 0 or number < options.count:
        if options.stop_file is not None and options.stop_file.exists():
            break
        number += 1
        started = time.perf_counter()
        entry_id = entries.add(conn, fields_for(options.tag, number), today=today)
        took = (time.perf_counter() - started) * 1000
        print(f"done {number} {entry_id} {took:.1f}", flush=True)
        if options.pause:
            time.sleep(options.pause)
    conn.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # the checker reads this line; a traceback would be noise
        print(f"writer error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
