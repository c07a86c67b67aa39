"""The TUI on a large journal: start to first painted list, scrolling, search while typing, memory.

    python bench/tui.py [--entries 100000] [--runs 5]

Builds a journal with `journal demo --entries N`, then:
- times whole processes (interpreter start to exit) that open the app headless and quit as soon
  as the list has painted, beside an empty Textual app that quits after its first paint;
- in one headless session, times jumping to the end of the list and typing a search a letter at
  a time (from the key to the repainted list, after the search's typing pause), and reports the
  session's peak memory.
Prints figures; nothing is asserted.

    python bench/tui.py --phases [--runs 5]

Where the time goes instead: the first paint of the empty app and of the journal split into
phases (interpreter and imports, building the app, up to the counted list, up to the painted
screen) with the time spent inside them styling (CSS parsed, CSS applied to widgets), laying
out, painting and collecting garbage; then the same for `p`, from the key to the painted
patterns screen. Medians of --runs processes; milliseconds of wall clock (the main thread's
CPU time beside the total, as other work on the machine stretches the wall clock).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EMPTY_APP = """
import sys, time
from textual.app import App
from textual.widgets import Static

QUIT = sys.argv[1] == "quit"  # after the first paint, press q and note when

from textual import events

def press_key(app, key):
    # As the terminal delivers a key: through the driver, so it meets every binding.
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)

class Empty(App[None]):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.press_q if QUIT else self.exit)
    def press_q(self):
        with open(sys.argv[2], "w") as stamp:
            stamp.write(repr(time.time()))
        press_key(self, "q")

Empty().run(headless=True, size=(100, 30))
"""

JOURNAL_APP = """
import sys, time
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp
from journal.tui.screens import journal_screen

QUIT = sys.argv[2] == "quit"  # after the first painted list, press q and note when

from textual import events

def press_key(app, key):
    # As the terminal delivers a key: through the driver, so it meets every binding.
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)
shown = journal_screen.JournalScreen._show

def press_q(app):
    with open(sys.argv[3], "w") as stamp:
        stamp.write(repr(time.time()))
    press_key(app, "q")

def show_then_quit(self, loaded):
    shown(self, loaded)
    journal_screen.JournalScreen._show = shown  # the first painted list only
    app = self.app
    app.call_after_refresh(lambda: press_q(app) if QUIT else app.exit())

journal_screen.JournalScreen._show = show_then_quit
JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22)).run(headless=True, size=(100, 30))
if QUIT:  # as the journal command ends once its app has closed
    from journal.cli import leave_at_once
    leave_at_once(0)
"""

# One key in a fresh process (as a person presses it the first time after opening): from the
# key to the screen it opens painted with its figures. Prints milliseconds.
KEY_TO_SCREEN = """
import sys, time
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp
from journal.tui.screens import journal_screen

KEY = sys.argv[2]

from textual import events

def press_key(app, key):
    # As the terminal delivers a key: through the driver, so it meets every binding.
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)
shown = journal_screen.JournalScreen._show
pressed = []

def done(app):
    print(f"{(time.perf_counter() - pressed[0]) * 1000:.1f}")
    app.exit()

def after_paint(app):
    app.call_after_refresh(lambda: done(app))

def press(app):
    if KEY == "p":
        from journal.tui.screens.patterns import PatternsScreen
        original = PatternsScreen._show
        def show(self, figures):
            original(self, figures)
            after_paint(self.app)
        PatternsScreen._show = show
    else:
        from journal.tui.screens.review import ReviewScreen
        original = ReviewScreen.show_quarter
        async def show_quarter(self, quarter, **kwargs):
            await original(self, quarter, **kwargs)
            after_paint(self.app)
        ReviewScreen.show_quarter = show_quarter
    pressed.append(time.perf_counter())
    press_key(app, KEY)

def show_then_press(self, loaded):
    shown(self, loaded)
    journal_screen.JournalScreen._show = shown
    app = self.app
    # Settled first: the list painted and its first page read, as when a person looks at it.
    app.set_timer(0.3, lambda: press(app))

journal_screen.JournalScreen._show = show_then_press
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


