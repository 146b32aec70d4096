"""What each decision allows: its reasons and the fields it needs. Data, read by the form, the page and the service."""

from projects.models import DecisionReason, State

# The reasons that make sense for each decision (no "Declined — Fits").
REASONS_FOR: dict[str, tuple[str, ...]] = {
    State.ACCEPTED: (DecisionReason.FITS,),
    State.NEGOTIATING: (DecisionReason.MISSING_DETAILS, DecisionReason.RATE_BELOW_MINIMUM, DecisionReason.NO_TIME),
    State.REFERRED: (DecisionReason.OUTSIDE_SKILLS, DecisionReason.NO_TIME, DecisionReason.RATE_BELOW_MINIMUM),
    State.DECLINED: (
        DecisionReason.NO_TIME,
        DecisionReason.RATE_BELOW_MINIMUM,
        DecisionReason.OUTSIDE_SKILLS,
        DecisionReason.RED_FLAG_CLIENT,
        DecisionReason.BLACKLISTED,
        DecisionReason.VISIBILITY,
    ),
    State.IGNORED: (DecisionReason.SPAM_OR_REPEAT, DecisionReason.BLACKLISTED, DecisionReason.RED_FLAG_CLIENT),
}

# The fields each decision shows and records, besides the decision, its reason, the reply and the note.
FIELDS_FOR: dict[str, tuple[str, ...]] = {
    State.ACCEPTED: ("proposed_start",),
    State.NEGOTIATING: ("counter_offer", "proposed_start", "hold"),
    State.REFERRED: ("colleague",),
    State.DECLINED: ("red_flag_kind", "blacklist", "keep_warm"),
    State.IGNORED: ("red_flag_kind",),
}
OPTIONAL_FIELDS = tuple(dict.fromkeys(name for names in FIELDS_FOR.values() for name in names))


def reason_fits(decision: str, reason: str) -> bool:
    return reason in REASONS_FOR.get(decision, ())


def default_reason(decision: str) -> str:
    return REASONS_FOR[decision][0]
