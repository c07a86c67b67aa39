"""The demo journal's words: its customers, the stories of each trigger, its saves and its
commitments. `demo` draws from them with a seed."""

from __future__ import annotations

CUSTOMERS = (
    ("Northwind Logistics", 9),
    ("Harbor Dental Group", 7),
    ("Kestrel Analytics", 4),
    ("Bluefin Retail", 4),
    ("Maple Street Clinic", 3),
    ("Orion Freight", 3),
    ("Summit Credit Union", 2),
    ("Lumen Schools", 2),
)

# trigger id: (base weight, situations, impacts, next-time steps)
TRIGGER_STORIES: dict[str, tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "quota-behind": (
        6,
        (
            "Pushed {c} onto the annual bundle to close the month, though the monthly plan fit them better.",
            "Talked {c} into adding seats they will not use before renewal, because I was short on quota.",
            "Pulled the {c} deal forward a quarter with a discount they did not need; my number needed it.",
        ),
        (
            "Paying for seats they will not use",
            "Locked into a plan that does not fit",
            "Budget spent early",
        ),
        (
            "Ask what they need before I open the price sheet",
            "Check usage data before proposing more seats",
        ),
    ),
    "quick-sell": (
        2,
        (
            "Closed a quick add-on with {c} knowing they are likely to churn; skipped onboarding.",
            "Sold {c} the starter pack in one call and moved on; nobody checked they could use it.",
        ),
        ("Bought something they cannot adopt", "No onboarding, likely churn"),
        ("Book the onboarding call before I send the order form",),
    ),
    "review-coming": (
        2,
        (
            "Chose the project that shows on my review over fixing {c}'s reporting gap.",
            "Spent the week polishing my self-assessment metrics while {c} waited on an answer.",
            "Skipped the {c} escalation call to finish slides for my review.",
        ),
        ("Waited a week for an answer", "Reporting gap left open another month"),
        ("Block customer time first during review season",),
    ),
    "look-good": (
        3,
        (
            "Reported the {c} rollout as on track to my manager when it was not; delayed telling them.",
            "Picked the flashy feature demo for {c} because my boss was in the room.",
        ),
        ("Learned of the delay late", "Saw a demo, not their problem solved"),
        ("Tell my manager the real status, then the customer, the same day",),
    ),
    "billable-cap": (
        3,
        (
            "Stopped the {c} root-cause analysis at the non-billable cap, left them with a workaround.",
            "Declined to join {c}'s planning session because it would not be billable.",
        ),
        ("Workaround instead of a fix", "Planned without our input"),
        ("Ask for a cap exception before I stop the work",),
    ),
    "cost-mandate": (
        3,
        (
            "Cut the {c} training days to meet the cost mandate; their team is now guessing.",
            "Routed {c} to the cheaper support tier under the cost push, though their case was complex.",
        ),
        ("Team untrained on the new process", "Complex case in the wrong queue"),
        ("Show the cost of the customer's loss next to the saving",),
    ),
    "good-enough": (
        4,
        (
            "Shipped the quick patch to {c} instead of the proper data fix; it will break again.",
            "Called the {c} integration done when it covered the happy path only.",
        ),
        ("Same failure will come back", "Edge cases fail in production"),
        ("Write down what 'right' looks like before deciding on 'enough'",),
    ),
    "gaming-metric": (
        2,
        (
            "Closed {c}'s ticket to keep my time-to-resolution down, though it was not resolved.",
            "Nudged {c} toward a high survey score before the problem was solved.",
        ),
        ("Had to reopen the ticket", "Problem still open behind a good score"),
        ("Leave the ticket open until they confirm it works",),
    ),
    "output-over-outcome": (
        2,
        (
            "Delivered all twelve reports {c} asked for; none of them answer their actual question.",
            "Counted the {c} workshop as done; nobody checked whether anything changed after it.",
        ),
        ("Reports nobody reads", "No change after the workshop"),
        ("Ask what decision the output is for",),
    ),
    "over-promised": (
        3,
        (
            "Promised {c} the custom export by month end to close; engineering had not agreed.",
            "Went off-script with {c} and committed to a discount tier that does not exist.",
        ),
        ("Promise we cannot keep", "Expectation we must walk back"),
        ("Check with delivery before I promise a date",),
    ),
    "spec-not-need": (
        2,
        (
            "Built exactly the {c} spec while knowing their workflow needs something else.",
            "Delivered the {c} change as written; did not raise that it misses the real need.",
        ),
        ("Got what they asked for, not what they need",),
        ("Say out loud what I think they need before I build the spec",),
    ),
    "not-my-problem": (
        3,
        (
            "Forwarded {c}'s billing issue to finance and stopped following it.",
            "Told {c} the outage was another team's and closed my part.",
        ),
        ("Issue bounced between teams", "Left without an owner"),
        ("Stay on the thread until someone owns it",),
    ),
    "fire-fighting": (
        3,
        (
            "Restarted the {c} sync job again instead of finding why it fails every Monday.",
            "Patched {c}'s data by hand for the third time this month.",
        ),
        ("Weekly failures continue", "Manual fixes hide the cause"),
        ("Book an hour for the root cause after the second fire",),
    ),
    "no-customer-contact": (
        1,
        ("Decided the {c} roadmap item from our internal notes; did not call anyone there.",),
        ("Roadmap built on guesses",),
        ("Call two users before deciding",),
    ),
    "ignored-feedback": (
        2,
        (
            "Set aside {c}'s survey comments about the slow export because they did not fit the plan.",
            "Saw the usage drop at {c} and did not raise it.",
        ),
        ("Pain points unaddressed", "Usage keeps dropping"),
        ("Bring the feedback to the planning meeting",),
    ),
    "beat-competitor": (
        1,
        ("Rushed {c} into a decision to keep the competitor out, before they had compared.",),
        ("Chose under pressure, not on fit",),
        ("Give them the time to compare",),
    ),
    "kept-credit": (
        1,
        ("Did not pass on {c}'s thanks to the support engineer who did the work.",),
        ("Team did not hear the praise",),
        ("Forward the praise the same day",),
    ),
    "single-contact": (
        2,
        (
            "Relied on my one champion at {c}; missed that procurement had changed the rules.",
            "Only spoke to the {c} IT lead; finance was surprised by the invoice.",
        ),
        ("Surprised by a change we could have seen", "Invoice dispute"),
        ("Map three contacts at every account",),
    ),
}