# A child that notes when each phase ends (milliseconds since the parent started it) and how
# long it spent inside Textual's styling, layout and painting and the garbage collector.
PHASES = """
import gc, sys, threading, time

STARTED = float(sys.argv[1])  # the parent's wall clock as it started this process
WHAT = sys.argv[2]  # empty, journal or p
marks = {}
inside = {}
cpu_from = []

def mark(name):
    marks[name] = (time.time() - STARTED) * 1000
    if name == "key pressed":
        cpu_from.append(time.thread_time())

def counted(owner, name, label):
    original = getattr(owner, name)
    import functools

    @functools.wraps(original)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            if threading.current_thread() is threading.main_thread():
                inside[label] = inside.get(label, 0) + (time.perf_counter() - start) * 1000
    setattr(owner, name, timed)

gc_start = []
def gc_timed(phase, info):
    if phase == "start":
        gc_start.append(time.perf_counter())
    elif gc_start:
        took = (time.perf_counter() - gc_start.pop()) * 1000
        inside["garbage collection"] = inside.get("garbage collection", 0) + took
gc.callbacks.append(gc_timed)

from textual.app import App
mark("textual imported")
from textual._compositor import Compositor
from textual.css.stylesheet import Stylesheet
from textual.widgets import Static
from textual import events

counted(Stylesheet, "parse", "CSS parsed")
counted(Stylesheet, "reparse", "CSS parsed")
counted(Stylesheet, "apply", "CSS applied to widgets")
counted(Compositor, "reflow", "layout")
counted(Compositor, "render_update", "painting")

def press_key(app, key):
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)

def finish(app):
    mark("painted")
    if cpu_from:
        marks["main thread CPU"] = (time.thread_time() - cpu_from[0]) * 1000
    app.exit()

if WHAT == "empty":
    class Empty(App[None]):
        def compose(self):
            yield Static("hello")
        def on_mount(self):
            mark("app mounted")
            self.call_after_refresh(finish, self)
    app = Empty()
else:
    from datetime import date
    from pathlib import Path
    from journal.tui.app import JournalApp
    from journal.tui.screens import journal_screen
    mark("journal imported")
    shown = journal_screen.JournalScreen._show

    def press_p(app):
        from journal.tui.screens.patterns import PatternsScreen
        original = PatternsScreen._show
        def show(self, figures):
            mark("figures shown")
            original(self, figures)
            self.app.call_after_refresh(finish, self.app)
        PatternsScreen._show = show
        for name in list(inside):
            inside[name] = 0.0  # from the key on
        mark("key pressed")
        press_key(app, "p")

    def show_once(self, loaded):
        mark("list counted")
        shown(self, loaded)
        journal_screen.JournalScreen._show = shown
        app = self.app
        if WHAT == "p":
            app.set_timer(0.3, lambda: press_p(app))  # as bench KEY_TO_SCREEN does
        else:
            app.call_after_refresh(finish, app)
    journal_screen.JournalScreen._show = show_once
    app = JournalApp(Path(sys.argv[3]), today=date(2026, 11, 22))
mark("app built")
app.run(headless=True, size=(100, 30))
print(repr((marks, inside)))
"""


