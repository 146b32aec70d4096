"""The default replies in English: content written for Tact, not interface strings (see triage.reply_texts).

Plain, warm English with contractions; there is one form of address, so no "[vous|tu]" here.
"""

from accounts.models import VatMode
from projects.models import BudgetKind, DecisionReason, State

GREETING = {"named": "Hello {name},", "plain": "Hello,"}
SUBJECT = {"email": "Re: {title}", "other": "Your request: {title}"}
CLOSING = "Best regards,"
OPENINGS = {
    "request": "Thanks for your message about “{title}”.",
    "thought_of_me": "Thanks for thinking of me for “{title}”.",
    "phone": "Thanks for our call about “{title}”.",
    "after_offer": "I'm getting back to you about “{title}”, following my proposal.",
    "referred_by": "{referred_by} told me about you, and I'm grateful for the introduction.",
}

PER = {BudgetKind.FIXED: "", BudgetKind.HOURLY: " an hour", BudgetKind.DAILY: " a day"}
AMOUNT = {
    VatMode.EXCLUDED: "{amount}{per} excl. VAT",
    VatMode.INCLUDED: "{amount}{per} incl. VAT",
    VatMode.EXEMPT: "{amount}{per} (VAT not applicable, art. 293 B of the French tax code)",
}
AND = " and "

QUESTIONS = {
    "scope": "what exactly you need (the deliverables, and what already exists), so I can estimate the work",
    "budget": "the budget you have in mind",
    "dates": "when you'd like to start, and the deadline",
}
LIST_PUNCTUATION = ("", "")

MISSING = {
    "free_from": "[date I'm free]",
    "proposed_start": "[start date]",
    "counter_offer": "[amount]",
    "smaller_scope": "[deliverables of the smaller scope, to fill in]",
    "colleague_name": "[colleague's name]",
    "colleague_contact": "[colleague's contact details]",
    "referred_by": "[who referred this client]",
    "skills_outside": "[skills outside my field]",
    "questions": "[questions to ask]",
}

REFER = (
    (
        "colleague",
        "Rather than leave you without a solution, I'd recommend {colleague_name}, whose work I know and trust.",
    ),
    ("colleague contact", "Their contact details: {colleague_contact}."),
    ("colleague", "Feel free to say I sent you."),
    ("!colleague", "Rather than leave you without a solution, I'll send you the details of someone I trust shortly."),
)

