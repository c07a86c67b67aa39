"""The analytics: what keeps winning over customers, counted from the journal.

- `figures`: the value types of a period's patterns (triggers, buckets, the crunch …) and the
  thresholds they follow; no SQL. It offers the names of the two below too:
- `counts`: rates, headlines, changes, days and coverage, which every figure is made of;
- `commitment_figures`: a commitment's windows before and after, and how often followed.
- `queries`: each figure of a period counted in SQL, and `patterns_for` for all of them.
- `commitments`: commitments with the trigger's slips before and after each was set.
- `calendar_sql`: quarters, weeks and weekdays as SQL expressions.

Import the module you need: this package imports nothing itself, so reading one figure type
or one SQL expression does not load the queries.
"""
