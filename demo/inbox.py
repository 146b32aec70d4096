"""Demo data: requests in every state, their decisions and replies, and who got blacklisted when."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import translation

from accounts.formatting import date_format
from clients.models import (
    BlacklistAction,
    BlacklistEvent,
    Client,
)
from projects.models import (
    BudgetKind,
    Channel,
    Decision,
    DecisionReason,
    IncomingRequest,
    State,
)

from . import samples
from .base import Planner, money, round_to

# Final states of the requests at scale 1 (they sum to 120); each count is multiplied by the scale.
STATE_QUOTAS = {
    State.NEW: 8,
    State.NEGOTIATING: 10,
    State.ACCEPTED: 30,
    State.REFERRED: 22,
    State.DECLINED: 30,
    State.IGNORED: 20,
}
BLACKLIST_STORIES = ("unpaid", "disrespect", "spam")  # one blacklisted client of each per scale unit


class InboxPlanner(Planner):
    """What came in, and what was decided: every transition as a Decision row."""

    def plan_blacklist_timelines(self) -> None:
        """Choose who ends up blacklisted (and who was once, then lifted) before any request is placed."""
        rng = self.rng
        span = (self.today - self.first_day).days
        candidates = rng.sample(self.clients, self.n(3) + self.n(1))
        self.blacklisted = candidates[: self.n(3)]
        self.lifted_only = candidates[self.n(3) :]
        for index, client in enumerate(self.blacklisted):
            story = BLACKLIST_STORIES[index % 3]
            self.stories[id(client)] = story
            twice = story == "unpaid" and index % 2 == 0  # lifted once, then blacklisted again
            low, high = (0.4, 0.6) if twice else (0.6, 1.0)
            added_day = rng.randint(int(span * low), min(int(span * high), span - 25))
            added = self.moment(self.first_day + timedelta(days=added_day))
            events = [(BlacklistAction.ADDED, added, rng.choice(samples.BLACKLIST_REASONS["added"]))]
            if twice:
                lifted = self.later(added, 24 * 20, 24 * 45)
                again = self.later(lifted, 24 * 30, 24 * 90)
                if again < self.midnight - timedelta(days=5):
                    events += [
                        (BlacklistAction.LIFTED, lifted, rng.choice(samples.BLACKLIST_REASONS["lifted"])),
                        (BlacklistAction.ADDED, again, rng.choice(samples.BLACKLIST_REASONS["again"])),
                    ]
            self.add_blacklist_events(client, events)
        for client in self.lifted_only:
            added = self.moment(self.first_day + timedelta(days=rng.randint(int(span * 0.3), int(span * 0.6))))
            lifted = self.later(added, 24 * 15, 24 * 60)
            self.add_blacklist_events(
                client,
                [
                    (BlacklistAction.ADDED, added, rng.choice(samples.BLACKLIST_REASONS["added"])),
                    (BlacklistAction.LIFTED, lifted, rng.choice(samples.BLACKLIST_REASONS["lifted"])),
                ],
            )

    def add_blacklist_events(self, client: Client, events) -> None:
        for action, at, reason in events:
            event = BlacklistEvent(owner=self.owner, client=client, action=action, reason=reason, happened_at=at)
            self.blacklist_events.append(self.stamp(event, at))
        client.is_blacklisted = events[-1][0] == BlacklistAction.ADDED
        spans = []
        for (action, at, _reason), following in zip(events, [*events[1:], None], strict=True):
            if action == BlacklistAction.ADDED:
                spans.append((at, following[1] if following else self.midnight + timedelta(days=1)))
        self.blocked[id(client)] = spans

    def first_added(self, client: Client) -> datetime:
        return self.blocked[id(client)][0][0]

    def last_added(self, client: Client) -> datetime:
        return self.blocked[id(client)][-1][0]

    def is_blocked(self, client: Client, at: datetime) -> bool:
        return any(start <= at < end for start, end in self.blocked.get(id(client), ()))

    # --- requests and decisions ------------------------------------------------------------------
    def plan_requests(self) -> None:
        rng = self.rng
        quotas = {state: self.n(count) for state, count in STATE_QUOTAS.items()}
        # The blacklisted clients' stories come first: what led to the blacklist, then a polite no.
        for client in self.blacklisted:
            story = self.stories[id(client)]
            before = self.first_added(client) - timedelta(days=rng.randint(150, 200))
            before = max(before, self.midnight - timedelta(days=365 * self.scale - 1))
            if story == "unpaid":
                incoming = self.add_request(client, State.ACCEPTED, before, small=True)
                quotas[State.ACCEPTED] -= 1
                self.unpaid_on_purpose.add(id(incoming))
            elif story == "disrespect":
                self.add_request(
                    client, State.DECLINED, before, negotiate=True, reason=DecisionReason.RATE_BELOW_MINIMUM
                )
                quotas[State.DECLINED] -= 1
            else:
                for offset in (0, 9):
                    self.add_request(client, State.IGNORED, before + timedelta(days=offset), spam=True)
                    quotas[State.IGNORED] -= 1
            after = self.later(self.last_added(client), 24 * 2, 24 * 120)
            self.add_request(client, State.DECLINED, after, reason=DecisionReason.BLACKLISTED)
            quotas[State.DECLINED] -= 1
            if story == "unpaid" and quotas[State.NEW] > 1:  # back again: triage will warn about them
                self.add_request(client, State.NEW, self.moment(self.days_ago(1, 4)))
                quotas[State.NEW] -= 1
        weights = [rng.choice((1, 1, 1, 2, 2, 3, 5)) for _ in self.clients]
        plans = [state for state, count in quotas.items() for _ in range(max(count, 0))]
        rng.shuffle(plans)
        unserved = list(self.clients)
        rng.shuffle(unserved)
        for state in plans:
            received = self.moment(self.received_day(state))
            client = None
            while unserved and client is None:  # everyone asked at least once
                candidate = unserved.pop()
                client = None if self.is_blocked(candidate, received) else candidate
            for _attempt in range(20):
                if client is not None:
                    break
                candidate = rng.choices(self.clients, weights)[0]
                client = None if self.is_blocked(candidate, received) else candidate
            client = client or self.clients[0]
            if self.is_blocked(client, received):
                self.add_request(
                    client, State.DECLINED if state != State.NEW else state, received, reason=DecisionReason.BLACKLISTED
                )
            else:
                self.add_request(client, state, received)

    def received_day(self, state: State) -> date:
        span = 365 * self.scale
        if state == State.NEW:
            return self.days_ago(1, 21)
        if state == State.NEGOTIATING:
            return self.days_ago(4, 60)
        return self.days_ago(3, span - 1)

    def add_request(
        self,
        client: Client,
        state: State,
        received: datetime,
        *,
        small: bool = False,
        negotiate: bool | None = None,
        reason: DecisionReason | None = None,
        spam: bool = False,
    ) -> IncomingRequest:
        rng = self.rng
        lang = client.language
        ideas = samples.PROJECT_IDEAS
        own = [idea for idea in ideas if set(idea[2]) <= set(samples.OWN_SKILLS)]
        other = [idea for idea in ideas if not set(idea[2]) <= set(samples.OWN_SKILLS)]
        if state == State.REFERRED:
            idea = rng.choice(other if self.chance(0.7) else own)
        elif state in (State.ACCEPTED, State.NEGOTIATING):
            idea = rng.choice(own)
        else:
            idea = rng.choice(ideas)
        title_fr, title_en, skill_names, (low, high) = idea
        if small:
            low, high = min(low, 10), min(high, 30)
        title = (title_fr if lang == "fr" else title_en) + rng.choice(
            samples.TITLE_SUFFIXES_FR if lang == "fr" else samples.TITLE_SUFFIXES_EN
        )
        base_title = title_fr if lang == "fr" else title_en
        opening = rng.choice(samples.DESCRIPTION_OPENINGS[lang]).format(thing=base_title)
        details = rng.sample(samples.DESCRIPTION_DETAILS[lang], rng.randint(1, 2))
        hours = Decimal(rng.randint(low, high))
        channel = self.pick_channel(state, spam)
        desired_start = deadline = None
        if self.chance(0.7):
            desired_start = self.local_day(received) + timedelta(days=rng.randint(7, 45))
            if self.chance(0.6):
                deadline = desired_start + timedelta(days=rng.randint(14, 90))
        incoming = IncomingRequest(
            owner=self.owner,
            client=client,
            title=title[:200],
            description=" ".join([opening, *details]),
            channel=channel,
            source_colleague=self.pick_colleague(lang) if channel == Channel.REFERRAL else None,
            estimated_hours=None if state == State.NEW and self.chance(0.15) else hours,
            currency="EUR",
            desired_start=desired_start,
            deadline=deadline,
            received_at=received,
            owner_notified_at=received if channel == Channel.WEBSITE else None,  # history: already told
            state=State.NEW,
            marked_spam=spam or (state == State.IGNORED and self.chance(0.4)),
        )
        self.set_budget(incoming, state, hours, reason)
        self.stamp(incoming, received)
        self.requests.append(incoming)
        self.skill_names[id(incoming)] = list(skill_names)
        self.request_skills += [(incoming, self.skills[name]) for name in skill_names]
        if state != State.NEW:
            self.decide(incoming, state, negotiate=negotiate, reason=reason)
        return incoming

    def pick_channel(self, state: State, spam: bool) -> str:
        if spam or state == State.IGNORED:
            return self.rng.choice([Channel.EMAIL, Channel.SOCIAL, Channel.MARKETPLACE, Channel.WEBSITE])
        options = [
            Channel.EMAIL,
            Channel.WEBSITE,
            Channel.PHONE,
            Channel.REFERRAL,
            Channel.MARKETPLACE,
            Channel.SOCIAL,
            Channel.OTHER,
        ]
        return self.rng.choices(options, [47, 16, 11, 12, 9, 4, 1])[0]

    def set_budget(self, incoming: IncomingRequest, state: State, hours: Decimal, reason) -> None:
        rng = self.rng
        if self.chance(0.1) and state != State.ACCEPTED:
            incoming.budget_kind, incoming.budget_amount = BudgetKind.FIXED, None
            return
        cheap = state == State.NEGOTIATING or reason == DecisionReason.RATE_BELOW_MINIMUM
        rate = rng.randint(30, 50) if cheap or (state == State.DECLINED and self.chance(0.3)) else rng.randint(58, 95)
        kind = rng.choices([BudgetKind.FIXED, BudgetKind.DAILY, BudgetKind.HOURLY], [60, 25, 15])[0]
        incoming.budget_kind = kind
        if kind == BudgetKind.FIXED:
            incoming.budget_amount = round_to(float(hours) * rate, 50)
        elif kind == BudgetKind.DAILY:
            incoming.budget_amount = round_to(rate * 7, 10)
        else:
            incoming.budget_amount = money(rate)

    def decide(self, incoming: IncomingRequest, state: State, *, negotiate=None, reason=None) -> None:
        """Record the path to `state` as Decision rows, as the triage would have written them."""
        if negotiate is None:
            negotiate = state in (State.ACCEPTED, State.REFERRED, State.DECLINED) and self.chance(0.25)
            negotiate = negotiate and reason != DecisionReason.BLACKLISTED
        at = self.later(incoming.received_at, 2, 72)
        if negotiate or state == State.NEGOTIATING:
            self.negotiated.add(id(incoming))
            self.add_decision(incoming, State.NEW, State.NEGOTIATING, None, at)
            if state != State.NEGOTIATING:
                at = self.later(at, 24 * 3, 24 * 15)
                self.add_decision(incoming, State.NEGOTIATING, state, reason, at)
        else:
            self.add_decision(incoming, State.NEW, state, reason, at)
        incoming.state = state
        incoming.decided_at = at
        incoming.updated_at = at

    def add_decision(self, incoming: IncomingRequest, from_state, to_state, reason, at: datetime) -> None:
        rng = self.rng
        client = incoming.client
        day = self.local_day(at)
        counter_offer = proposed_start = None
        colleague_name = ""
        if to_state == State.ACCEPTED:
            reason = DecisionReason.FITS
        elif to_state == State.NEGOTIATING:
            reason = rng.choice(
                [DecisionReason.RATE_BELOW_MINIMUM, DecisionReason.RATE_BELOW_MINIMUM, DecisionReason.NO_TIME]
            )
            if reason == DecisionReason.RATE_BELOW_MINIMUM:
                counter_offer = round_to(float(incoming.estimated_hours or 20) * 75, 50)
            proposed_start = day + timedelta(days=rng.randint(14, 50))
        elif to_state == State.REFERRED:
            own = set(self.skill_names[id(incoming)]) <= set(samples.OWN_SKILLS)
            reason = DecisionReason.NO_TIME if own else DecisionReason.OUTSIDE_SKILLS
            colleague = self.pick_colleague(client.language, self.skill_names[id(incoming)])
            self.referred_to[id(incoming)] = colleague
            colleague_name = colleague.name
        elif to_state == State.DECLINED:
            reason = (
                reason
                or rng.choices(
                    [DecisionReason.NO_TIME, DecisionReason.RATE_BELOW_MINIMUM, DecisionReason.VISIBILITY],
                    [55, 35, 10],
                )[0]
            )
            incoming.keep_warm = reason == DecisionReason.NO_TIME and self.chance(0.4)
        elif to_state == State.IGNORED:
            reason = DecisionReason.SPAM_OR_REPEAT
        note_fr, note_en = samples.DECISION_NOTES[reason]
        decision = Decision(
            owner=self.owner,
            incoming=incoming,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            note=(note_fr if client.language == "fr" else note_en) if self.chance(0.6) else "",
            reply=self.reply(incoming, to_state, reason, day, counter_offer, colleague_name),
            counter_offer=counter_offer,
            proposed_start=proposed_start,
            decided_at=at,
        )
        self.decisions.append(self.stamp(decision, at))
        self.decisions_of[id(incoming)].append(decision)

    def reply(self, incoming: IncomingRequest, to_state, reason, day: date, amount, colleague_name: str) -> str:
        """The reply as the triage would have drafted it, in the client's language and form of address."""
        if to_state == State.IGNORED:
            return ""  # no answer is the answer
        client = incoming.client
        first_name = client.name.split(" ")[0]
        form = "en" if client.language == "en" else client.address_form
        case = str(to_state)
        if to_state == State.DECLINED:
            case = {DecisionReason.NO_TIME: "declined:no_time", DecisionReason.RATE_BELOW_MINIMUM: "declined:budget"}
            case = case.get(reason, "declined:other")
            if reason == DecisionReason.RATE_BELOW_MINIMUM:
                amount = round_to(float(incoming.estimated_hours or 20) * 55, 50)
        key = (case, client.language, "" if client.language == "en" else client.address_form)
        free_on = day + timedelta(days=self.rng.randint(14, 60))
        with translation.override(client.language):
            when = date_format(free_on, "j F Y")  # spelled out in a letter, as the drafted replies write it
        if client.language == "fr":
            price_text = f"{amount:,.0f} €".replace(",", "\u202f") if amount else "un budget plus élevé"
        else:
            price_text = f"€{amount:,.0f}" if amount else "a larger budget"
        body = samples.REPLIES[key].format(date=when, amount=price_text, colleague=colleague_name)
        signature = self.profile.signature_for(client.language).splitlines()[0]
        return "\n\n".join([samples.GREETINGS[form].format(name=first_name), body, samples.CLOSINGS[form], signature])
