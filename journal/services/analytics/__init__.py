"""The analytics: what keeps winning over customers, counted from the journal.

- `figures`: the value types (rates, headlines, changes, the crunch, commitment windows …)
  and the thresholds they follow; no SQL.
- `queries`: each figure of a period counted in SQL, and `patterns_for` for all of them.
- `commitments`: commitments with the trigger's slips before and after each was set.
- `calendar_sql`: quarters, weeks and weekdays as SQL expressions.

Import the module you need: this package imports nothing itself, so reading one figure type
or one SQL expression does not load the queries.
"""
