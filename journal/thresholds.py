"""The counts-first rules every figure follows, in a module that imports nothing, so the
status line can apply them without loading the analytics."""

MIN_CASES = 3  # no rate or pattern is claimed from fewer cases
CRUNCH_DAYS = 21  # the last three weeks of a quarter: the end-of-quarter crunch
