"""A coach's bundle read back into the analytics' own figure types.

Each bundle becomes `Patterns` for each of its quarters, so the screens that show a client their
figures show the coach the same. Whatever is wrong with a file (not a bundle, a newer version,
cut off, encrypted to another key) is raised as `BundleProblem`, in words for the coach.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from journal.dates import DateError
from journal.periods import Period, Quarter, parse_quarter
from journal.services.analytics.figures import (
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
