"""The year at a glance: per-day counts in `patterns --json`, and the SVG in the HTML summary.

Worked out by hand, in 2026-Q4 (today 2026-11-22):
- Oct 5: a slip of severity 4, an unrated slip (weighs 1) and a save of severity 2:
  2 slips weighing 5, 1 save weighing 2;
- Oct 6: a clean check-in, nothing else;
- Oct 7: a clean check-in and then a slip: not clean after all;
- Oct 8: a slip moved to the trash: not counted, so the day does not appear.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import Adder, Runner


def _journal(run: Runner, added: Adder) -> None:
    added("Bundle", "--date", "2026-10-05", "--severity", "4")
    added("Unrated", "--date", "2026-10-05")
    added("Held", "--date", "2026-10-05", "--kind", "save", "--severity", "2")
    assert run("checkin", "--clean", "--date", "2026-10-06").code == 0
    assert run("checkin", "--clean", "--date", "2026-10-07").code == 0
    added("After the check-in", "--date", "2026-10-07")
    trashed = added("Gone", "--date", "2026-10-08")
    assert run("delete", str(trashed)).code == 0


def test_patterns_json_has_each_days_counts(run: Runner, added: Adder) -> None:
    _journal(run, added)
    data = json.loads(run("patterns", "--from", "2026-10-01", "--to", "2026-10-31", "--json").out)
    assert data["days"] == [
        {"day": "2026-10-05", "slips": 2, "saves": 1, "weighted_slips": 5,
         "weighted_saves": 2, "clean": False},
        {"day": "2026-10-06", "slips": 0, "saves": 0, "weighted_slips": 0,
         "weighted_saves": 0, "clean": True},
        {"day": "2026-10-07", "slips": 1, "saves": 0, "weighted_slips": 1,
         "weighted_saves": 0, "clean": False},
    ]  # fmt: skip


def test_the_html_summary_draws_the_year(run: Runner, added: Adder, tmp_path: Path) -> None:
    _journal(run, added)
    out = tmp_path / "q4.html"
    assert run("export", "--quarter", "this", "-o", str(out)).code == 0
    page = out.read_text()
    svg = re.search(r'<svg class="chart year".*?</svg>', page, re.S)
    assert svg is not None
    drawn = svg.group(0)
    # A year of days up to today (Nov 22): 365 cells; those with something named in words.
    squares = re.findall(r'<rect x="\d+" y="(\d+)" width="9" height="9"', drawn)
    assert len([y for y in squares if int(y) < 30 + 7 * 11]) == 365  # not the legend's
    assert "<title>2026-10-05: 2 slips (weight 5), 1 save (weight 2)</title>" in drawn
    assert "<title>2026-10-06: checked in clean</title>" in drawn
    assert "<title>2026-10-07: 1 slip (weight 1)</title>" in drawn
    assert "2026-10-08" not in drawn
    assert drawn.count("<circle") == 2  # the clean day, and the legend's
    for quarter in ("26-Q1", "26-Q2", "26-Q3", "26-Q4"):
        assert f">{quarter}</text>" in drawn
    assert "<title>closing weeks 2026-09-10 to 2026-09-30</title>" in drawn
    assert (
        "From 2025-11-23 to 2026-11-22: 2 days with slips, 0 days with only saves, 1 clean"
        " check-in; 0 of 3 slips in the closing three weeks of a quarter."
    ) in " ".join(page.split())


def test_fiscal_quarters_are_drawn_dashed(
    run: Runner, added: Adder, tmp_path: Path, home: Path
) -> None:
    (home / "config.toml").write_text("fiscal_year_start_month = 2\n")
    added("x", "--date", "2026-10-05")
    out = tmp_path / "fy.html"
    assert run("export", "--quarter", "this", "-o", str(out)).code == 0
    drawn = re.search(r'<svg class="chart year".*?</svg>', out.read_text(), re.S)
    assert drawn is not None
    assert 'stroke-dasharray="3 2"' in drawn.group(0)
    assert ">FY27-Q1</text>" in drawn.group(0)  # February 2026 opens the fiscal year 2027


def test_the_markdown_summary_says_the_year_in_words(
    run: Runner, added: Adder, tmp_path: Path
) -> None:
    _journal(run, added)
    out = tmp_path / "q4.md"
    assert run("export", "--quarter", "this", "-o", str(out)).code == 0
    text = " ".join(out.read_text().split())
    assert "The year at a glance" in text
    assert "2 days with slips, 0 days with only saves, 1 clean check-in" in text
