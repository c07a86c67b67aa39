"""Exports and imports of a large journal: time and peak memory of whole processes.

    python bench/export_import.py [--entries 100000] [--keep FOLDER]

Builds a journal with `journal demo --entries N` (dated 2026-11-22), then runs each as its
own process and reports wall time and peak resident memory (from the kernel, via wait4):
- `journal export --format json` of everything, and `--format html` / `md` of the
  whole journal's span (a date range, so every entry is listed);
- `journal export --format csv` and `json --redact` (with its ratio to the full json export
  timed in the same run), and `--redact --check` of the same (reads, redacts, writes nothing);
- `journal import` of that json into an empty journal, and of the same entries written as a
  jrnl plain-text file and as a jrnl JSON export (both read by the jrnl importer);
- a second import of the json (everything recognised, nothing added).
Targets (issue 5): each under 10 s and under 200 MB. Prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import build_demo

TODAY = "2026-11-22"
TARGET_SECONDS = 10.0
TARGET_MB = 200.0


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak MB, stderr of one `journal` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    error = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"journal {' '.join(args)} failed: {error}")
    return elapsed, usage.ru_maxrss / 1024, error.strip()


def write_jrnl_files(export: Path, text_path: Path, json_path: Path) -> int:
    """The export's entries as jrnl would hold them: a plain-text journal and its JSON."""
    import ijson

    count = 0
    with (
        export.open("rb") as source,
        text_path.open("w", encoding="utf-8") as text,
        json_path.open("w", encoding="utf-8") as as_json,
    ):
        as_json.write('{"tags": {}, "entries": [\n')
        for entry in ijson.items(source, "entries.item"):
            title, _, body = entry["situation"].partition("\n")
            hour = f"{9 + count % 9:02d}:{count % 60:02d}"
            tags = " ".join(f"@{t}" for t in entry["triggers"])
            text.write(f"[{entry['occurred_on']} {hour}] {title}\n{body}\n{tags}\n\n")
            record = {
                "title": title,
                "body": f"{body}\n{tags}".strip(),
                "date": entry["occurred_on"],
                "time": hour,
                "tags": [f"@{t}" for t in entry["triggers"]],
                "starred": count % 50 == 0,
            }
            as_json.write(("," if count else "") + json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        as_json.write("]}\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--keep", metavar="FOLDER", help="keep the files here")
    options = parser.parse_args()

    folder = Path(options.keep or tempfile.mkdtemp(prefix="journal-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JOURNAL_TODAY": TODAY, "JOURNAL_CONFIG": str(folder / "none.toml")}
    journal = folder / "big.sqlite"
    build_demo(journal, options.entries, env)
    first_day = (
        subprocess.run(
            [sys.executable, "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1])"
             ".execute('SELECT min(occurred_on) FROM entries').fetchone()[0])", str(journal)],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    every_day = ["--from", first_day, "--to", TODAY]
    db = ["--db", str(journal)]
    rows: list[tuple[str, float, float, str]] = []

    def run(label: str, args: list[str]) -> str:
        seconds, megabytes, said = measure(args, env)
        rows.append((label, seconds, megabytes, said))
        print(f"  {label:<44} {seconds:6.2f} s  {megabytes:6.0f} MB", flush=True)
        return said

    print("Exports:")
    dump = folder / "all.json"
    run("export json (everything)", [*db, "export", "--format", "json", "-o", str(dump)])
    for fmt in ("html", "md"):
        target = str(folder / f"all.{fmt}")
        run(f"export {fmt} (every entry, whole span)",
            [*db, "export", "--format", fmt, *every_day, "-o", target])  # fmt: skip
    run("export csv", [*db, "export", "--format", "csv", "-o", str(folder / "all.csv")])
    redacted = str(folder / "redacted.json")
    run("export json --redact", [*db, "export", "--format", "json", "--redact", "-o", redacted])
    run("export json --redact --check", [*db, "export", "--format", "json", "--redact", "--check"])
    full, redact, check = (rows[0][1], rows[-2][1], rows[-1][1])
    print(
        f"      redacted / full json: {redact / full:.2f}x; check / full json: {check / full:.2f}x"
    )
    run("export html, one quarter (2026-Q3)",
        [*db, "export", "--format", "html", "--quarter", "2026-Q3", "-o",
         str(folder / "q3.html")])  # fmt: skip

    print("Imports:")
    text_path, jrnl_json = folder / "journal.txt", folder / "jrnl.json"
    write_jrnl_files(dump, text_path, jrnl_json)
    for name, path, fmt in (
        ("import json into an empty journal", dump, "json"),
        ("import jrnl plain text into an empty journal", text_path, "jrnl"),
        ("import jrnl json into an empty journal", jrnl_json, "jrnl"),
    ):
        into = folder / f"import-{fmt}-{path.suffix[1:]}.sqlite"
        said = run(name, ["--db", str(into), "import", str(path), "--format", fmt])
        print(f"      {said.splitlines()[0]}")
    said = run("import json again (all recognised)",
               ["--db", str(folder / "import-json-json.sqlite"), "import", str(dump)])  # fmt: skip
    print(f"      {said.splitlines()[0]}")

    sizes = {p.name: p.stat().st_size / 1e6 for p in folder.iterdir() if p.is_file()}
    print("File sizes: " + ", ".join(f"{n} {s:.0f} MB" for n, s in sorted(sizes.items())))
    slow = [label for label, seconds, mb, _ in rows if seconds > TARGET_SECONDS or mb > TARGET_MB]
    print(
        f"Target (each under {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB): "
        + ("met by all" if not slow else "missed by " + "; ".join(slow))
    )
    if not options.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