SAVE_STORIES = (
    "Felt the pull of {t}, and still told {c} the smaller plan fits them better.",
    "The pressure was there ({t}); I paused and asked {c} what they actually needed.",
    "Held the line with {c}: fixed the cause instead of the quick patch, despite {t}.",
    "Said no to the shortcut with {c}; {t} would have won last quarter.",
)


def story_text(template: str, customer: str, *, trigger: str = "") -> str:
    """A story about a customer in good English: 'Orion Freight's', 'Northwind Logistics'',
    and 'the customer's deal' where 'the {c} deal' would say 'the the customer deal'."""
    owner = customer + ("'" if customer.endswith("s") else "'s")
    template = template.replace("{c}'s", owner)
    if customer == "the customer":
        template = template.replace("the {c} ", "the customer's ")
    return template.format(c=customer, t=trigger)


PAIRS = {
    "quota-behind": "over-promised",
    "review-coming": "look-good",
    "billable-cap": "good-enough",
    "cost-mandate": "good-enough",
    "fire-fighting": "not-my-problem",
    "quick-sell": "quota-behind",
}

RECOVERY_NOTES = {
    "attempted": "Called them to put it right; waiting to hear back.",
    "recovered": "Went back, explained, and fixed it; they stayed.",
    "lost": "Tried to recover, but they moved on.",
}

COMMITTED_TRIGGER = "quota-behind"
COMMITMENT_PLAN = "ask what the customer needs before I open the price sheet"
UNKEPT_TRIGGER = "billable-cap"
UNKEPT_PLAN = "ask my manager for a cap exception before stopping the work"
RUNNING_TRIGGER = "look-good"
RUNNING_PLAN = "show my manager the real numbers, bad weeks included"
