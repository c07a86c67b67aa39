"""What encryption at rest costs: `journal add` and the app's first paint, encrypted beside plain.

    python bench/encryption.py [--entries 10000] [--tui-entries 100000] [--runs 9]

Builds a demo journal of --entries and a copy of it encrypted with `journal encrypt` (its key
then kept with `journal remember-key` in a keyring file: bench/file_keyring.py, so nothing
touches this machine's keyring), then times whole processes, the variants taking turns:
- `journal add` on the plain journal;
- `journal add` on the encrypted one with its key from the keyring (no key derivation; the
  keyring library is loaded and asked, as for a person who opted in);
- `journal add` with the passphrase in JOURNAL_PASSPHRASE (a key derivation every time);
- the same add by a small driver that gives the raw key at once, beside the plain journal
  run by the same driver: what the encrypted engine itself costs, without the keyring library.
Then, on a journal of --tui-entries, the app from process start to its first painted list
(plain, key from the keyring, passphrase from the environment), and from opening the journal
(the moment after unlocking) to the first painted list, plain beside encrypted.
Prints figures and ratios against the plain journal timed in the same run; asserts nothing.
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
from collections.abc import Callable
from pathlib import Path

from common import journal_command

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tui import JOURNAL_APP  # noqa: E402  (the first-paint harness)

PASSPHRASE = "correct horse battery staple"
ADD = ["add", "Pushed the bundle to close the month", "-t", "quota-behind", "--severity", "3"]

# `journal ARGS` run by the CLI's own main(), in-process.
DRIVER = """
import sys
from journal.cli import main
sys.exit(main(sys.argv[1:]))
"""

# The same, with the keyring's answer given at once: the encrypted engine with a raw key,
# without the keyring library.
RAW_KEY_DRIVER = """
import sys
from journal import keychain
raw = bytes.fromhex(sys.argv[1])
keychain.is_remembered = lambda journal: True
keychain.recall = lambda salt: raw
from journal.cli import main
sys.exit(main(sys.argv[2:]))
"""

# From opening the journal (after unlocking) to the first painted list, in one process.
AFTER_UNLOCK = """
import sys, time
from datetime import date
from pathlib import Path

from journal.tui.app import JournalApp
from journal.tui.screens import journal_screen

stamps = {}
open_store = JournalApp._open_store

def timed_open(self, path, key):
    stamps["open"] = time.perf_counter()
    open_store(self, path, key)

shown = journal_screen.JournalScreen._show

def show_then_quit(self, loaded):
    shown(self, loaded)
    def painted():
        stamps["painted"] = time.perf_counter()
        self.app.exit()
    self.app.call_after_refresh(painted)

JournalApp._open_store = timed_open
journal_screen.JournalScreen._show = show_then_quit
JournalApp(Path(sys.argv[1]), today=date(2026, 11, 22)).run(headless=True, size=(100, 30))
print((stamps["painted"] - stamps["open"]) * 1000)
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return (time.perf_counter() - start) * 1000


