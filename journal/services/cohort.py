"""The coach's side: a folder of clients' bundles read into one view of the group.

Each bundle is read by `bundle_reading` into the analytics' own figure types. A file that
cannot be used (not a bundle, a newer version, cut off, encrypted to another key, an older
copy of a bundle also there) is listed as skipped with its reason, never a crash. Counts come
first, and no rate or group pattern is claimed from fewer than three cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.periods import Quarter
from journal.services.analytics.counts import rounded
from journal.services.analytics.figures import (
    MIN_CASES,
    TREND_MARGIN,
    CommitmentFigure,
    Patterns,
    Rate,
    TriggerFigure,
)
from journal.services.bundle_reading import (
    BundleProblem,
    ClientBundle,
    Decrypt,
    Review,
    Undecryptable,
    parse_bundle,
    read_bundle,
)
from journal.text import printable

__all__ = [
    "BundleProblem",
    "ClientBundle",
    "ClientRow",
    "Cohort",
    "Decrypt",
    "GroupTrigger",
    "Review",
    "Skipped",
    "Undecryptable",
    "cohort",
    "parse_bundle",
    "read_bundle",
    "read_folder",
    "trend",
]

COHORT_FORMAT = "journal-coach-cohort"
COHORT_VERSION = 1


# --- the folder ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    file: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "reason": self.reason}


def _key(client: str) -> str:
    return " ".join(client.casefold().split())


def read_folder(
    folder: Path, decrypt: Decrypt | None = None
) -> tuple[list[ClientBundle], list[Skipped]]:
    """Every bundle in `folder` (not its subfolders; hidden files are not looked at), one per
    client: the newest quarter, and of two for one quarter the one exported last."""
    bundles: list[ClientBundle] = []
    skipped: list[Skipped] = []
    try:
        paths = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        from journal.errors import JournalError
        from journal.files import shown

        raise JournalError(
            f"cannot read the folder {shown(folder)} ({error.strerror}); give one you can read"
        ) from error
    for path in paths:
        if path.name.startswith(".") or path.is_dir():
            continue
        try:
            bundles.append(read_bundle(path, decrypt))
        except BundleProblem as problem:
            skipped.append(Skipped(printable(path.name), str(problem)))
    chosen: dict[str, ClientBundle] = {}
    for bundle in sorted(bundles, key=_newest_first):
        key = _key(bundle.client)
        kept = chosen.get(key)
        if kept is None:
            chosen[key] = bundle
        elif kept.quarter == bundle.quarter and kept.exported_at == bundle.exported_at:
            skipped.append(
                Skipped(
                    bundle.file,
                    f"a second bundle of {bundle.client} for {bundle.quarter.label}, exported"
                    f" at the same moment as {kept.file}, which is shown",
                )
            )
        elif kept.quarter == bundle.quarter:
            skipped.append(
                Skipped(
                    bundle.file,
                    f"an older bundle of {bundle.client} for {bundle.quarter.label}: {kept.file}"
                    f" was exported later ({kept.exported_at:%Y-%m-%d %H:%M}) and is shown",
                )
            )
        else:
            skipped.append(
                Skipped(
                    bundle.file,
                    f"{bundle.client}'s bundle for {bundle.quarter.label}: {kept.file} is for"
                    f" the later {kept.quarter.label} (and holds the quarters before it)",
                )
            )
    clients = sorted(chosen.values(), key=lambda b: (_key(b.client), b.file))
    return clients, sorted(skipped, key=lambda s: s.file)


def _newest_first(bundle: ClientBundle) -> tuple[float, float, str]:
    return (-bundle.quarter.end.toordinal(), -bundle.exported_at.timestamp(), bundle.file)


# --- the figures of the group -------------------------------------------------------------


def trend(figures: Patterns) -> str | None:
    """'improved' (a fifth fewer slips than the quarter before, or more), 'worsened', 'same';
    None under three slips the quarter before."""
    percent = figures.previous.slips_percent
    if percent is None:
        return None
    if percent <= -TREND_MARGIN:
        return "improved"
    if percent >= TREND_MARGIN:
        return "worsened"
    return "same"


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One client's line of the cohort table."""

    bundle: ClientBundle

    @property
    def figures(self) -> Patterns:
        return self.bundle.current

    @property
    def due(self) -> tuple[CommitmentFigure, ...]:
        """The commitments made for the bundle's quarter."""
        label = self.bundle.quarter.label
        return tuple(c for c in self.bundle.commitments if c.quarter == label)

    @property
    def kept(self) -> Rate:
        judged = [c for c in self.due if c.outcome is not None]
        return Rate(sum(c.outcome == "kept" for c in judged), len(judged))

    @property
    def followed(self) -> Rate:
        return Rate(sum(c.followed_yes for c in self.due), sum(c.answers for c in self.due))

    def to_json(self) -> dict[str, Any]:
        figures = self.figures
        change = figures.previous
        return {
            "client": self.bundle.client,
            "file": self.bundle.file,
            "exported_at": self.bundle.exported_at.isoformat(),
            "quarter": self.bundle.quarter.label,
            "running": figures.running,
            "slips": figures.headline.slips,
            "saves": figures.headline.saves,
            "weighted_slips": figures.headline.weighted_slips,
            "save_rate": figures.headline.save_rate.to_json(),
            "change_against_previous": {
                "slips": change.slips,
                "previous_slips": change.against.slips,
                "slips_percent": rounded(change.slips_percent),
                "trend": trend(figures),
            },
            "crunch_share": figures.crunch.share.to_json(),
            "crunch_bunching": figures.crunch.bunching,
            "commitments": {
                "for_quarter": len(self.due),
                "kept": sum(c.outcome == "kept" for c in self.due),
                "partly": sum(c.outcome == "partly" for c in self.due),
                "broken": sum(c.outcome == "broken" for c in self.due),
                "not_judged": sum(c.outcome is None for c in self.due),
                "kept_rate": self.kept.to_json(),
                "followed": self.followed.to_json(),
            },
            "follow_ups_open": self.bundle.follow_ups_open,
            "follow_ups_due": self.bundle.follow_ups_due,
            "quarters": [point.to_json() for point in self.bundle.series],
        }


