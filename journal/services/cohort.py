"""The coach's side: a folder of clients' bundles read into one view of the group.

Each bundle is read back into the analytics' own figure types (`Patterns` for each of its
quarters), so the screens that show a client their figures show the coach the same. A file
that cannot be used (not a bundle, a newer version, cut off, encrypted to another key, an
older copy of a bundle also there) is listed as skipped with its reason, never a crash.
Counts come first, and no rate or group pattern is claimed from fewer than three cases.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from journal.dates import DateError
from journal.periods import Period, Quarter, parse_quarter
from journal.services.analytics.figures import (
    MIN_CASES,
    TREND_MARGIN,
    Bucket,
    Change,
    CommitmentFigure,
    Coverage,
    Crunch,
    Headline,
    Patterns,
    QuarterPoint,
    Rate,
    Share,
    TriggerFigure,
    Window,
)
from journal.services.coach_bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from journal.services.entries import EntryFilter
from journal.text import control_character, has_surrogates, printable

AGE_HEADER = b"age-encryption.org/v1"
MAX_BUNDLE_BYTES = 8 << 20  # a bundle is tens of KB; anything this large is not one
COHORT_FORMAT = "journal-coach-cohort"
COHORT_VERSION = 1
_NOWHERE = EntryFilter()  # a bundle has figures only: nothing lists entries behind them

Decrypt = Callable[[bytes], bytes]


class BundleProblem(Exception):
    """Why a file was skipped, in words for the coach."""


class Undecryptable(Exception):
    """Raised by a `Decrypt` given a file encrypted to a key it does not hold."""


# --- reading one bundle -------------------------------------------------------------------


def _field(data: Any, key: str, where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise BundleProblem(f"a damaged bundle: {where}{key} is missing")
    return data[key]


def _int(data: Any, key: str, where: str = "") -> int:
    value = _field(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BundleProblem(f"a damaged bundle: {where}{key} is not a count")
    return value


def _text(data: Any, key: str, where: str = "", *, lines: bool = False) -> str:
    """Text from a bundle; a control character (a terminal escape, say) is refused: the
    bundle came from elsewhere, and its words reach the coach's terminal."""
    value = _field(data, key, where)
    if not isinstance(value, str):
        raise BundleProblem(f"a damaged bundle: {where}{key} is not text")
    if control_character(value, one_line=not lines) is not None or has_surrogates(value):
        raise BundleProblem(f"a damaged bundle: {where}{key} holds a control character")
    return value


def _list(data: Any, key: str, where: str = "") -> list[Any]:
    value = _field(data, key, where)
    if not isinstance(value, list):
        raise BundleProblem(f"a damaged bundle: {where}{key} is not a list")
    return value


def _day(data: Any, key: str, where: str = "") -> date:
    try:
        return date.fromisoformat(_text(data, key, where))
    except ValueError as error:
        raise BundleProblem(f"a damaged bundle: {where}{key} is not a date") from error


def _rate(data: Any, key: str, where: str) -> Rate:
    value = _field(data, key, where)
    return Rate(_int(value, "part", f"{where}{key}."), _int(value, "whole", f"{where}{key}."))


def _quarter(label: str, fiscal_start_month: int, where: str) -> Quarter:
    problem = f"a damaged bundle: {where}quarter {label[:20]!r} is not a quarter"
    try:
        found = parse_quarter(label, today=date.today(), fiscal_start_month=fiscal_start_month)
    except (DateError, ValueError) as error:
        raise BundleProblem(problem) from error
    if found.label != label:  # "this", "last": words of a person, not of a bundle
        raise BundleProblem(problem)
    return found


def _change(now: Headline, data: Any, against: Period, where: str) -> Change:
    diff_slips = _signed(data, "slips", where)
    diff_saves = _signed(data, "saves", where)
    diff_weighted = _signed(data, "weighted_slips", where)
    before = Headline(
        against,
        _int(data, "against_slips", where),
        _int(data, "against_saves", where),
        now.weighted_slips - diff_weighted,
        0,
    )
    return Change(before, diff_slips, diff_saves, diff_weighted)