def phases(path: Path, runs: int) -> None:
    """Print the medians of each phase's end and of the time inside Textual's work."""
    import ast

    results: dict[str, list[tuple[dict[str, float], dict[str, float]]]] = {
        "empty": [],
        "journal": [],
        "p": [],
    }
    for _ in range(runs):
        for what in results:  # interleaved, as the timings above
            completed = subprocess.run(
                [sys.executable, "-c", PHASES, repr(time.time()), what, str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
            results[what].append(ast.literal_eval(completed.stdout.strip().splitlines()[-1]))

    def median(what: str, part: int, name: str) -> float | None:
        values = [run[part][name] for run in results[what] if name in run[part]]
        return statistics.median(values) if values else None

    def show(what: str, title: str, start: str | None = None) -> None:
        print(title)
        offset = median(what, 0, start) if start else 0.0
        names = list(dict.fromkeys(n for run in results[what] for n in run[0]))
        for name in names:
            value = median(what, 0, name)
            if value is None or name == start:
                continue
            if name == "main thread CPU":
                print(f"  {name:34} {value:6.0f} ms")
            elif value >= (offset or 0):  # the phases before the key are the journal's above
                print(f"  {name + ' (at)':34} {value - (offset or 0):6.0f} ms")
        for name in sorted({n for run in results[what] for n in run[1]}):
            value = median(what, 1, name)
            print(f"    inside: {name:28} {value:6.1f} ms")

    show("empty", "Empty Textual app, from the process started:")
    show("journal", "Journal, from the process started:")
    show("p", "Journal, p: from the key to the painted patterns screen:", start="key pressed")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def quit_time(args: list[str]) -> float:
    """Seconds from the q key (the child notes the wall clock when it presses it) to the whole
    process gone (its exit seen here)."""
    with tempfile.NamedTemporaryFile("r", suffix=".stamp") as stamp:
        subprocess.run(
            [*args, "quit", stamp.name],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        gone = time.time()
        return gone - float(Path(stamp.name).read_text())


def key_time(path: Path, key: str) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", KEY_TO_SCREEN, str(path), key],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def demo_entries(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def journal_command() -> list[str]:
    scripts = Path(sys.executable).parent
    found = scripts / "journal"
    return [str(found)] if found.exists() else [sys.executable, "-m", "journal"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--word", default="bundle", help="typed into search a letter at a time")
    parser.add_argument("--db", type=Path, help="a demo journal made earlier, instead of a new one")
    parser.add_argument(
        "--phases", action="store_true", help="where the time of the first paint and of p goes"
    )
    options = parser.parse_args()
    env = {**os.environ, "JOURNAL_TODAY": "2026-11-22"}
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as folder:
        path = Path(folder) / "journal.sqlite"
        if options.db is not None:
            shutil.copy(options.db, path)  # a copy: the runs open it as theirs
            options.entries = demo_entries(path)
        else:
            subprocess.run(
                [*journal_command(), "demo", "--db", str(path), "--entries", str(options.entries)],
                check=True,
                env=env,
                stderr=subprocess.DEVNULL,
            )
        print(f"journal: {options.entries:,} entries")
        # As pip install does: the app's modules compiled to bytecode once. An editable
        # checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile ~40 modules from
        # source at every start (about 50 ms), which no installed copy pays.
        import compileall

        compileall.compile_dir(
            Path(__file__).resolve().parent.parent / "journal", quiet=1, workers=1
        )
        if options.phases:
            phases(path, options.runs)
            return
        empty_app = [sys.executable, "-c", EMPTY_APP]
        journal_app = [sys.executable, "-c", JOURNAL_APP, str(path)]
        # Interleaved, so a busy moment of the machine falls on both alike.
        empty, first, empty_quit, journal_quit, keys_p, keys_r = [], [], [], [], [], []
        for _ in range(options.runs):
            empty.append(timed([*empty_app, "paint"]))
            first.append(timed([*journal_app, "paint"]))
            empty_quit.append(quit_time(empty_app))
            journal_quit.append(quit_time(journal_app))
            keys_p.append(key_time(path, "p"))
            keys_r.append(key_time(path, "r"))
        empty_ms = statistics.median(empty) * 1000
        first_ms = statistics.median(first) * 1000
        print(f"empty Textual app, start to first paint:  median {empty_ms:5.0f} ms")
        print(
            f"journal, start to first painted list:     median {first_ms:5.0f} ms"
            f"  ({first_ms / empty_ms:.2f}x the empty app; target 1.5x)"
        )
        empty_quit_ms = statistics.median(empty_quit) * 1000
        quit_ms = statistics.median(journal_quit) * 1000
        print(f"empty Textual app, q to process gone:     median {empty_quit_ms:5.0f} ms")
        print(
            f"journal, q to process gone:               median {quit_ms:5.0f} ms"
            f"  ({quit_ms / empty_quit_ms:.2f}x the empty app; target 1.2x)"
        )
        for key, times, screen in (("p", keys_p, "patterns"), ("r", keys_r, "review")):
            ms = statistics.median(times)
            print(
                f"journal, {key} to the painted {screen + ':':10}      median {ms:5.0f} ms"
                f"  ({ms / empty_ms:.2f}x the empty app's first paint; target 1.0x)"
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
