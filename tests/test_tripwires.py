"""Tripwires, tested against a journal worked out by hand.

Today is Wednesday 2026-11-18, in week 8 of 2026-Q4 (calendar quarters, weeks from Monday;
week 1 of a quarter holds its first day). The history is the four quarters before:
2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3. Their weeks 8 and 9:

    2025-Q4 (Oct 1 a Wed): week 8 Nov 17-23, week 9 Nov 24-30
    2026-Q1 (Jan 1 a Thu): week 8 Feb 16-22, week 9 Feb 23-Mar 1
    2026-Q2 (Apr 1 a Wed): week 8 May 18-24, week 9 May 25-31
    2026-Q3 (Jul 1 a Wed): week 8 Aug 17-23, week 9 Aug 24-30

- quota-behind: slips Nov 18 2025, May 20, Aug 18 (week 8 three times), Jul 10 and Jan 20:
  3 of 5 in week 8; 3 >= 3 and 3 x 13 >= 2 x 5, so week 8 is a window. A slip in Aug 2025
  (before the four quarters) and one on Nov 17 2026 (this quarter) are not counted.
- look-good: slips Nov 26 2025, May 27, Aug 26 (week 9 three times) and 16 in other weeks
  (no week more than twice): 3 of 19 in week 9, and 3 x 13 = 39 >= 2 x 19 = 38: a window.
  With a 17th elsewhere, 39 < 40: not one.
- over-promised: slips Aug 25 and Feb 24 (week 9 twice): fewer than three, no window; a save
  on May 26 and a slip in the trash on Nov 25 2025 (both week 9) do not count.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Adder, Runner

TODAY = "2026-11-18"
QUOTA = ["2025-11-18", "2026-05-20", "2026-08-18", "2026-07-10", "2026-01-20"]
LOOK_GOOD = ["2025-11-26", "2026-05-27", "2026-08-26"]
LOOK_GOOD_ELSEWHERE = [
    "2025-10-02", "2025-10-07", "2025-10-14", "2025-10-21",
    "2026-01-28", "2026-02-03", "2026-02-10", "2026-03-03",
    "2026-06-09", "2026-06-16", "2026-06-23", "2026-04-02",
    "2026-07-07", "2026-07-14", "2026-07-21", "2026-07-28",
]  # fmt: skip
PLAN = "ask what they need before I quote"


@pytest.fixture
def journal(run: Runner, added: Adder, monkeypatch: pytest.MonkeyPatch) -> None:
    for day in QUOTA:
        added("Quota slip", "--date", day, "-t", "quota-behind")
    added("Too old to count", "--date", "2025-08-19", "-t", "quota-behind")
    for day in LOOK_GOOD + LOOK_GOOD_ELSEWHERE:
        added("Looked good", "--date", day, "-t", "look-good")
    for day in ("2026-08-25", "2026-02-24"):
        added("Promised", "--date", day, "-t", "over-promised")
    added("Held the line", "--date", "2026-05-26", "--kind", "save", "-t", "over-promised")
    trashed = added("Promised, then deleted", "--date", "2025-11-25", "-t", "over-promised")
    assert run("delete", str(trashed)).code == 0
    monkeypatch.setenv("JOURNAL_TODAY", "2026-10-01")
    assert run("review", "2026-Q3", "--commit", f"quota-behind={PLAN}").code == 0
    monkeypatch.setenv("JOURNAL_TODAY", TODAY)
    added("This quarter", "--date", "2026-11-17", "-t", "quota-behind")
    monkeypatch.setenv("JOURNAL_TIME", "09:00")


def test_risk_windows_from_history(run: Runner, journal: None) -> None:
    data = json.loads(run("tripwires", "--json").out)
    assert data["risk_windows"] == [
        {"trigger": "quota-behind", "week_of_quarter": 8, "slips": 3, "of": 5, "quarters": 4},
        {"trigger": "look-good", "week_of_quarter": 9, "slips": 3, "of": 19, "quarters": 4},
    ]
    text = run("tripwires").out
    assert "  week  8  Sales quota behind: 3 of 5 slips" in text
    assert "  week  9  Looking good to the boss: 3 of 19 slips" in text


def test_a_week_needs_twice_an_even_spread(run: Runner, added: Adder, journal: None) -> None:
    added("One more elsewhere", "--date", "2026-08-04", "-t", "look-good")
    windows = json.loads(run("tripwires", "--json").out)["risk_windows"]
    assert [w["trigger"] for w in windows] == ["quota-behind"]


def test_the_status_line_names_the_commitment_or_suggests_one(run: Runner, journal: None) -> None:
    assert run("status").out == (
        "Sales quota behind bunches this week (week 8: 3 of 5 slips in 4 quarters):"
        f" if it shows up, I will {PLAN}"
        " · 1 more window open (journal tripwires)\n"
    )
    # Without a commitment, the prompt says so shortly; the app and `tripwires` suggest one.
    windows = run("tripwires").out
    assert (
        "Looking good to the boss bunches next week (week 9: 3 of 19 slips in 4 quarters):"
        " no commitment on it yet, make one at the next review" in windows
    )


def test_key_dates_open_a_window_two_weeks_ahead(
    run: Runner, journal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("dates", "add", "2026-11-30", "annual review", "-t", "review-coming").code == 0
    assert run("dates", "add", "2026-12-20", "quota deadline").code == 0
    assert run("dates", "list").out == (
        "   1  2026-11-30  annual review  (Performance review coming)\n"
        "   2  2026-12-20  quota deadline\n"
    )
    line = run("status").out
    assert line == (
        "annual review in 12 days: no commitment yet · 2 more windows open (journal tripwires)\n"
    )
    monkeypatch.setenv("JOURNAL_TODAY", "2026-12-08")  # week 11: history says nothing
    assert run("status").out == "quota deadline in 12 days\n"
    assert run("dates", "remove", "2").code == 0
    assert json.loads(run("dates", "list", "--all", "--json").out) == [
        {"id": 1, "day": "2026-11-30", "label": "annual review", "trigger": "review-coming"}
    ]
    monkeypatch.setenv("JOURNAL_TODAY", "2026-12-01")
    assert run("dates").out == "" or "No key dates ahead" in run("dates").out
    assert "2026-11-30" in run("dates", "list", "--all").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dates", "add", "yesterday", "x"], "is past; a key date must be today or later"),
        (["dates", "add", "2027-01-01", "  "], 'say what the date is, such as "annual review"'),
        (["dates", "add", "2027-01-01", "x", "-t", "no-such"], "no-such"),
        (["dates", "add", "someday", "x"], "could not read the date"),
        (["dates", "remove", "7"], "there is no key date 7"),
    ],
)
def test_bad_key_dates_write_nothing(
    run: Runner, added: Adder, args: list[str], message: str
) -> None:
    added("x")
    result = run(*args)
    assert result.code == 2, result.out
    assert message in result.err and result.err.count("\n") == 1
    assert json.loads(run("dates", "list", "--all", "--json").out) == []


def test_the_weeks_are_the_ones_worked_out_by_hand() -> None:
    from journal.spans import quarter_span, week_spans

    weeks = week_spans(quarter_span(date(2026, 1, 15)))
    assert weeks[1] == (date(2026, 1, 1), date(2026, 1, 4))
    assert weeks[8] == (date(2026, 2, 16), date(2026, 2, 22))
    assert weeks[9] == (date(2026, 2, 23), date(2026, 3, 1))
    assert weeks[14] == (date(2026, 3, 30), date(2026, 3, 31))


def test_each_entrys_triggers_carry_its_day_kind_and_liveness(
    run: Runner, added: Adder, db_path: Path
) -> None:
    """The copy the status line counts from follows every change of the entry."""
    from tests.journal_files import sql

    entry = added("x", "--date", "2026-11-01", "-t", "quota-behind", "-t", "look-good")

    def copies() -> list[tuple[object, ...]]:
        return sql(
            db_path,
            "SELECT trigger_id, occurred_on, kind, live FROM entry_triggers WHERE entry_id = ?"
            " ORDER BY trigger_id",
            entry,
        )

    assert copies() == [
        ("look-good", "2026-11-01", "slip", 1),
        ("quota-behind", "2026-11-01", "slip", 1),
    ]
    assert run("edit", str(entry), "--date", "2026-11-02", "--kind", "save").code == 0
    assert copies() == [
        ("look-good", "2026-11-02", "save", 1),
        ("quota-behind", "2026-11-02", "save", 1),
    ]
    assert run("edit", str(entry), "-t", "over-promised").code == 0
    assert copies() == [("over-promised", "2026-11-02", "save", 1)]
    assert run("delete", str(entry)).code == 0
    assert copies() == [("over-promised", "2026-11-02", "save", 0)]
    assert run("restore", str(entry)).code == 0
    assert copies() == [("over-promised", "2026-11-02", "save", 1)]