def _signed(data: Any, key: str, where: str) -> int:
    value = _field(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BundleProblem(f"a damaged bundle: {where}{key} is not a whole number")
    return value


def _buckets(data: Any, key: str, where: str) -> tuple[Bucket, ...]:
    found = []
    for index, item in enumerate(_list(data, key, where)):
        at = f"{where}{key}[{index}]."
        raw = _field(item, "key", at)
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise BundleProblem(f"a damaged bundle: {at}key is not a key")
        found.append(
            Bucket(raw, _text(item, "label", at), _int(item, "slips", at),
                   _int(item, "saves", at), _NOWHERE)
        )  # fmt: skip
    return tuple(found)


def _shares(data: Any, key: str, where: str) -> tuple[Share, ...]:
    found = []
    for index, item in enumerate(_list(data, key, where)):
        at = f"{where}{key}[{index}]."
        found.append(
            Share(
                _text(item, "key", at),
                _text(item, "label", at),
                Rate(_int(item, "part", at), _int(item, "whole", at)),
                _NOWHERE,
            )
        )
    return tuple(found)


def _window(data: Any, key: str, where: str) -> Window:
    value = _field(data, key, where)
    at = f"{where}{key}."
    return Window(_day(value, "start", at), _day(value, "end", at), _int(value, "slips", at),
                  _int(value, "saves", at))  # fmt: skip


def _commitments(data: Any, fiscal_start_month: int) -> tuple[CommitmentFigure, ...]:
    found = []
    for index, item in enumerate(_list(data, "commitments")):
        at = f"commitments[{index}]."
        followed = _field(item, "followed", at)
        outcome = _field(item, "outcome", at)
        if outcome not in (None, "kept", "partly", "broken"):
            raise BundleProblem(f"a damaged bundle: {at}outcome is not kept, partly or broken")
        plan = _text(item, "plan", at) if isinstance(item, dict) and "plan" in item else ""
        quarter = _quarter(_text(item, "quarter", at), fiscal_start_month, at)
        found.append(
            CommitmentFigure(
                commitment_id=index + 1,
                trigger_id=_text(item, "trigger", at),
                trigger_name=_text(item, "trigger_name", at),
                plan=plan,
                quarter=quarter.label,
                set_on=_day(item, "set_on", at),
                outcome=outcome,
                before=_window(item, "before", at),
                after=_window(item, "after", at),
                followed_yes=_int(followed, "yes", f"{at}followed."),
                followed_partly=_int(followed, "partly", f"{at}followed."),
                followed_no=_int(followed, "no", f"{at}followed."),
                entries=_NOWHERE,
            )
        )
    return tuple(found)


def _patterns(
    item: Any,
    where: str,
    fiscal_start_month: int,
    commitments: tuple[CommitmentFigure, ...],
) -> Patterns:
    quarter = _quarter(_text(item, "quarter", where), fiscal_start_month, where)
    period = Period.of_quarter(quarter)
    counted_to = _day(item, "counted_up_to", where)
    if not period.start <= counted_to <= period.end:
        raise BundleProblem(f"a damaged bundle: {where}counted_up_to is not in its quarter")
    running = counted_to < period.end
    observed = (counted_to - period.start).days + 1
    headline = Headline(
        period,
        _int(item, "slips", where),
        _int(item, "saves", where),
        _int(item, "weighted_slips", where),
        _int(item, "unrated_slips", where),
    )
    previous_period, year_period = period.previous(), period.year_earlier()
    if running:
        previous_period = previous_period.first_days(observed)
        year_period = year_period.first_days(observed)
    coverage = _field(item, "coverage", where)
    at = f"{where}coverage."
    crunch = _field(item, "crunch", where)
    crunch_at = f"{where}crunch."
    triggers = []
    for index, figure in enumerate(_list(item, "triggers", where)):
        t_at = f"{where}triggers[{index}]."
        retired = _field(figure, "retired", t_at)
        triggers.append(
            TriggerFigure(
                trigger_id=_text(figure, "trigger", t_at),
                name=_text(figure, "name", t_at),
                retired=bool(retired),
                slips=_int(figure, "slips", t_at),
                saves=_int(figure, "saves", t_at),
                weighted_slips=_int(figure, "weighted_slips", t_at),
                entries=_NOWHERE,
            )
        )
    return Patterns(
        period=period,
        observed_end=counted_to,
        headline=headline,
        previous=_change(
            headline, _field(item, "change_against_previous", where), previous_period,
            f"{where}change_against_previous.",
        ),
        year_earlier=_change(
            headline, _field(item, "change_against_year_earlier", where), year_period,
            f"{where}change_against_year_earlier.",
        ),
        coverage=Coverage(
            _int(coverage, "days", at), _int(coverage, "journaled_days", at),
            _int(coverage, "clean_days", at), _int(coverage, "slip_days", at),
        ),
        triggers=tuple(triggers),
        weeks=_buckets(item, "week_of_quarter", where),
        crunch=Crunch(
            _int(crunch, "slips", crunch_at), _int(crunch, "crunch_slips", crunch_at),
            _int(crunch, "days", crunch_at), _int(crunch, "days_in_crunch", crunch_at), _NOWHERE,
        ),
        weekdays=_buckets(item, "weekdays", where),
        pairs=(),
        customers=(),
        control=_shares(item, "control", where),
        recovery=_shares(item, "recovery", where),
        recovered=_rate(item, "recovered_of_attempts", where),
        commitments=tuple(
            c for c in commitments
            if c.set_on <= period.end and _ends(c, fiscal_start_month) >= period.start
        ),
    )  # fmt: skip


def _ends(figure: CommitmentFigure, fiscal_start_month: int) -> date:
    return parse_quarter(
        figure.quarter, today=figure.set_on, fiscal_start_month=fiscal_start_month
    ).end


@dataclass(frozen=True, slots=True)
class Review:
    quarter: str
    reflection: str
    start: str
    stop: str
    carry_on: str


@dataclass(frozen=True, slots=True)
class ClientBundle:
    """One client's bundle, read back into the analytics' figures."""

    client: str
    file: str
    exported_at: datetime
    quarters: tuple[Patterns, ...]  # oldest first; the last is the bundle's quarter
    commitments: tuple[CommitmentFigure, ...]
    follow_ups_open: int
    follow_ups_due: int
    follow_ups_closed: int
    review: Review | None
    fiscal_start_month: int

    @property
    def current(self) -> Patterns:
        return self.quarters[-1]

    @property
    def quarter(self) -> Quarter:
        found = self.current.period.quarter
        assert found is not None
        return found

    @property
    def series(self) -> tuple[QuarterPoint, ...]:
        return tuple(
            QuarterPoint(p.period.quarter, p.headline.slips, p.headline.saves,
                         p.headline.weighted_slips)
            for p in self.quarters
            if p.period.quarter is not None
        )  # fmt: skip

    def patterns(self, index: int = -1) -> Patterns:
        """A quarter's figures with the bundle's quarters as their series (the panels chart
        it)."""
        found = self.quarters[index]
        return Patterns(**{**_fields(found), "series": self.series})


def _fields(found: Patterns) -> dict[str, Any]:
    return {name: getattr(found, name) for name in Patterns.__dataclass_fields__}


def parse_bundle(data: Any, file: str) -> ClientBundle:
    """A bundle's JSON read into figures; BundleProblem says what is wrong with it."""
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        what = f" (its format is {found!r})" if isinstance(found, str) else ""
        raise BundleProblem(f"not a coach bundle{what}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BundleProblem("a damaged bundle: version is not a whole number")
    if version > BUNDLE_VERSION:
        raise BundleProblem(
            f"a newer bundle version ({version}) than this journal reads ({BUNDLE_VERSION});"
            " update journal to read it"
        )
    client = " ".join(_text(data, "client").split())
    if not client:
        raise BundleProblem("a damaged bundle: client is empty")
    try:
        exported_at = datetime.fromisoformat(_text(data, "exported_at"))
    except ValueError as error:
        raise BundleProblem("a damaged bundle: exported_at is not a moment") from error
    if exported_at.tzinfo is None:  # written without an offset: read as UTC
        exported_at = exported_at.replace(tzinfo=UTC)
    month = _int(data, "fiscal_year_start_month")
    if not 1 <= month <= 12:
        raise BundleProblem("a damaged bundle: fiscal_year_start_month is not 1 to 12")
    commitments = _commitments(data, month)
    quarters = tuple(
        _patterns(item, f"quarters[{index}].", month, commitments)
        for index, item in enumerate(_list(data, "quarters"))
    )
    if not quarters:
        raise BundleProblem("a damaged bundle: it holds no quarter")
    if quarters[-1].period.label != _text(data, "quarter"):
        raise BundleProblem("a damaged bundle: its last quarter is not the bundle's quarter")
    follow_ups = _field(data, "follow_ups", "")
    review = data.get("review")
    return ClientBundle(
        client=client,
        file=file,
        exported_at=exported_at,
        quarters=quarters,
        commitments=commitments,
        follow_ups_open=_int(follow_ups, "open", "follow_ups."),
        follow_ups_due=_int(follow_ups, "due", "follow_ups."),
        follow_ups_closed=_int(follow_ups, "closed", "follow_ups."),
        review=Review(
            _text(review, "quarter", "review."),
            _text(review, "reflection", "review.", lines=True),
            _text(review, "start", "review.", lines=True),
            _text(review, "stop", "review.", lines=True),
            _text(review, "continue", "review.", lines=True),
        )
        if review is not None
        else None,
        fiscal_start_month=month,
    )


def read_bundle(path: Path, decrypt: Decrypt | None) -> ClientBundle:
    """One file as a client's bundle, decrypted first when it is encrypted to a coach."""
    from journal.errors import JournalError
    from journal.files import kind_of, open_input

    kind = kind_of(path.lstat().st_mode) if not path.is_symlink() else None
    if kind is not None:  # a pipe would wait forever, a device never end
        raise BundleProblem(f"{kind}, not a file")
    try:
        with open_input(path, "a coach bundle") as handle:
            raw = handle.read(MAX_BUNDLE_BYTES + 1)
    except JournalError as error:
        raise BundleProblem(f"cannot be read ({error})") from error
    except OSError as error:
        raise BundleProblem(f"cannot be read ({error.strerror})") from error
    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleProblem(f"larger than {MAX_BUNDLE_BYTES >> 20} MB: not a coach bundle")
    if raw.startswith(AGE_HEADER):
        if decrypt is None:
            raise BundleProblem(
                "encrypted to a coach's key, and there is no identity to open it (journal coach"
                " keygen makes one; --identity FILE names another)"
            )
        try:
            raw = decrypt(raw)
        except Undecryptable as error:
            raise BundleProblem(str(error)) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleProblem("not a coach bundle (not text)") from error
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise BundleProblem("not a coach bundle (nested too deeply)") from error
    except json.JSONDecodeError as error:
        if BUNDLE_FORMAT in text[:200] and (
            error.pos >= len(text.rstrip()) - 1 or "Unterminated" in error.msg
        ):
            raise BundleProblem("cut off: the file ends before the bundle does") from error
        raise BundleProblem(f"not a coach bundle (not JSON: line {error.lineno})") from error
    try:
        return parse_bundle(data, printable(path.name))  # a name's control characters escaped
    except (ValueError, OverflowError, ArithmeticError) as error:
        # Values of the right types that make no sense together (a quarter in year 9999 …).
        raise BundleProblem("a damaged bundle: its figures do not fit together") from error


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
                "slips_percent": _rounded(change.slips_percent),
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


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
