"""journal: a private journal of the moments your priorities beat your customer's outcome."""

__version__ = "0.1.0"
