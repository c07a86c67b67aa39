"""The built-in trigger catalogue, as PRODUCT.md lists it."""

from __future__ import annotations

import json
from collections import Counter

from journal.catalogue import BUILTIN_TRIGGERS, CATEGORIES
from tests.conftest import Runner

EXPECTED_PER_CATEGORY = {
    "Targets and quotas": 2,
    "Evaluation and career": 2,
    "Time and cost limits": 3,
    "Metrics and incentives": 2,
    "Scope and promises": 2,
    "Silos and ownership": 2,
    "Distance from customers": 2,
    "Ego and competition": 2,
    "Relationships": 1,
}


def test_catalogue_shape() -> None:
    ids = [trigger.id for trigger in BUILTIN_TRIGGERS]
    assert len(ids) == len(set(ids)) == 18
    assert Counter(trigger.category for trigger in BUILTIN_TRIGGERS) == EXPECTED_PER_CATEGORY
    assert set(CATEGORIES) == set(EXPECTED_PER_CATEGORY)
    for trigger in BUILTIN_TRIGGERS:
        assert trigger.id == trigger.id.lower() and " " not in trigger.id
        assert trigger.name and trigger.description.endswith(".")


def test_a_new_journal_holds_the_catalogue(run: Runner) -> None:
    listed = json.loads(run("triggers", "--json").out)
    assert {t["id"] for t in listed if t["builtin"]} == {t.id for t in BUILTIN_TRIGGERS}
    by_id = {t["id"]: t for t in listed}
    assert by_id["quota-behind"]["category"] == "Targets and quotas"
    assert by_id["single-contact"]["name"] == "Relying on one contact"
