"""The cohort view's words: each column of the client table with its cell text and sort key,
and the group's figures as sentences. Shared by the CLI, the app and the HTML page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journal.sentences import (
    ABOUT_THE_SAME,
    group_crunch_text,
    percent_text,
    plural,
    rate_text,
    signed,
)
from journal.services.analytics.figures import Rate
from journal.services.cohort import ClientRow, Cohort, trend


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    cell: Callable[[ClientRow], str]
    sort: Callable[[ClientRow], tuple[float, str]]  # ascending; clients without data last
    numeric: bool = True


_LAST = float("inf")


def _name(row: ClientRow) -> str:
    return row.bundle.client.casefold()


def _by_rate(rate: Rate, row: ClientRow) -> tuple[float, str]:
    value = rate.value
    return (_LAST if value is None else value, _name(row))


def _change(row: ClientRow) -> str:
    change = row.figures.previous
    percent = change.slips_percent
    text = signed(change.slips)
    return f"{text} ({percent_text(percent)})" if percent is not None else text


def _change_key(row: ClientRow) -> tuple[float, str]:
    percent = row.figures.previous.slips_percent
    return (_LAST if percent is None else percent, _name(row))


def _quarter(row: ClientRow) -> str:
    label = row.bundle.quarter.label
    return f"{label}*" if row.figures.running else label


def _kept(row: ClientRow) -> str:
    due = row.due
    if not due:
        return "—"
    judged = row.kept
    if not judged.whole:
        return f"not judged ({len(due)})"
    return f"{judged.part} of {judged.whole}"


COLUMNS: tuple[Column, ...] = (
    Column("client", "client", lambda r: r.bundle.client, lambda r: (0, _name(r)), numeric=False),
    Column(
        "quarter",
        "quarter",
        _quarter,
        lambda r: (-r.bundle.quarter.end.toordinal(), _name(r)),
        numeric=False,
    ),
    Column("slips", "slips", lambda r: str(r.figures.headline.slips),
           lambda r: (r.figures.headline.slips, _name(r))),
    Column("saves", "saves", lambda r: str(r.figures.headline.saves),
           lambda r: (r.figures.headline.saves, _name(r))),
    Column("save_rate", "save rate", lambda r: rate_text(r.figures.headline.save_rate,
           form="short"), lambda r: _by_rate(r.figures.headline.save_rate, r)),
    Column("change", "vs before", _change, _change_key),
    Column("crunch", "crunch", lambda r: rate_text(r.figures.crunch.share, form="short"),
           lambda r: _by_rate(r.figures.crunch.share, r)),
    Column("kept", "kept", _kept, lambda r: _by_rate(r.kept, r)),
    Column("follow_ups", "follow-ups", lambda r: str(r.bundle.follow_ups_open),
           lambda r: (r.bundle.follow_ups_open, _name(r))),
)  # fmt: skip
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


def sorted_rows(rows: tuple[ClientRow, ...], key: str, *, reverse: bool = False) -> list[ClientRow]:
    column = next(c for c in COLUMNS if c.key == key)
    ordered = sorted(rows, key=column.sort)
    if reverse:  # still with the clients that have no figure last
        known = [row for row in ordered if column.sort(row)[0] != _LAST]
        return known[::-1] + [row for row in ordered if column.sort(row)[0] == _LAST]
    return ordered


TREND_WORDS = {"improved": "improved", "worsened": "worsened", "same": ABOUT_THE_SAME}


def trend_text(row: ClientRow) -> str:
    found = trend(row.figures)
    if found is None:
        before = row.figures.previous.against.slips
        return f"too few ({plural(before, 'slip')} the quarter before)"
    return TREND_WORDS[found]


def group_lines(found: Cohort, *, with_triggers: bool = True) -> list[str]:
    """The group's figures as sentences, counts first."""
    if found.quarter is None:
        return ["No bundles to show."]
    clients = len(found.in_group)
    lines = [
        f"{found.quarter.label}: {plural(clients, 'client')}, {plural(found.slips, 'slip')},"
        f" {plural(found.saves, 'save')}; save rate"
        f" {rate_text(Rate(found.saves, found.slips + found.saves))}.",
    ]
    if found.elsewhere:
        others = ", ".join(f"{r.bundle.client} ({r.bundle.quarter.label})" for r in found.elsewhere)
        lines.append(f"Not counted in the group (bundles for another quarter): {others}.")
    if clients < 3:
        lines.append("Fewer than three clients: no group pattern is claimed; the counts are shown.")
    shared = [t for t in found.triggers if t.clients]
    if shared and with_triggers:
        top = "; ".join(
            f"{t.name} ({t.clients} of {clients}, {plural(t.slips, 'slip')})"
            + ("" if t.shared else ", too few clients for a pattern")
            for t in shared[:5]
        )
        lines.append(f"Most common triggers: {top}.")
    for word, label in (("improved", "Improved"), ("worsened", "Worsened")):
        names = found.by_trend(word)
        lines.append(f"{label}: {', '.join(names) if names else 'none'}.")
    unknown = found.by_trend(None)
    if unknown:
        lines.append(f"Too few slips the quarter before to say: {', '.join(unknown)}.")
    bunching, said = found.bunching
    crunch = found.crunch
    lines.append(
        group_crunch_text(
            found.quarter.label, crunch, found.crunch_expected, bunching=bunching, said=said
        )
    )
    kept = found.kept
    if kept.whole:
        lines.append(
            f"Commitments for {found.quarter.label} kept: {rate_text(kept)} of those judged."
        )
    else:
        lines.append(f"Commitments for {found.quarter.label}: none judged yet.")
    return lines