CASES = {
    (State.ACCEPTED, None): {
        "opening": "request",
        "body": (
            ("I'd be glad to take it on.",),
            (
                ("proposed_start", "I can start {proposed_start}."),
                (
                    "proposed_start",
                    "You'll get a quote and a short schedule in the next few days, so we can agree on every detail "
                    "before the work begins.",
                ),
                (
                    "!proposed_start",
                    "You'll get a quote in the next few days, and we'll set the start date together.",
                ),
            ),
            ("If anything comes up in the meantime, just reply to this message.",),
        ),
    },
    (State.NEGOTIATING, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "request",
        "body": (
            (
                (
                    "fixed",
                    "The project interests me, but the budget you mention doesn't cover the time this work takes "
                    "to do well.",
                ),
                ("!fixed", "The project interests me, but the rate you offer is below the one I charge."),
            ),
            (
                (
                    "counter_offer fixed",
                    "For the whole project as you've described it, my fee would be {counter_offer}.",
                ),
                ("counter_offer !fixed", "My rate would be {counter_offer}."),
                ("!counter_offer", "Is there any room in the budget?"),
                (
                    "smaller_scope",
                    "If the budget can't move, I could also suggest a smaller scope that fits it: {smaller_scope}.",
                ),
            ),
            ("Let me know what suits you best, and I'll send you a detailed quote.",),
        ),
    },
    (State.NEGOTIATING, DecisionReason.NO_TIME): {
        "opening": "request",
        "body": (
            (
                "The project interests me, but my calendar is already taken by other commitments over the period "
                "you have in mind, and I'd rather tell you now than rush your work.",
            ),
            (
                (
                    "proposed_start",
                    "If the start can move, I can begin {proposed_start}. Would that work for you? If so, I'll keep "
                    "that time for you and send a quote.",
                ),
                (
                    "!proposed_start free_from",
                    "I'm free again {free_from}: if the project can wait until then, I'll gladly keep that time for "
                    "you.",
                ),
                (
                    "!proposed_start !free_from",
                    "Is there any flexibility in your dates? If so, let me know how long the project can wait, and "
                    "I'll tell you whether I can fit it in.",
                ),
            ),
            ("If your dates can't move, just say so and I'll put you in touch with someone I trust.",),
        ),
    },
    (State.NEGOTIATING, DecisionReason.MISSING_DETAILS): {
        "opening": "request",
        "body": (
            (
                (
                    "missing",
                    "The project interests me, and to give you a precise answer I need a few more details:\n"
                    "{questions}",
                ),
                ("!missing", "The project interests me: could you tell me a little more about what you need?"),
            ),
            ("With those details, I'll quickly let you know whether I can take it on, and on what terms.",),
        ),
    },
    (State.NEGOTIATING, None): {
        "opening": "request",
        "body": (
            ("The project interests me, and before committing I'd like to settle a few points with you.",),
            (
                ("proposed_start", "I could start {proposed_start}."),
                ("counter_offer fixed", "For the whole project, my fee would be {counter_offer}."),
                ("counter_offer !fixed", "My rate would be {counter_offer}."),
                ("smaller_scope", "If the budget can't move, I could also suggest a smaller scope: {smaller_scope}."),
            ),
            ("Could we talk it over in a short call this week?",),
        ),
    },
    (State.REFERRED, DecisionReason.NO_TIME): {
        "opening": "thought_of_me",
        "body": (
            (
                "My calendar is full over the period you have in mind, and I couldn't give your project the "
                "attention it deserves.",
            ),
            REFER,
            (
                ("free_from", "I'm free again {free_from}, so do come back to me for your next projects."),
                ("!free_from", "Do come back to me for your next projects."),
            ),
        ),
    },
    (State.REFERRED, DecisionReason.OUTSIDE_SKILLS): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "skills",
                    "The project calls for skills in {skills_outside}: that's outside my field, and you deserve "
                    "someone who specialises in it.",
                ),
                (
                    "!skills",
                    "The project calls for skills that aren't at the core of my work, and you deserve someone who "
                    "specialises in them.",
                ),
            ),
            REFER,
            ("I wish you every success with it, and my door stays open for anything closer to my field.",),
        ),
    },
    (State.REFERRED, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "fixed",
                    "The budget you mention doesn't match the time this work would take me at my rates, and I'd "
                    "rather not do it on the cheap.",
                ),
                (
                    "!fixed",
                    "The rate you offer is below the ones I charge, and I'd rather not do the work on the cheap.",
                ),
            ),
            REFER,
            ("I wish you every success with it.",),
        ),
    },
    (State.REFERRED, None): {
        "opening": "thought_of_me",
        "body": (
            ("I've thought it over, and I'm not the right person to lead this project.",),
            REFER,
            ("I wish you every success with it.",),
        ),
    },
    (State.DECLINED, DecisionReason.NO_TIME): {
        "opening": "request",
        "body": (
            (
                "My calendar is full over the period you have in mind, and I'd rather tell you now than promise a "
                "date I couldn't keep.",
            ),
            (
                "So I can't take the project on within this timeline.",
                (
                    "free_from",
                    "I'm free again {free_from}: if your schedule can wait until then, I'd be happy to talk about "
                    "it again.",
                ),
                ("!free_from", "If your schedule changes, do get back to me."),
            ),
            ("I wish you every success with it.",),
        ),
    },
    (State.DECLINED, DecisionReason.OUTSIDE_SKILLS): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "skills",
                    "The project calls for skills in {skills_outside}, which are outside my field, and a "
                    "specialist would do it better than I would.",
                ),
                (
                    "!skills",
                    "The project calls for skills outside my field, and a specialist would do it better than I would.",
                ),
            ),
            (
                "So I'd rather not take it on. A small tip for your search: a short brief with two or three examples "
                "you like will make it easier to compare the answers you get.",
            ),
            ("I wish you every success with the project.",),
        ),
    },
    (State.DECLINED, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "request",
        "body": (
            (
                (
                    "fixed",
                    "The budget you mention doesn't match the time this work would take me at my usual rates.",
                ),
                ("!fixed", "The rate you offer is below the ones I charge."),
            ),
            (
                "So I can't take it on under these conditions.",
                ("counter_offer fixed", "For reference, my fee for the whole project would be {counter_offer}."),
                ("counter_offer !fixed", "For reference, my rate is {counter_offer}."),
                ("smaller_scope", "A smaller scope could also fit your budget: {smaller_scope}."),
                "If things change, I'd be happy to talk about it again.",
            ),
        ),
    },
    (State.DECLINED, DecisionReason.VISIBILITY): {
        "opening": "thought_of_me",
        "body": (
            (
                "I understand the project offers visibility rather than payment; my work is how I make my living, "
                "so I only take on paid projects.",
            ),
            (
                "So I won't be able to take part as things stand.",
                (
                    "counter_offer",
                    "If a paid version becomes possible, I'd be glad to send you a quote: for this scope, count on "
                    "{counter_offer}.",
                ),
                ("!counter_offer", "If a paid version becomes possible, I'd be glad to send you a quote."),
            ),
        ),
    },
    (State.DECLINED, DecisionReason.SPAM_OR_REPEAT): {
        "opening": None,
        "body": (
            (
                (
                    "answered_before",
                    "Thanks for your message. As I said in my previous reply, I'm not able to take on this project, "
                    "and my answer hasn't changed.",
                ),
                (
                    "!answered_before",
                    "Thanks for your message about “{title}”. I'm not able to take this request any further.",
                ),
            ),
            ("I wish you every success in finding the right person for it.",),
        ),
    },
    (State.DECLINED, None): {
        "opening": "request",
        "body": (
            ("I've given it careful thought, and I don't think I'm the right person for this project.",),
            (
                "I'd rather tell you straight away so you can move forward, and I wish you every success with "
                "the project.",
            ),
        ),
    },
}