def taking_turns(variants: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Each variant once to warm up (the day's first backup, the page cache), then `runs`
    rounds in which every variant runs once: a slow moment of the machine hits them all."""
    for run in variants.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, run in variants.items():
            times[name].append(run())
    return times


def show(times: dict[str, list[float]], baseline: str, label: Callable[[str], str]) -> None:
    base = statistics.median(times[baseline])
    for name, values in times.items():
        median = statistics.median(values)
        ratio = "" if name == baseline else f"  {median / base:4.2f}x {baseline}"
        print(f"  {label(name):58} median {median:6.0f} ms (min {min(values):4.0f}){ratio}")


def build(folder: Path, entries: int, env: dict[str, str]) -> tuple[Path, Path, str]:
    """A plain demo journal of `entries`, an encrypted copy with its key remembered, and the
    copy's raw key (hex)."""
    plain = folder / f"plain-{entries}.sqlite"
    encrypted = folder / f"encrypted-{entries}.sqlite"
    journal = journal_command()
    subprocess.run([*journal, "demo", "--db", str(plain), "--entries", str(entries)],
                   env=env, check=True, stderr=subprocess.DEVNULL)  # fmt: skip
    # Not a demo any more: the day's backups are taken as in a person's journal.
    subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         " c.execute(\"DELETE FROM meta WHERE key LIKE 'demo%'\"); c.commit()", str(plain)],
        check=True,
    )  # fmt: skip
    shutil.copy(plain, encrypted)
    with_passphrase = {**env, "JOURNAL_PASSPHRASE": PASSPHRASE}
    for args in (["encrypt"], ["remember-key"]):
        subprocess.run([*journal, "--db", str(encrypted), *args], env=with_passphrase,
                       check=True, stderr=subprocess.DEVNULL)  # fmt: skip
    from journal import cipher

    return plain, encrypted, cipher.key_for(encrypted, PASSPHRASE, "bench").raw.hex()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--tui-entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    journal = journal_command()
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as name:
        folder = Path(name)
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "JOURNAL_TODAY": "2026-11-22",
            "JOURNAL_CONFIG": str(folder / "config.toml"),
            "PYTHONPATH": os.pathsep.join(
                [str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "BENCH_KEYRING_FILE": str(folder / "keyring.json"),
        }
        env.pop("JOURNAL_PASSPHRASE", None)
        with_passphrase = {**env, "JOURNAL_PASSPHRASE": PASSPHRASE}

        from journal import cipher

        started = time.perf_counter()
        cipher.derive(PASSPHRASE, os.urandom(cipher.SALT_SIZE))
        derivation = (time.perf_counter() - started) * 1000
        print(
            f"key derivation (PBKDF2-HMAC-SHA512, {cipher.KDF_ITERATIONS:,} rounds):"
            f" {derivation:.0f} ms in this process"
        )

        plain, encrypted, raw = build(folder, options.entries, env)
        print(f"\njournal add, whole process, {options.entries:,} entries ({options.runs} runs):")
        add = taking_turns(
            {
                "plain": lambda: timed([*journal, "--db", str(plain), *ADD], env),
                "keyring": lambda: timed([*journal, "--db", str(encrypted), *ADD], env),
                "passphrase": lambda: timed(
                    [*journal, "--db", str(encrypted), *ADD], with_passphrase
                ),
                "plain, driver": lambda: timed(
                    [sys.executable, "-c", DRIVER, "--db", str(plain), *ADD], env
                ),
                "raw key, driver": lambda: timed(
                    [sys.executable, "-c", RAW_KEY_DRIVER, raw, "--db", str(encrypted), *ADD],
                    env,
                ),
            },
            options.runs,
        )
        labels = {
            "plain": "plain journal",
            "keyring": "encrypted, key from the keyring (remember-key)",
            "passphrase": "encrypted, JOURNAL_PASSPHRASE (derivation each time)",
        }
        show({k: add[k] for k in labels}, "plain", lambda name: labels[name])
        driver = {"plain, driver": add["plain, driver"], "raw key, driver": add["raw key, driver"]}
        print("  the same add by a driver that hands over the raw key at once:")
        show(
            driver,
            "plain, driver",
            lambda name: "  plain journal" if name == "plain, driver" else "  encrypted, raw key",
        )

        tui_plain, tui_encrypted, _ = build(folder, options.tui_entries, env)
        print(f"\nthe app on {options.tui_entries:,} entries ({options.runs} runs):")
        first = taking_turns(
            {
                "plain": lambda: timed([sys.executable, "-c", JOURNAL_APP, str(tui_plain)], env),
                "keyring": lambda: timed(
                    [sys.executable, "-c", JOURNAL_APP, str(tui_encrypted)], env
                ),
                "passphrase": lambda: timed(
                    [sys.executable, "-c", JOURNAL_APP, str(tui_encrypted)], with_passphrase
                ),
            },
            options.runs,
        )
        print("  process start to the first painted list:")
        show(first, "plain", lambda name: "  " + labels[name])

        def after_unlock(path: Path, environment: dict[str, str]) -> float:
            done = subprocess.run(
                [sys.executable, "-c", AFTER_UNLOCK, str(path)],
                env=environment,
                check=True,
                capture_output=True,
                text=True,
            )
            return float(done.stdout.strip().splitlines()[-1])

        unlocked = taking_turns(
            {
                "plain": lambda: after_unlock(tui_plain, env),
                "encrypted": lambda: after_unlock(tui_encrypted, with_passphrase),
            },
            options.runs,
        )
        print("  opening the journal (right after unlocking) to the first painted list:")
        show(unlocked, "plain", lambda name: f"  {name} journal")
        sizes = {p.name: p.stat().st_size for p in (tui_plain, tui_encrypted)}
        print("\nfile sizes: " + json.dumps({k: f"{v / 1e6:.1f} MB" for k, v in sizes.items()}))


if __name__ == "__main__":
    main()
