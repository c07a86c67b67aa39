"""The built-in trigger catalogue: the priorities that most often beat a customer's outcome.

Ids are stable forever: entries refer to them, and renaming only changes the display name.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BuiltinTrigger:
    id: str
    name: str
    category: str
    description: str


CATEGORIES: tuple[str, ...] = (
    "Targets and quotas",
    "Evaluation and career",
    "Time and cost limits",
    "Metrics and incentives",
    "Scope and promises",
    "Silos and ownership",
    "Distance from customers",
    "Ego and competition",
    "Relationships",
)

BUILTIN_TRIGGERS: tuple[BuiltinTrigger, ...] = (
    BuiltinTrigger(
        "quota-behind",
        "Sales quota behind",
        "Targets and quotas",
        "Behind on quota, so the deal mattered more than the fit.",
    ),
    BuiltinTrigger(
        "quick-sell",
        "Quick sell to a non-renewer",
        "Targets and quotas",
        "Sold fast to an account that was never going to renew.",
    ),
    BuiltinTrigger(
        "review-coming",
        "Performance review coming",
        "Evaluation and career",
        "A performance review was near, so my numbers came first.",
    ),
    BuiltinTrigger(
        "look-good",
        "Looking good to the boss",
        "Evaluation and career",
        "Chose what would look good upward over what the customer needed.",
    ),
    BuiltinTrigger(
        "billable-cap",
        "Non-billable hours capped",
        "Time and cost limits",
        "A cap on non-billable time cut the work the customer needed.",
    ),
    BuiltinTrigger(
        "cost-mandate",
        "Cost containment mandate",
        "Time and cost limits",
        "A cost mandate decided the outcome instead of the customer's need.",
    ),
    BuiltinTrigger(
        "good-enough",
        "Good enough, not right",
        "Time and cost limits",
        "Shipped a good-enough fix instead of the right solution.",
    ),
    BuiltinTrigger(
        "gaming-metric",
        "Gaming a metric",
        "Metrics and incentives",
        "Served the metric (time on call, survey score) instead of the customer.",
    ),
    BuiltinTrigger(
        "output-over-outcome",
        "Output over outcome",
        "Metrics and incentives",
        "Counted what was delivered, not what it changed for the customer.",
    ),
    BuiltinTrigger(
        "over-promised",
        "Went off-script or over-promised",
        "Scope and promises",
        "Promised more than could be delivered, or went off-script to close.",
    ),
    BuiltinTrigger(
        "spec-not-need",
        "Delivered the spec, not the need",
        "Scope and promises",
        "Built exactly what was asked while knowing it missed the need.",
    ),
    BuiltinTrigger(
        "not-my-problem",
        "Not my problem hand-off",
        "Silos and ownership",
        "Handed the customer off because the issue sat in another team.",
    ),
    BuiltinTrigger(
        "fire-fighting",
        "Fire-fighting, not fixing the cause",
        "Silos and ownership",
        "Put out the fire again without fixing what keeps starting it.",
    ),
    BuiltinTrigger(
        "no-customer-contact",
        "Never talking to customers",
        "Distance from customers",
        "Decided for customers without talking to any of them.",
    ),
    BuiltinTrigger(
        "ignored-feedback",
        "Ignoring customer data or feedback",
        "Distance from customers",
        "Had the customer's data or feedback and set it aside.",
    ),
    BuiltinTrigger(
        "beat-competitor",
        "Beating a competitor",
        "Ego and competition",
        "Winning against a competitor mattered more than serving the customer.",
    ),
    BuiltinTrigger(
        "kept-credit",
        "Keeping praise or credit to myself",
        "Ego and competition",
        "Kept praise or credit to myself instead of passing it on.",
    ),
    BuiltinTrigger(
        "single-contact",
        "Relying on one contact",
        "Relationships",
        "Relied on one contact instead of the whole customer organisation.",
    ),
)
