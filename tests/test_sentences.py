"""The one home of sentences about figures: each face's wording is a form of one function."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.periods import Period, Quarter
from journal.sentences import (
    MINUS,
    compared_label,
    percent_text,
    rate_text,
    span_text,
    trend_text,
    week_span,
    window_text,
)
from journal.services.analytics.figures import MIN_CASES, Rate, Window


@pytest.mark.parametrize(
    ("form", "enough", "too_few"),
    [
        ("sentence", "33% (1 of 3)", "too few (1 of 2)"),
        ("table", "33% (1 of 3)", "too few (1 of 2)"),
        ("short", "33% (1 of 3)", "too few (1 of 2)"),
        ("bare", "33%", "too few"),
    ],
)
def test_a_rate_in_each_form(form: str, enough: str, too_few: str) -> None:
    assert rate_text(Rate(1, 3), form=form) == enough  # type: ignore[arg-type]
    assert rate_text(Rate(1, 2), form=form) == too_few  # type: ignore[arg-type]


@given(part=st.integers(0, 10_000), extra=st.integers(0, 10_000))
def test_no_form_states_a_share_of_fewer_than_three_cases(part: int, extra: int) -> None:
    rate = Rate(part, part + extra)
    for form in ("sentence", "table", "short", "bare"):
        text = rate_text(rate, form=form)
        assert ("%" in text) == (rate.whole >= MIN_CASES)
        assert text.startswith("too few") == (rate.whole < MIN_CASES)  # one wording in all


def test_no_sentence_words_too_few_cases_another_way() -> None:
    """One wording for a figure with too few cases: none of the old variants is left."""
    import inspect

    import journal.cohort_text
    import journal.exporters.summary
    import journal.exporters.summary_parts
    import journal.exporters.summary_sections
    import journal.render
    import journal.render_review
    import journal.sentences

    for module in (
        journal.sentences,
        journal.exporters.summary,
        journal.exporters.summary_parts,
        journal.exporters.summary_sections,
        journal.cohort_text,
        journal.render,
        journal.render_review,
    ):
        source = inspect.getsource(module)
        for old in ('"n/a', "not enough data", "too few:", "Not enough", "too little data"):
            assert old not in source, (module.__name__, old)


def test_percent_and_spans() -> None:
    assert percent_text(-0.25) == f"{MINUS}25%"
    assert percent_text(0.25) == "+25%"
    assert percent_text(None) == "too few"
    assert span_text(date(2026, 10, 1), date(2026, 11, 22)) == "1 Oct \u2013 22 Nov 2026"
    assert span_text(date(2025, 12, 1), date(2026, 1, 2), joiner=" to ") == (
        "1 Dec 2025 to 2 Jan 2026"
    )
    assert week_span(date(2026, 10, 12), date(2026, 10, 18)) == " (12\u201318 Oct)"
    assert week_span(date(2026, 9, 28), date(2026, 10, 4)) == " (28 Sep \u2013 4 Oct)"


def test_a_cut_period_says_so_in_each_form() -> None:
    cut = Period.of_quarter(Quarter(2026, 3)).first_days(53)
    assert compared_label(cut, form="report") == "2026-Q3 (its first 53 days)"
    assert compared_label(cut, form="glance") == "2026-Q3 (first 53 d)"
    assert compared_label(cut, form="table") == "2026-Q3 (2026-07-01 to 2026-08-22), first 53 days"
    assert compared_label(cut, form="screen") == "2026-Q3 to 22 Aug"
    whole = Period.of_quarter(Quarter(2026, 3))
    assert compared_label(whole, form="screen") == "2026-Q3"


def test_windows_and_trends_in_each_form() -> None:
    weeks = Window(date(2026, 7, 1), date(2026, 7, 28), slips=4, saves=1)
    days = Window(date(2026, 7, 1), date(2026, 7, 10), slips=1, saves=0)
    assert window_text(weeks, form="report") == "4 slips in 28 days (1.00 a week)"
    assert window_text(days, form="report") == "1 slip in 10 days (too few weeks for a rate)"
    assert window_text(weeks, form="review").startswith("1.0 slips a week (4 slips, 1 save in")
    assert window_text(days, form="screen") == "too few weeks (1 slip)"
    assert window_text(weeks, form="table") == "1.00"
    assert trend_text(None) == "too few to compare"
    assert trend_text(None, form="screen") == "too few to call a trend"
    assert trend_text("fewer", form="review") == "Trend: fewer slips a week since it was set."
