"""`journal review` and `journal patterns` from the shell, on the demo journal and on journals
made by earlier versions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from journal.cipher import file_state
from tests.conftest import Runner, snapshot
from tests.journal_files import as_kind, open_db

FIXTURES = Path(__file__).parent / "fixtures"

# Every test that makes a journal runs on a plain one and on an encrypted one.
pytestmark = pytest.mark.journal_kinds


@pytest.fixture
def demo(run: Runner, home: Path, journal_kind: str) -> Path:
    """The demo journal as `journal demo` writes it for 2026-11-22 (then encrypted, on an
    encrypted run)."""
    path = home / "demo.sqlite"
    result = run("demo", "--db", str(path))
    assert result.code == 0, result.err
    return as_kind(path, journal_kind)


def review_json(run: Runner, db: Path, *args: str) -> dict[str, Any]:
    result = run("--db", str(db), "review", *args, "--json")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_the_demo_review_finds_end_of_quarter_bunching(run: Runner, demo: Path) -> None:
    # The demo bunches slips in the last weeks of every quarter it covers whole.
    for label in ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"):
        crunch = review_json(run, demo, label)["glance"]["crunch"]
        assert crunch["bunching"] is True, (label, crunch)
        assert crunch["share"]["rate"] > 1.5 * crunch["expected_share"]
        weeks = review_json(run, demo, label)["glance"]["week_of_quarter"]
        closing = sum(week["slips"] for week in weeks[-4:])
        opening = sum(week["slips"] for week in weeks[:4])
        assert closing > opening, (label, weeks)
    # The running quarter has not reached its crunch: no claim either way.
    running = review_json(run, demo, "2026-Q4")
    assert running["running"] is True
    assert running["glance"]["crunch"]["bunching"] is None


def test_the_demo_review_finds_the_commitment_that_worked(run: Runner, demo: Path) -> None:
    review = review_json(run, demo, "2026-Q1")
    judged = {c["trigger"]: c for c in review["last_quarter_commitments"]}
    worked = judged["quota-behind"]
    assert worked["outcome"] == "kept"
    assert worked["trend"] == "fewer"
    assert worked["after"]["slips_per_week"] < worked["before"]["slips_per_week"]
    assert worked["after"]["save_rate"]["rate"] > worked["before"]["save_rate"]["rate"]
    assert worked["followed"]["enough_data"] and worked["followed"]["rate"] > 0.5
    assert judged["billable-cap"]["outcome"] == "broken"
    continue_prompt = next(p for p in review["prompts"] if p["kind"] == "continue")
    assert continue_prompt["trigger"] == "quota-behind"
    assert "ask what the customer needs" in continue_prompt["text"]


def test_every_figure_carries_its_counts(run: Runner, demo: Path) -> None:
    review = review_json(run, demo, "2026-Q3")
    glance = review["glance"]
    conn = open_db(demo)
    slips, saves = conn.execute(
        "SELECT count(*) FILTER (WHERE kind = 'slip'), count(*) FILTER (WHERE kind = 'save')"
        " FROM entries WHERE deleted_at IS NULL AND occurred_on BETWEEN '2026-07-01' AND"
        " '2026-09-30'"
    ).fetchone()
    assert (glance["headline"]["slips"], glance["headline"]["saves"]) == (slips, saves)
    assert glance["headline"]["save_rate"] == {
        "part": saves,
        "whole": slips + saves,
        "rate": round(saves / (slips + saves), 4),
        "enough_data": True,
    }
    for trigger in glance["triggers"]:
        rate = trigger["save_rate"]
        assert rate["whole"] == trigger["slips"] + trigger["saves"]
        assert (rate["rate"] is None) == (rate["whole"] < 3)
    assert sum(week["slips"] for week in glance["week_of_quarter"]) == slips
    assert sum(day["slips"] + day["saves"] for day in glance["weekdays"]) == slips + saves
    assert len(glance["quarters"]) == 8
    assert all(pair["entries"] >= 3 for pair in glance["trigger_pairs"])
    assert all(c["entries"] >= 3 for c in glance["recurring_customers"])
    assert [p["kind"] for p in review["prompts"]] == ["start", "stop", "continue"]


def test_writing_a_review_from_the_shell(run: Runner, demo: Path) -> None:
    result = run(
        "--db", str(demo), "review", "2026-Q4",
        "--reflection", "Looking good won twice before my review.",
        "--stop", "Dressing up the numbers",
        "--judge", "3=partly",
        "--commit", "review-coming=block customer time first",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Quarterly review: 2026-Q4" in result.out
    saved = review_json(run, demo, "2026-Q4")["saved"]
    assert saved["reflection"] == "Looking good won twice before my review."
    assert saved["stop"] == "Dressing up the numbers"
    assert [(c["trigger"], c["quarter"]) for c in saved["commitments"]] == [
        ("review-coming", "2027-Q1")
    ]
    conn = open_db(demo)
    assert conn.execute("SELECT outcome FROM commitments WHERE id = 3").fetchone()[0] == "partly"
    # Saving again changes only what is given and adds the new commitment.
    run("--db", str(demo), "review", "2026-Q4", "--commit", "quota-behind=ask first")
    again = review_json(run, demo, "2026-Q4")["saved"]
    assert again["stop"] == "Dressing up the numbers"
    assert [c["trigger"] for c in again["commitments"]] == ["review-coming", "quota-behind"]
    listed = json.loads(run("--db", str(demo), "review", "--list", "--json").out)
    assert [item["quarter"] for item in listed] == ["2026-Q4", "2026-Q3", "2025-Q4"]


def test_a_bad_review_writes_nothing(run: Runner, demo: Path) -> None:
    before = snapshot(demo)
    result = run("--db", str(demo), "review", "2026-Q4", "--reflection", "ok", "--judge", "1=kept")
    assert result.code == 2
    assert "was not made for 2026-Q4" in result.err
    assert snapshot(demo) == before


def test_the_default_quarter(run: Runner, demo: Path) -> None:
    # 2026-11-22 is 52 days into 2026-Q4: past the first month, so the running quarter.
    assert review_json(run, demo)["quarter"] == "2026-Q4"


def test_the_list_of_reviews_speaks_the_persons_calendar(
    run: Runner, demo: Path, home: Path
) -> None:
    """The demo's reviews were saved as calendar quarters; under an October fiscal year the
    list names them as that year does, with their months."""
    (home / "config.toml").write_text("fiscal_year_start_month = 10\n")
    out = run("--db", str(demo), "review", "--list").out
    assert "FY2026-Q4" in out and "Jul\u2013Sep 2026" in out
    assert "2026-Q3 " not in out
    (home / "config.toml").write_text("fiscal_year_start_month = 2\n")  # no quarter lines up
    assert "2026-Q3" in run("--db", str(demo), "review", "--list").out


def test_fiscal_quarters_in_the_review(run: Runner, demo: Path, home: Path) -> None:
    (home / "config.toml").write_text("fiscal_year_start_month = 10\n")
    review = review_json(run, demo, "FY2027-Q1")  # October to December 2026
    assert review["glance"]["period"]["start"] == "2026-10-01"
    assert review["glance"]["change_against_previous"]["against"]["period"]["label"] == (
        "FY2026-Q4"
    )
    assert review["commitments_are_for"] == "FY2027-Q2"
    patterns = json.loads(run("--db", str(demo), "patterns", "--quarter", "last", "--json").out)
    assert patterns["period"]["label"] == "FY2026-Q4"


def test_patterns_for_a_date_range(run: Runner, demo: Path) -> None:
    result = run("--db", str(demo), "patterns", "--from", "2026-01-01", "--to", "2026-06-30")
    assert result.code == 0, result.err
    assert "Patterns: 2026-01-01 to 2026-06-30" in result.out
    data = json.loads(
        run(
            "--db", str(demo), "patterns", "--from", "2026-01-01", "--to", "2026-06-30", "--json"
        ).out
    )
    q1 = review_json(run, demo, "2026-Q1")["glance"]["headline"]
    q2 = review_json(run, demo, "2026-Q2")["glance"]["headline"]
    assert data["headline"]["slips"] == q1["slips"] + q2["slips"]
    assert data["headline"]["saves"] == q1["saves"] + q2["saves"]


def test_piped_patterns_read_cleanly(run: Runner, demo: Path) -> None:
    """No label wraps into a row of its own, weeks still to come show a dot (not 0), and
    every minus sign is the same one."""
    out = run("--db", str(demo), "patterns").out  # 2026-Q4, running: today is 22 Nov
    assert "severity-weighted slips" in out
    assert not any(line.strip() == "slips" for line in out.splitlines())
    weeks = [line.split() for line in out.splitlines() if re.match(r"W\d+ ", line)]
    assert [week[0] for week in weeks] == [f"W{n}" for n in range(1, 15)]
    assert all(week[1] == "·" for week in weeks[8:]) and weeks[7][1] != "·"
    assert not re.search(r"(?<![\w-])-\d", out)  # a hyphen before a number: the wrong minus


def test_a_schema_2_journal_keeps_its_reviews(
    run: Runner, tmp_path: Path, journal_kind: str
) -> None:
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "journal-v2.sqlite", journal)
    as_kind(journal, journal_kind)
    review = review_json(run, journal, "2026-Q1")
    saved = review["saved"]
    assert saved["reflection"] == "Quota pressure won in the last two weeks — twice. «Ask first.»"
    assert saved["start"] == saved["stop"] == saved["continue"] == ""
    assert [
        (c["trigger"], c["plan"], c["outcome"], c["answers"]) for c in saved["commitments"]
    ] == [
        ("quota-behind", "ask what they need before I quote", "kept", 1),
        ("over-promised", "check with delivery before I promise a date", None, 0),
    ]
    due = review_json(run, journal, "2026-Q2")["last_quarter_commitments"]
    assert [c["id"] for c in due] == [1, 2]
    backups = list(tmp_path.glob("old.schema2-*.backup.sqlite"))
    assert len(backups) == 1
    assert file_state(backups[0]) == ("plain" if journal_kind == "plain" else "encrypted")
    backup = open_db(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
    assert backup.execute("SELECT count(*) FROM commitments").fetchone()[0] == 2


def test_answering_a_running_commitment_from_the_shell(run: Runner, demo: Path) -> None:
    # The demo's 2026-Q3 review made commitment 3 on look-good for 2026-Q4, still running.
    result = run("--db", str(demo), "add", "Showed the real numbers", "-t", "look-good",
                 "--kind", "save", "--followed", "yes")  # fmt: skip
    assert result.code == 0, result.err
    entry_id = int(result.out)
    conn = open_db(demo)
    rows = conn.execute(
        "SELECT commitment_id, followed FROM commitment_checks WHERE entry_id = ?", (entry_id,)
    ).fetchall()
    assert rows == [(3, "yes")]
    other = int(run("--db", str(demo), "add", "Dressed it up", "-t", "look-good").out)
    assert run("--db", str(demo), "edit", str(other), "--followed", "no").code == 0
    answer = conn.execute(
        "SELECT followed FROM commitment_checks WHERE entry_id = ? AND commitment_id = 3", (other,)
    ).fetchone()
    assert answer == ("no",)
    due = review_json(run, demo, "2026-Q4")["glance"]["commitments"]
    followed = next(c for c in due if c["id"] == 3)["followed"]
    assert (followed["yes"], followed["no"]) >= (1, 1)
