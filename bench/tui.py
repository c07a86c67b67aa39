"""The TUI on a large journal: start to first painted list, scrolling, search while typing, memory.

    python bench/tui.py [--entries 100000] [--runs 5]

Builds a journal with `journal demo --entries N`, then:
- times whole processes (interpreter start to exit) that open the app headless and quit as soon
  as the list has painted, beside an empty Textual app that quits after its first paint;
- in one headless session, times jumping to the end of the list and typing a search a letter at
  a time (from the key to the repainted list, after the search's typing pause), and reports the
  session's peak memory.
Prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App[None]):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Empty().run(headless=True, size=(100, 30))
"""

JOURNAL_APP = """
import sys
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp
from journal.tui.screens import journal_screen

shown = journal_screen.JournalScreen._show

def show_then_quit(self, loaded):
    shown(self, loaded)
    self.app.call_after_refresh(self.app.exit)

journal_screen.JournalScreen._show = show_then_quit
JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22)).run(headless=True, size=(100, 30))
"""

SESSION = """
import asyncio, json, resource, sys, time
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp
from journal.tui.screens import journal_screen
from journal.tui.widgets.entry_list import EntryList

# Time the search itself; the app first waits SEARCH_DELAY of quiet typing, which is a choice
# about typing, not a cost.
journal_screen.SEARCH_DELAY = 0.001
WORD = sys.argv[2]
stamps = {}

def timed_from_call_to_paint(owner, name, key):
    # From the app's handler starting to the next screen refresh having run.
    original = getattr(owner, name)
    def wrapper(self, *args, **kwargs):
        start = time.perf_counter()
        result = original(self, *args, **kwargs)
        self.app.call_after_refresh(
            lambda: stamps.setdefault(key, (time.perf_counter() - start) * 1000)
        )
        return result
    setattr(owner, name, wrapper)

timed_from_call_to_paint(EntryList, "action_last", "end")
timed_from_call_to_paint(EntryList, "action_first", "home")
timed_from_call_to_paint(EntryList, "action_page", "page")

# A search: from reading the typed filter, through the count in a worker, to the painted list.
apply = journal_screen.JournalScreen._apply
show = journal_screen.JournalScreen._show
def timed_apply(self, inputs, *, typed):
    stamps["search_start"] = time.perf_counter()
    return apply(self, inputs, typed=typed)
def timed_show(self, loaded):
    show(self, loaded)
    start = stamps.get("search_start")
    if start is not None:
        self.app.call_after_refresh(
            lambda: stamps.setdefault("search", (time.perf_counter() - start) * 1000)
        )
journal_screen.JournalScreen._apply = timed_apply
journal_screen.JournalScreen._show = timed_show

async def settle(pilot):
    await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

async def main():
    app = JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22))
    figures = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        figures["total"] = entries.total
        for key in ("end", "home", "pagedown"):
            await pilot.press(key)
            await settle(pilot)
        figures["at_end_then_home"] = entries.cursor
        figures["end_ms"] = stamps["end"]
        figures["home_ms"] = stamps["home"]
        figures["page_ms"] = stamps["page"]
        await pilot.press("slash")
        per_key = []
        for letter in WORD:
            stamps.pop("search", None)
            stamps.pop("search_start", None)
            await pilot.press(letter)
            await settle(pilot)
            per_key.append((stamps.get("search"), entries.total))
        figures["search_per_key"] = per_key
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))

asyncio.run(main())
"""


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def journal_command() -> list[str]:
    scripts = Path(sys.executable).parent
    found = scripts / "journal"
    return [str(found)] if found.exists() else [sys.executable, "-m", "journal"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--word", default="bundle", help="typed into search a letter at a time")
    options = parser.parse_args()
    env = {**os.environ, "JOURNAL_TODAY": "2026-11-22"}
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as folder:
        path = Path(folder) / "journal.sqlite"
        subprocess.run(
            [*journal_command(), "demo", "--db", str(path), "--entries", str(options.entries)],
            check=True,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        print(f"journal: {options.entries:,} entries")
        empty = [timed([sys.executable, "-c", EMPTY_APP]) for _ in range(options.runs)]
        first = [timed([sys.executable, "-c", JOURNAL_APP, str(path)]) for _ in range(options.runs)]
        empty_ms = statistics.median(empty) * 1000
        first_ms = statistics.median(first) * 1000
        print(f"empty Textual app, start to first paint:  median {empty_ms:5.0f} ms")
        print(
            f"journal, start to first painted list:     median {first_ms:5.0f} ms"
            f"  ({first_ms / empty_ms:.2f}x the empty app; target 1.5x)"
        )
        completed = subprocess.run(
            [sys.executable, "-c", SESSION, str(path), options.word],
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            sys.exit(f"the headless session failed:\n{completed.stderr[-3000:]}")
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        print(f"End key, jump to the oldest entry:       {figures['end_ms']:6.1f} ms to repaint")
        print(f"Home key, back to the newest:            {figures['home_ms']:6.1f} ms to repaint")
        print(f"PgDn:                                    {figures['page_ms']:6.1f} ms to repaint")
        typed = ""
        for letter, (ms, total) in zip(options.word, figures["search_per_key"], strict=True):
            typed += letter
            if ms is None:
                print(f"search while typing {typed!r:10}   (waits for a second letter)")
            else:
                print(
                    f"search while typing {typed!r:10} {ms:6.1f} ms to repaint ({total:,} entries)"
                )
        print(f"peak memory of the session:              {figures['peak_rss_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