@dataclass(frozen=True, slots=True)
class GroupTrigger:
    trigger_id: str
    name: str
    clients: int  # clients with at least one slip on it this quarter
    slips: int
    saves: int

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.slips + self.saves)

    @property
    def shared(self) -> bool:
        """A group pattern: at least three clients slip on it."""
        return self.clients >= MIN_CASES

    def to_json(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger_id,
            "name": self.name,
            "clients": self.clients,
            "slips": self.slips,
            "saves": self.saves,
            "save_rate": self.save_rate.to_json(),
            "group_pattern": self.shared,
        }


@dataclass(frozen=True, slots=True)
class Cohort:
    folder: str
    rows: tuple[ClientRow, ...]
    skipped: tuple[Skipped, ...]
    quarter: Quarter | None  # the quarter most bundles are for (the latest on a tie)

    @property
    def in_group(self) -> tuple[ClientRow, ...]:
        """The clients the group figures count: those whose bundle is for the group's
        quarter."""
        return tuple(row for row in self.rows if row.bundle.quarter == self.quarter)

    @property
    def elsewhere(self) -> tuple[ClientRow, ...]:
        return tuple(row for row in self.rows if row.bundle.quarter != self.quarter)

    @property
    def triggers(self) -> tuple[GroupTrigger, ...]:
        """Each trigger slipped on this quarter: by how many clients, then by slips."""
        seen: dict[str, list[TriggerFigure]] = {}
        for row in self.in_group:
            for figure in row.figures.triggers:
                seen.setdefault(figure.trigger_id, []).append(figure)
        found = [
            GroupTrigger(
                trigger_id,
                figures[0].name,
                sum(1 for f in figures if f.slips),
                sum(f.slips for f in figures),
                sum(f.saves for f in figures),
            )
            for trigger_id, figures in seen.items()
        ]
        return tuple(sorted(found, key=lambda t: (-t.clients, -t.slips, t.saves, t.trigger_id)))

    def by_trend(self, wanted: str | None) -> tuple[str, ...]:
        return tuple(row.bundle.client for row in self.in_group if trend(row.figures) == wanted)

    @property
    def slips(self) -> int:
        return sum(row.figures.headline.slips for row in self.in_group)

    @property
    def saves(self) -> int:
        return sum(row.figures.headline.saves for row in self.in_group)

    @property
    def crunch(self) -> Rate:
        return Rate(sum(r.figures.crunch.crunch_slips for r in self.in_group), self.slips)

    @property
    def crunch_expected(self) -> float:
        days = sum(r.figures.crunch.days for r in self.in_group)
        closing = sum(r.figures.crunch.crunch_days for r in self.in_group)
        return closing / days if days else 0.0

    @property
    def bunching(self) -> tuple[int, int]:
        """Clients whose slips bunch at the close, of those with enough slips to say."""
        said = [r.figures.crunch.bunching for r in self.in_group]
        return sum(1 for b in said if b), sum(1 for b in said if b is not None)

    @property
    def kept(self) -> Rate:
        rates = [row.kept for row in self.in_group]
        return Rate(sum(r.part for r in rates), sum(r.whole for r in rates))

    def to_json(self) -> dict[str, Any]:
        bunching, said = self.bunching
        return {
            "format": COHORT_FORMAT,
            "version": COHORT_VERSION,
            "folder": self.folder,
            "min_cases": MIN_CASES,
            "quarter": self.quarter.label if self.quarter else None,
            "clients": [row.to_json() for row in self.rows],
            "group": {
                "clients": len(self.in_group),
                "not_counted": [
                    {"client": row.bundle.client, "quarter": row.bundle.quarter.label}
                    for row in self.elsewhere
                ],
                "slips": self.slips,
                "saves": self.saves,
                "save_rate": Rate(self.saves, self.slips + self.saves).to_json(),
                "triggers": [trigger.to_json() for trigger in self.triggers],
                "improved": list(self.by_trend("improved")),
                "worsened": list(self.by_trend("worsened")),
                "same": list(self.by_trend("same")),
                "not_enough_data": list(self.by_trend(None)),
                "crunch": {
                    **self.crunch.to_json(),
                    "expected_share": round(self.crunch_expected, 4),
                    "clients_bunching": bunching,
                    "clients_with_enough_data": said,
                },
                "commitments_kept": self.kept.to_json(),
                "follow_ups_open": sum(r.bundle.follow_ups_open for r in self.in_group),
            },
            "skipped": [item.to_json() for item in self.skipped],
        }


def _group_quarter(bundles: Iterable[ClientBundle]) -> Quarter | None:
    counts: dict[Quarter, int] = {}
    for bundle in bundles:
        counts[bundle.quarter] = counts.get(bundle.quarter, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda q: (counts[q], q.end))


def cohort(folder: Path, decrypt: Decrypt | None = None) -> Cohort:
    """The cohort view of every bundle in `folder`."""
    if not folder.is_dir():
        from journal.errors import JournalError
        from journal.files import shown

        what = "there is nothing at" if not os.path.lexists(folder) else "not a folder:"
        raise JournalError(f"{what} {shown(folder)}; give the folder that holds the bundles")
    bundles, skipped = read_folder(folder, decrypt)
    return Cohort(
        folder=str(folder),
        rows=tuple(ClientRow(bundle) for bundle in bundles),
        skipped=tuple(skipped),
        quarter=_group_quarter(bundles),
    )
