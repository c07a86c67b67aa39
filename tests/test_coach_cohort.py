"""The coach's cohort view: clients' journals written by hand, their bundles exported, and
every figure of `journal coach DIR --json` checked against counts worked out here."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal.cohort_text import COLUMNS, group_lines
from journal.db import open_journal
from journal.exporters.cohort_html import write_cohort_html
from journal.periods import CALENDAR_YEAR, parse_quarter
from journal.records import EntryFields
from journal.services import commitments, entries
from journal.services.cohort import cohort
from journal.services.reviews import PlannedCommitment, ReviewInput, save_review
from tests.conftest import Runner

TODAY = date(2026, 11, 22)
Q2 = parse_quarter("2026-Q2", today=TODAY)
Q3 = parse_quarter("2026-Q3", today=TODAY)
Q3_DAYS, CRUNCH_DAYS = 92, 21


def _slip(conn: sqlite3.Connection, day: str, trigger: str, **fields: Any) -> int:
    return entries.add(
        conn,
        EntryFields(
            situation=f"Pushed Northwind on {day}",
            kind=fields.pop("kind", "slip"),
            occurred_on=date.fromisoformat(day),
            triggers=(trigger,),
            customer="Northwind Logistics",
            **fields,
        ),
        today=TODAY,
    )


def _commit(conn: sqlite3.Connection, *triggers: str) -> list[int]:
    """Commitments for 2026-Q3, set in the review of 2026-Q2."""
    save_review(
        conn,
        Q2,
        ReviewInput(commitments=[PlannedCommitment(t, f"ask first ({t})") for t in triggers]),
        today=date(2026, 6, 28),
        calendar=CALENDAR_YEAR,
    )
    return [int(row[0]) for row in conn.execute("SELECT id FROM commitments ORDER BY id")]


def _judge(conn: sqlite3.Connection, outcomes: dict[int, str]) -> None:
    save_review(
        conn, Q3, ReviewInput(outcomes=dict(outcomes)), today=date(2026, 10, 2),
        calendar=CALENDAR_YEAR,
    )  # fmt: skip


def ann(path: Path) -> Path:
    """Fewer slips than last quarter (4 → 3): improved; a kept commitment."""
    conn = open_journal(path)
    for day in ("2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"):
        _slip(conn, day, "quota-behind")
    [quota] = _commit(conn, "quota-behind")
    _slip(conn, "2026-07-10", "quota-behind", severity=2)
    followed = _slip(conn, "2026-09-15", "quota-behind", severity=4)
    commitments.record_checks(conn, followed, {quota: "yes"})
    _slip(conn, "2026-08-01", "quota-behind", kind="save")
    _slip(conn, "2026-10-05", "look-good", follow_up_on=date(2026, 12, 1))
    _judge(conn, {quota: "kept"})
    conn.close()
    return path


def ann_last_slip(path: Path) -> None:
    conn = open_journal(path)
    _slip(conn, "2026-09-20", "look-good")  # no severity: weighs 1
    conn.close()


def bo(path: Path) -> Path:
    """More slips (5 → 7): worsened; two commitments, one broken, one partly kept."""
    conn = open_journal(path)
    for day in range(10, 15):
        _slip(conn, f"2026-04-{day}", "look-good")
    look, quota = _commit(conn, "look-good", "quota-behind")
    for day in range(1, 6):
        _slip(conn, f"2026-07-0{day}", "look-good", severity=3)
    for slip_day in ("2026-09-25", "2026-09-26"):
        _slip(conn, slip_day, "quota-behind", severity=5, follow_up_on=date(2026, 12, 10))
    _judge(conn, {look: "broken", quota: "partly"})
    conn.close()
    return path


def cy(path: Path) -> Path:
    """Two slips the quarter before: too few to call a change; slips bunch at the close."""
    conn = open_journal(path)
    _slip(conn, "2026-06-01", "quota-behind")
    _slip(conn, "2026-06-02", "quota-behind")
    for day in range(11, 15):
        _slip(conn, f"2026-09-{day}", "quota-behind", severity=1)
    _slip(conn, "2026-08-10", "look-good", kind="save")
    _slip(conn, "2026-08-11", "look-good", kind="save")
    conn.close()
    return path


def dee(path: Path) -> Path:
    """A bundle for another quarter: shown, not counted in the group."""
    conn = open_journal(path)
    for day in ("2026-04-01", "2026-04-02", "2026-04-03"):
        _slip(conn, day, "billable-cap")
    conn.close()
    return path


def export(run: Runner, journal: Path, target: Path, label: str, *extra: str) -> dict[str, Any]:
    result = run(
        "--db", str(journal), "export", "--format", "coach", "--as", label, "-o", str(target),
        *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(target.read_text())
    return data


def keygen(run: Runner, *args: str) -> str:
    result = run("coach", "keygen", *args)
    assert result.code == 0, result.err
    public = result.out.strip()
    assert public.startswith("age1") and len(result.out.splitlines()) == 1
    return public


@pytest.fixture
def folder(run: Runner, tmp_path: Path) -> Path:
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    journals = tmp_path / "journals"
    journals.mkdir()
    coach_key = keygen(run)  # in the default place: the cohort view finds it there
    other_key = keygen(run, "--identity", str(tmp_path / "another-coach.txt"))
    # Ann's first bundle, a week before her last slip was written: the newer one wins.
    ann_journal = ann(journals / "ann.sqlite")
    old = export(run, ann_journal, bundles / "ann-old.json", "Ann", "--quarter", "2026-Q3")
    old["exported_at"] = "2026-10-01T09:00:00+02:00"
    (bundles / "ann-old.json").write_text(json.dumps(old))
    ann_last_slip(ann_journal)
    export(run, ann_journal, bundles / "ann.json", "Ann", "--quarter", "2026-Q3")
    bo_journal = bo(journals / "bo.sqlite")
    export(run, bo_journal, bundles / "bo.json", "Bo", "--quarter", "2026-Q3")
    export(run, bo_journal, bundles / "bo-q2.json", "bo", "--quarter", "2026-Q2")
    cy_journal = cy(journals / "cy.sqlite")
    cy_plain = export(run, cy_journal, tmp_path / "cy.json", "Cy", "--quarter", "2026-Q3")
    sealed = run(
        "--db", str(cy_journal), "export", "--format", "coach", "--as", "Cy", "--quarter",
        "2026-Q3", "--recipient", coach_key, "-o", str(bundles / "cy.json.age"),
    )  # fmt: skip
    assert sealed.code == 0 and "encrypted to your coach's key" in sealed.err
    assert (bundles / "cy.json.age").read_bytes().startswith(b"age-encryption.org/v1")
    assert b"journal-coach-bundle" not in (bundles / "cy.json.age").read_bytes()
    for name, key in (("other-key.age", other_key), ("cut.age", coach_key)):
        result = run(
            "--db", str(bo_journal), "export", "--format", "coach", "--as", "Bo",
            "--quarter", "2026-Q3", "--recipient", key, "-o", str(tmp_path / name),
        )  # fmt: skip
        assert result.code == 0, result.err
    (bundles / "other-key.age").write_bytes((tmp_path / "other-key.age").read_bytes())
    cut = (tmp_path / "cut.age").read_bytes()
    (bundles / "cut.age").write_bytes(cut[: len(cut) - 40])
    export(run, dee(journals / "dee.sqlite"), bundles / "dee.json", "Dee", "--quarter", "2026-Q2")
    # What is not a bundle, or not one this journal can read.
    (bundles / "notes.txt").write_text("Call Ann on Monday\n")
    (bundles / ".hidden").write_text("not looked at")
    (bundles / "sub").mkdir()
    whole = run("--db", str(journals / "cy.sqlite"), "export", "--format", "json")
    (bundles / "journal.json").write_text(whole.out)
    future = dict(cy_plain)
    future["version"] = 2
    (bundles / "future.json").write_text(json.dumps(future))
    text = (bundles / "bo.json").read_text()
    (bundles / "cut.json").write_text(text[: len(text) // 2])
    damaged = json.loads(json.dumps(cy_plain))
    damaged["client"] = "Zed"
    del damaged["quarters"][0]["crunch"]
    (bundles / "damaged.json").write_text(json.dumps(damaged))
    return bundles


def cohort_json(run: Runner, folder: Path) -> dict[str, Any]:
    result = run("coach", str(folder), "--json")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def rate(part: int, whole: int) -> dict[str, Any]:
    enough = whole >= 3
    return {
        "part": part,
        "whole": whole,
        "rate": round(part / whole, 4) if enough else None,
        "enough_data": enough,
    }


def test_every_figure_of_the_cohort(run: Runner, folder: Path) -> None:
    data = cohort_json(run, folder)
    assert data["format"] == "journal-coach-cohort" and data["quarter"] == "2026-Q3"
    rows = {row["client"]: row for row in data["clients"]}
    assert list(rows) == ["Ann", "Bo", "Cy", "Dee"]

    a = rows["Ann"]
    assert a["file"] == "ann.json" and a["quarter"] == "2026-Q3" and a["running"] is False
    assert (a["slips"], a["saves"], a["weighted_slips"]) == (3, 1, 2 + 4 + 1)
    assert a["save_rate"] == rate(1, 4)
    assert a["change_against_previous"] == {
        "slips": 3 - 4, "previous_slips": 4, "slips_percent": -0.25, "trend": "improved",
    }  # fmt: skip
    assert a["crunch_share"] == rate(2, 3)  # 15 and 20 September: within 21 days of the close
    assert a["crunch_bunching"] is False  # two slips there: under three, no bunching claimed
    assert a["commitments"] == {
        "for_quarter": 1, "kept": 1, "partly": 0, "broken": 0, "not_judged": 0,
        "kept_rate": rate(1, 1), "followed": rate(1, 1),
    }  # fmt: skip
    assert (a["follow_ups_open"], a["follow_ups_due"]) == (1, 0)
    assert [(q["quarter"], q["slips"], q["saves"]) for q in a["quarters"]] == [
        ("2026-Q2", 4, 0), ("2026-Q3", 3, 1),
    ]  # fmt: skip

    b = rows["Bo"]
    assert (b["slips"], b["saves"], b["weighted_slips"]) == (7, 0, 5 * 3 + 2 * 5)
    assert b["save_rate"] == rate(0, 7)
    assert b["change_against_previous"] == {
        "slips": 2, "previous_slips": 5, "slips_percent": 0.4, "trend": "worsened",
    }  # fmt: skip
    assert b["crunch_share"] == rate(2, 7) and b["crunch_bunching"] is False
    assert b["commitments"] == {
        "for_quarter": 2, "kept": 0, "partly": 1, "broken": 1, "not_judged": 0,
        "kept_rate": rate(0, 2), "followed": rate(0, 0),
    }  # fmt: skip
    assert (b["follow_ups_open"], b["follow_ups_due"]) == (2, 0)

    c = rows["Cy"]
    assert c["file"] == "cy.json.age"  # decrypted with the coach's key
    assert (c["slips"], c["saves"], c["weighted_slips"]) == (4, 2, 4)
    assert c["save_rate"] == rate(2, 6)
    assert c["change_against_previous"] == {
        "slips": 2, "previous_slips": 2, "slips_percent": None, "trend": None,
    }  # fmt: skip
    assert c["crunch_share"] == rate(4, 4) and c["crunch_bunching"] is True
    assert c["commitments"]["for_quarter"] == 0 and c["follow_ups_open"] == 0

    d = rows["Dee"]
    assert (d["quarter"], d["slips"], d["saves"]) == ("2026-Q2", 3, 0)

    group = data["group"]
    assert group["clients"] == 3
    assert group["not_counted"] == [{"client": "Dee", "quarter": "2026-Q2"}]
    assert (group["slips"], group["saves"]) == (3 + 7 + 4, 1 + 0 + 2)
    assert group["save_rate"] == rate(3, 17)
    assert group["triggers"] == [
        {"trigger": "quota-behind", "name": "Sales quota behind", "clients": 3,
         "slips": 2 + 2 + 4, "saves": 1, "save_rate": rate(1, 9), "group_pattern": True},
        {"trigger": "look-good", "name": "Looking good to the boss", "clients": 2,
         "slips": 1 + 5, "saves": 2, "save_rate": rate(2, 8), "group_pattern": False},
    ]  # fmt: skip
    assert (group["improved"], group["worsened"]) == (["Ann"], ["Bo"])
    assert (group["same"], group["not_enough_data"]) == ([], ["Cy"])
    assert group["crunch"] == {
        **rate(2 + 2 + 4, 14),
        "expected_share": round(3 * CRUNCH_DAYS / (3 * Q3_DAYS), 4),
        "clients_bunching": 1,
        "clients_with_enough_data": 3,
    }
    assert group["commitments_kept"] == rate(1, 1 + 2)
    assert group["follow_ups_open"] == 1 + 2 + 0

    skipped = {item["file"]: item["reason"] for item in data["skipped"]}
    assert set(skipped) == {
        "ann-old.json", "bo-q2.json", "notes.txt", "journal.json", "future.json", "cut.json",
        "damaged.json", "other-key.age", "cut.age",
    }  # fmt: skip
    assert skipped["other-key.age"].startswith("encrypted to another key, not the one in")
    assert skipped["cut.age"] == "encrypted, but cut off or damaged: it does not decrypt whole"
    assert "older bundle of Ann for 2026-Q3: ann.json was exported later" in skipped["ann-old.json"]
    assert "bo.json is for the later 2026-Q3" in skipped["bo-q2.json"]
    assert skipped["notes.txt"].startswith("not a coach bundle")
    assert "'journal-export'" in skipped["journal.json"]
    assert "newer bundle version (2)" in skipped["future.json"]
    assert skipped["cut.json"].startswith("cut off")
    assert "crunch is missing" in skipped["damaged.json"]


def test_no_customer_or_entry_word_reaches_the_view(run: Runner, folder: Path) -> None:
    for name in folder.iterdir():
        if name.name.endswith(".json") and name.name != "journal.json":
            assert "Northwind" not in name.read_text()
    assert "Northwind" not in run("coach", str(folder), "--json").out


def test_the_text_view_lists_clients_group_and_skipped(run: Runner, folder: Path) -> None:
    result = run("coach", str(folder))
    assert result.code == 0, result.err
    assert "Ann" in result.out and "Most common triggers: Sales quota behind (3 of 3" in result.out
    assert "Improved: Ann." in result.out and "Worsened: Bo." in result.out
    assert "notes.txt: not a coach bundle" in result.out


def test_an_empty_folder_and_a_missing_one(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    data = cohort_json(run, tmp_path / "empty")
    assert data["clients"] == [] and data["skipped"] == [] and data["quarter"] is None
    missing = run("coach", str(tmp_path / "nope"), "--json")
    assert missing.code == 2 and "there is nothing at" in missing.err
    (tmp_path / "file").write_text("x")
    assert "not a folder" in run("coach", str(tmp_path / "file")).err


def test_without_the_key_encrypted_bundles_are_skipped_saying_why(
    run: Runner, folder: Path, home: Path, tmp_path: Path
) -> None:
    from journal.services.coach_keys import default_identity_path

    default = default_identity_path()
    assert str(default).startswith(str(home))
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert default.read_text().splitlines()[1].startswith("# public key: age1")
    # Another key given: the bundle encrypted to the coach's own key cannot be opened.
    data = json.loads(
        run("coach", str(folder), "--json", "--identity", str(tmp_path / "another-coach.txt")).out
    )
    skipped = {item["file"]: item["reason"] for item in data["skipped"]}
    assert skipped["cy.json.age"].startswith("encrypted to another key")
    # Opened now: it is Bo's bundle once more, and one of Bo's two for 2026-Q3 is kept.
    assert not skipped.get("other-key.age", "").startswith("encrypted")
    assert {row["client"] for row in data["clients"]} == {"Ann", "Bo", "Dee"}
    default.unlink()
    data = cohort_json(run, folder)
    skipped = {item["file"]: item["reason"] for item in data["skipped"]}
    assert "no identity to open it" in skipped["cy.json.age"]


def test_keygen_never_writes_over_a_key(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "key.txt"
    first = keygen(run, "--identity", str(target))
    again = run("coach", "keygen", "--identity", str(target))
    assert again.code == 2 and "already exists" in again.err and "--force" in again.err
    assert first in target.read_text()
    assert keygen(run, "--identity", str(target), "--force") != first


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("export", "--format", "coach", "--as", "S", "--recipient", "age1nope", "-o", "{o}"),
         "not an age public key"),
        (("export", "--format", "coach", "--as", "S", "--recipient", "age1nope"), "-o FILE"),
        (("export", "--format", "json", "--recipient", "age1nope", "-o", "{o}"), "coach"),
        (("coach", "{d}", "--identity", "{d}/missing.txt"), "there is no file"),
        (("coach", "{d}", "--identity", "{d}/notes.txt"), "holds no age secret key"),
        (("coach", "{d}", "--force"), "keygen"),
    ],
)  # fmt: skip
def test_bad_keys_get_one_line(
    run: Runner, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    filled = [
        a.replace("{o}", str(tmp_path / "out.age")).replace("{d}", str(tmp_path)) for a in args
    ]
    result = run(*filled)
    assert result.code == 2, result.err
    assert said in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out.age").exists()


def test_the_html_page_is_self_contained_with_each_clients_quarters(
    run: Runner, folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cohort.html"
    result = run("coach", str(folder), "--format", "html", "-o", str(target))
    assert result.code == 0, result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    fetched = page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, never fetched
    for outside in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert outside not in fetched
    assert "Northwind" not in page
    # The table, counts first.
    assert "<title>Coach view: 4 clients, 2026-Q3</title>" in page
    assert "25% (1 of 4)" in page and "100% (4 of 4)" in page
    assert "Improved: Ann." in page and "Worsened: Bo." in page
    # One small chart per client, every one on the same scale: Bo's 7 slips are the most.
    charts = re.findall(r'<svg class="chart".*?</svg>', page, re.S)
    assert len(charts) == 4
    for chart in charts:
        assert ">5</text>" in chart or ">8</text>" in chart  # the same axis ticks
    bo = next(chart for chart in charts if "Bo by quarter" in chart)
    counts = re.findall(r'data-label="([^"]+)" data-count="(\d+)"', bo)
    assert counts == [("26-Q2", "5"), ("26-Q2", "0"), ("26-Q3", "7"), ("26-Q3", "0")]
    assert "cut.json: cut off" in page
    again = run("coach", str(folder), "--format", "html", "-o", str(target))
    assert again.code == 2 and "--force" in again.err
    both = run("coach", str(folder), "--format", "html", "--json")
    assert both.code == 2 and "choose one" in both.err


# --- hostile and damaged bundles ----------------------------------------------------------------


@pytest.fixture(scope="module")
def one_bundle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from journal.services.coach_bundle import BundleOptions, build_bundle

    conn = open_journal(ann(tmp_path_factory.mktemp("one") / "ann.sqlite"))
    bundle = build_bundle(
        conn,
        BundleOptions("Ann", Q3, with_reflection=True),
        today=TODAY,
        calendar=CALENDAR_YEAR,
    )
    conn.close()
    return bundle


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=12)
    | st.sampled_from(["2026-Q3", "9999-Q4", "0001-01-01", "2026-02-30", "FY2027-Q1", "last"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
@example(data=None)  # the bundle as written: read whole
def test_a_damaged_bundle_is_skipped_never_a_crash(
    one_bundle: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, data: Any
) -> None:
    bundle = json.loads(json.dumps(one_bundle))
    if data is not None:
        for _ in range(data.draw(st.integers(1, 3))):
            paths = _paths(bundle)
            path = data.draw(st.sampled_from(paths))
            replacement = data.draw(_json_values)
            if not path:
                bundle = replacement
                break
            parent = bundle
            for key in path[:-1]:
                parent = parent[key]
            if data.draw(st.booleans()) and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = replacement
    folder = tmp_path_factory.mktemp("damaged")
    (folder / "b.json").write_text(json.dumps(bundle))
    found = cohort(folder)
    assert len(found.rows) + len(found.skipped) == 1
    # Whatever was read, every view of it can be made.
    json.dumps(found.to_json())
    write_cohort_html(io.StringIO(), found, written=datetime(2026, 11, 22, tzinfo=UTC))
    for row in found.rows:
        [column.cell(row) for column in COLUMNS]
        group_lines(found)
    if data is None:
        assert found.rows and found.rows[0].bundle.client == "Ann"


def test_a_client_name_is_shown_as_written_never_as_markup(
    run: Runner, one_bundle: dict[str, Any], tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps({**one_bundle, "client": "[bold]Mal[/] [@click=x]"})
    )
    (tmp_path / "b.json").write_text(json.dumps({**one_bundle, "client": "Evil\x1b[2J"}))
    result = run("coach", str(tmp_path))
    assert "[bold]Mal[/] [@click=x]" in result.out
    assert "\x1b" not in result.out
    assert "b.json: a damaged bundle: client holds a control character" in result.out


def test_an_unreadable_folder_is_one_line(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder its owner may not read (tests may run as root, who reads any: so say it).
    def refuse(self: Path) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    result = run("coach", str(tmp_path), "--json")
    assert result.code == 2
    assert "cannot read the folder" in result.err and "Permission denied" in result.err


def test_two_copies_of_one_bundle_show_one_and_say_so(
    run: Runner, one_bundle: dict[str, Any], tmp_path: Path
) -> None:
    for name in ("ann.json", "ann (copy).json"):
        (tmp_path / name).write_text(json.dumps(one_bundle))
    data = cohort_json(run, tmp_path)
    assert [row["file"] for row in data["clients"]] == ["ann (copy).json"]
    [skipped] = data["skipped"]
    assert skipped["file"] == "ann.json"
    assert skipped["reason"] == (
        "a second bundle of Ann for 2026-Q3, exported at the same moment as ann (copy).json,"
        " which is shown"
    )
