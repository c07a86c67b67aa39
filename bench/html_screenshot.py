"""Look at the HTML export as a coach would: on screen and printed.

Writes the demo journal, exports 2026-Q3 as HTML (full, and patterns-only), and renders
the full page with headless Chromium into a folder: a tall screenshot, an A4-sized one,
and a PDF through the print stylesheet, whose page count it prints.

    python bench/html_screenshot.py [FOLDER]      # default /tmp/journal-html-check

Needs Chromium (Debian/Ubuntu: `apt-get install chromium`); pdftoppm (poppler-utils), when
present, turns the PDF's first pages into PNGs too.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from journal.db import open_journal
from journal.exporters.html import HtmlExporter
from journal.periods import CALENDAR_YEAR, Period, Quarter
from journal.services.demo import write_demo
from journal.services.exports import ExportScope, ExportSource

TODAY = date(2026, 11, 22)
QUARTER = Quarter(2026, 3)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def export(journal: Path, target: Path, privacy: str) -> int:
    conn = open_journal(journal)
    try:
        source = ExportSource(
            conn,
            ExportScope(Period.of_quarter(QUARTER), privacy=privacy),
            today=TODAY,
            calendar=CALENDAR_YEAR,
        )
        with target.open("w", encoding="utf-8") as out:
            return HtmlExporter().write(out, source)
    finally:
        conn.close()


def render(browser: str, page: Path, *options: str) -> None:
    command = [
        browser,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        *options,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise SystemExit(f"{browser} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF Chromium wrote: pdfinfo when present, else its page objects."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("folder", nargs="?", default="/tmp/journal-html-check", type=Path)
    args = parser.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print(
            "Chromium is not installed; install it to render the page"
            " (Debian/Ubuntu: sudo apt-get install chromium), then run this again.",
            file=sys.stderr,
        )
        return 1
    folder: Path = args.folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "demo.sqlite"
    write_demo(journal, entries=360, seed=7, today=TODAY)
    page = folder / "q3.html"
    entries = export(journal, page, "full")
    patterns_only = folder / "q3-patterns-only.html"
    export(journal, patterns_only, "patterns-only")
    print(f"{page} ({entries} entries, {page.stat().st_size:,} bytes)")
    print(f"{patterns_only} ({patterns_only.stat().st_size:,} bytes)")

    shots = {
        "screen.png": ("--window-size=1200,3000",),
        "screen-a4.png": ("--window-size=794,1123",),
        "screen-narrow.png": ("--window-size=420,2400",),
    }
    for name, options in shots.items():
        render(browser, page, f"--screenshot={folder / name}", *options)
        print(folder / name)
    dark = folder / "screen-dark.png"
    render(browser, page, f"--screenshot={dark}", "--window-size=1200,2000", "--force-dark-mode")
    print(dark)
    pdf = folder / "q3.pdf"
    render(browser, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    print(f"{pdf}: {pdf_pages(pdf)} pages")
    if shutil.which("pdftoppm"):
        prefix = folder / "pdf-page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "4", str(pdf), str(prefix)],
            check=True,
        )
        for made in sorted(folder.glob("pdf-page-*.png")):
            print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
