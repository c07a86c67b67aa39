"""The coach bundle: the analytics' figures for a quarter and the ones before it, and not one
word of the person's entries, customers, notes or private names."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.periods import CALENDAR_YEAR, Period, parse_quarter
from journal.records import EntryFields
from journal.services import entries, follow_ups, triggers
from journal.services.analytics.queries import patterns_for
from journal.services.coach_bundle import BundleOptions, build_bundle, follow_up_counts
from journal.services.reviews import PlannedCommitment, ReviewInput, save_review
from tests.conftest import Opener, Runner

TODAY = date(2026, 11, 22)
Q3 = parse_quarter("2026-Q3", today=TODAY)

pytestmark = pytest.mark.journal_kinds


def bundle_of(conn: sqlite3.Connection, **options: Any) -> dict[str, Any]:
    return build_bundle(
        conn,
        BundleOptions(options.pop("label", "Sam"), options.pop("quarter", Q3), **options),
        today=TODAY,
        calendar=CALENDAR_YEAR,
        private_names=("Dana Reyes",),
    )


def _add(conn: sqlite3.Connection, day: date, kind: str = "slip", **fields: Any) -> int:
    return entries.add(
        conn,
        EntryFields(situation=fields.pop("situation", "Pushed it"), kind=kind, occurred_on=day,
                    **fields),
        today=TODAY,
    )  # fmt: skip


def test_the_bundle_holds_the_analytics_figures_of_each_quarter(
    tmp_path: Path, open_kind: Opener
) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    _add(conn, date(2026, 1, 10), triggers=("quota-behind",), severity=4)
    for day in (date(2026, 9, 20), date(2026, 9, 25), date(2026, 8, 3)):
        _add(conn, day, triggers=("quota-behind", "look-good"), severity=3)
    _add(conn, date(2026, 8, 4), "save", triggers=("quota-behind",))
    bundle = bundle_of(conn)
    assert bundle["format"] == "journal-coach-bundle" and bundle["version"] == 1
    assert bundle["client"] == "Sam" and bundle["quarter"] == "2026-Q3"
    # From the first quarter with an entry to the bundle's quarter, oldest first.
    assert [q["quarter"] for q in bundle["quarters"]] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    last = bundle["quarters"][-1]
    expected = patterns_for(conn, Period.of_quarter(Q3), today=TODAY).to_json()
    assert last["slips"] == expected["headline"]["slips"] == 3
    assert last["saves"] == 1
    assert last["weighted_slips"] == 9
    assert last["save_rate"] == expected["headline"]["save_rate"]
    assert last["crunch"] == expected["crunch"]
    assert last["crunch"]["crunch_slips"] == 2
    assert last["week_of_quarter"] == expected["week_of_quarter"]
    assert last["control"] == expected["control"]
    assert [(t["trigger"], t["slips"], t["builtin"]) for t in last["triggers"]] == [
        ("quota-behind", 3, True),
        ("look-good", 3, True),
    ]
    assert last["change_against_previous"]["slips"] == 3
    assert last["change_against_previous"]["against_slips"] == 0
    assert bundle["quarters"][0]["slips"] == 1
    assert bundle["review"] is None


def test_eight_quarters_at_most(tmp_path: Path, open_kind: Opener) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    _add(conn, date(2022, 5, 1))
    labels = [q["quarter"] for q in bundle_of(conn)["quarters"]]
    assert labels == [
        "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
    ]  # fmt: skip


def test_commitments_with_judgements_and_plans_only_when_asked(
    tmp_path: Path, open_kind: Opener
) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    _add(conn, date(2026, 5, 1), triggers=("quota-behind",))
    save_review(
        conn,
        parse_quarter("2026-Q2", today=TODAY),
        ReviewInput(
            reflection="Northwind again; Dana Reyes pushed.",
            commitments=[PlannedCommitment("quota-behind", "call Northwind first")],
        ),
        today=date(2026, 6, 25),
        calendar=CALENDAR_YEAR,
    )
    _add(conn, date(2026, 7, 8), triggers=("quota-behind",), customer="Northwind")
    save_review(
        conn,
        Q3,
        ReviewInput(reflection="Better with Northwind.", outcomes={1: "kept"}),
        today=date(2026, 10, 3),
        calendar=CALENDAR_YEAR,
    )
    plain = bundle_of(conn)
    [commitment] = plain["commitments"]
    assert commitment["trigger"] == "quota-behind" and commitment["quarter"] == "2026-Q3"
    assert commitment["outcome"] == "kept"
    assert "plan" not in commitment and plain["review"] is None
    assert "Northwind" not in json.dumps(plain)
    told = bundle_of(conn, with_reflection=True)
    assert told["commitments"][0]["plan"] == "call Customer A first"
    assert told["review"]["reflection"] == "Better with Customer A."
    assert "Dana" not in json.dumps(told) and "Northwind" not in json.dumps(told)


def test_own_trigger_names_are_redacted_and_built_in_ids_kept(
    tmp_path: Path, open_kind: Opener
) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    triggers.add_trigger(
        conn, "northwind-renewal", category="Mine", description="Northwind", name="Northwind deal"
    )
    _add(conn, date(2026, 8, 1), triggers=("northwind-renewal", "quota-behind"),
         customer="Northwind Logistics")  # fmt: skip
    text = json.dumps(bundle_of(conn))
    assert "northwind" not in text.lower()
    found = {t["trigger"]: t for t in bundle_of(conn)["quarters"][-1]["triggers"]}
    assert found["customer-a-renewal"]["name"] == "Customer A deal"
    assert found["customer-a-renewal"]["builtin"] is False
    assert found["quota-behind"]["name"] == "Sales quota behind"


def test_follow_ups_open_due_and_closed(tmp_path: Path, open_kind: Opener) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    _add(conn, date(2026, 11, 1), follow_up_on=TODAY + timedelta(days=7))
    _add(conn, date(2026, 11, 2), follow_up_on=TODAY)
    closed = _add(conn, date(2026, 11, 3), follow_up_on=date(2026, 11, 10))
    follow_ups.close(conn, closed, note="They renewed", recovery="recovered", today=TODAY)
    # A follow-up cleared without saying what happened is neither open nor closed.
    cleared = _add(conn, date(2026, 11, 3), follow_up_on=date(2026, 11, 10))
    entries.update(conn, cleared, EntryFields(), today=TODAY, clear=frozenset({"follow_up_on"}))
    # Moved to another day is still open; never having had one is not closed.
    moved = _add(conn, date(2026, 11, 4), follow_up_on=date(2026, 11, 5))
    entries.update(conn, moved, EntryFields(follow_up_on=date(2026, 12, 5)), today=TODAY)
    _add(conn, date(2026, 11, 5))
    assert follow_up_counts(conn, today=TODAY) == {"open": 3, "due": 1, "closed": 1}
    assert bundle_of(conn)["follow_ups"] == {"open": 3, "due": 1, "closed": 1}


# --- no word of the person's reaches a bundle -------------------------------------------------

# Words no bundle key or fixed label holds (every one starts "zq"), as names and free text.
_secret = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=9).map(
    lambda tail: "zq" + tail
)
_phrase = st.lists(_secret, min_size=1, max_size=3).map(" ".join)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    made=st.lists(
        st.tuples(_phrase, _phrase, _phrase, st.integers(0, 200), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    private=_phrase,
)
def test_no_entry_text_customer_or_private_name_reaches_a_bundle(
    tmp_path_factory: pytest.TempPathFactory,
    made: list[tuple[str, str, str, int, bool]],
    private: str,
) -> None:
    conn = open_journal(tmp_path_factory.mktemp("j") / "j.sqlite")
    secrets = set(private.split())
    customer_words = {word for _, customer, _, _, _ in made for word in customer.split()}
    own = f"{next(iter(customer_words))}-push"
    triggers.add_trigger(conn, own, category="Mine", description=private, name=private)
    for situation, customer, note, days_ago, save in made:
        entry_id = _add(
            conn,
            TODAY - timedelta(days=days_ago),
            "save" if save else "slip",
            situation=f"{situation} with {private}",
            customer=customer,
            impact=situation,
            next_time=note,
            triggers=(own, "quota-behind"),
            follow_up_on=TODAY,
        )
        entries.add_note(conn, entry_id, f"{note} {customer}")
        secrets |= set(situation.split()) | set(note.split()) | set(customer.split())
    save_review(
        conn,
        Q3,
        ReviewInput(
            reflection=f"{private} and {made[0][1]}",
            commitments=[PlannedCommitment(own, made[0][0])],
        ),
        today=date(2026, 9, 1),
        calendar=CALENDAR_YEAR,
    )
    for with_reflection in (False, True):
        bundle = build_bundle(
            conn,
            BundleOptions("Client", parse_quarter("2026-Q4", today=TODAY), with_reflection),
            today=TODAY,
            calendar=CALENDAR_YEAR,
            private_names=(private,),
        )
        text = json.dumps(bundle, ensure_ascii=False).lower()
        found = set(re.findall(r"zq[a-z]*", text))
        # Words of a situation or note are never in a bundle, not even redacted: only the
        # plan and the reflection (asked for) carry words, and their names are hidden.
        words_allowed = set(made[0][0].split()) if with_reflection else set()
        leaked = sorted(found & (secrets - words_allowed - customer_words - set(private.split())))
        assert leaked == []
        assert sorted(found & (customer_words | set(private.split()))) == []
    conn.close()


# --- the command --------------------------------------------------------------------------


def test_export_coach_writes_a_private_bundle(run: Runner, added: Any, tmp_path: Path) -> None:
    added("Pushed Northwind", "-t", "quota-behind", "--customer", "Northwind", "--date",
          "2026-11-02")  # fmt: skip
    target = tmp_path / "sam.json"
    result = run("export", "--format", "coach", "--as", "Sam, AE EMEA", "-o", str(target))
    assert result.code == 0, result.err
    assert "coach bundle for 2026-Q4 (Sam, AE EMEA)" in result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = json.loads(target.read_text())
    assert bundle["client"] == "Sam, AE EMEA" and bundle["quarter"] == "2026-Q4"
    assert "Northwind" not in target.read_text()
    # Not over a file it did not make, unless told.
    again = run("export", "--format", "coach", "--as", "Sam", "-o", str(target))
    assert again.code == 2 and "--force" in again.err


def test_the_label_comes_from_the_setting(run: Runner, home: Path) -> None:
    (home / "config.toml").write_text('coach_label = "Sam  (EMEA)"\n')
    result = run("export", "--format", "coach", "--quarter", "2026-Q3")
    assert result.code == 0, result.err
    assert json.loads(result.out)["client"] == "Sam (EMEA)"
    assert json.loads(result.out)["quarter"] == "2026-Q3"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "coach"), "--as"),
        (("--format", "coach", "--as", " "), "--as"),
        (("--format", "coach", "--as", "x" * 81), "80 characters"),
        (("--format", "coach", "--as", "S", "--redact"), "does not apply"),
        (("--format", "coach", "--as", "S", "--from", "2026-01-01"), "does not apply"),
        (("--format", "coach", "--as", "S", "--quarter", "2026-Q9"), "Q9"),
        (("--format", "coach", "--as", "S", "--quarter", "2027-Q1"), "has not started yet"),
        (("--format", "md", "--as", "S"), "--format coach"),
        (("--format", "json", "--with-reflection"), "--format coach"),
    ],
)
def test_bad_coach_options_get_one_line(
    run: Runner, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    result = run("export", *args, "-o", str(tmp_path / "out.json"))
    assert result.code == 2
    assert said in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out.json").exists()
