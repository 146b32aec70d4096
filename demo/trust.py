"""Demo data: red flags of every kind and the referrals exchanged with colleagues."""

from __future__ import annotations

from datetime import date, timedelta

from clients.models import (
    Client,
    RedFlag,
    RedFlagKind,
    RedFlagStatus,
    Severity,
)
from projects.models import (
    DecisionReason,
    IncomingRequest,
    Invoice,
    Project,
    State,
)
from referrals.models import Direction, Outcome, Referral

from . import samples
from .base import Planner, round_to


class TrustPlanner(Planner):
    """Who can be trusted: flags on clients, give and take with colleagues."""

    # --- red flags -------------------------------------------------------------------------------
    def plan_red_flags(self) -> None:
        rng = self.rng
        for client in self.blacklisted:
            self.plan_blacklist_flags(client)
        target = self.n(25)
        kinds = list(RedFlagKind.values)
        rng.shuffle(kinds)
        while len(kinds) < target - len(self.red_flags):
            kinds.append(rng.choices(RedFlagKind.values, [5, 2, 3, 2, 4, 2, 2, 1, 4, 2])[0])
        for kind in kinds:
            self.add_flag_somewhere(kind)
        withdrawable = [f for f in self.red_flags if f.status == RedFlagStatus.ACTIVE and not f.client.is_blacklisted]
        for flag in rng.sample(withdrawable, min(len(withdrawable), self.n(3))):
            flag.status = RedFlagStatus.WITHDRAWN
            withdrawn = flag.occurred_on + timedelta(days=rng.randint(5, 40))
            flag.withdrawn_at = self.moment(min(withdrawn, self.today - timedelta(days=1)))
            flag.withdrawal_reason = rng.choice(samples.WITHDRAWAL_REASONS)
            flag.updated_at = max(flag.created_at, flag.withdrawn_at)
        self.decline_flagged_clients()

    def plan_blacklist_flags(self, client: Client) -> None:
        story = self.stories[id(client)]
        mine = [i for i in self.requests if i.client is client]
        limit = self.local_day(self.first_added(client)) - timedelta(days=1)
        if story == "unpaid":
            invoices = [i for i in self.invoices if i.project.client is client and i.paid_on is None]
            invoice = invoices[-1] if invoices else None
            due = invoice.due_on if invoice else limit
            self.add_flag(client, RedFlagKind.LATE_PAYMENT, min(due + timedelta(days=8), limit), invoice=invoice)
            self.add_flag(client, RedFlagKind.UNPAID_VANISHED, limit, Severity.SEVERE, invoice=invoice)
        elif story == "disrespect":
            incoming = mine[0]
            day = min(self.local_day(incoming.decided_at), limit)
            self.add_flag(client, RedFlagKind.RATE_HAGGLING, day, Severity.MINOR, incoming=incoming)
            self.add_flag(client, RedFlagKind.DISRESPECT, day, Severity.SEVERE, incoming=incoming)
        else:
            for incoming in [i for i in mine if i.marked_spam][:2]:
                day = min(self.local_day(incoming.received_at), limit)
                self.add_flag(client, RedFlagKind.SPAM, day, Severity.SERIOUS, incoming=incoming)

    def add_flag_somewhere(self, kind: str) -> None:
        """Attach a flag of `kind` to what it is about (invoice, request, project), preferably a problem client's."""
        problem = {id(c) for c in self.problem_candidates()}
        blacklisted = {id(c) for c in self.blacklisted}
        flagged = {(id(f.invoice), f.kind) for f in self.red_flags if f.invoice is not None}
        anchors: list = []
        if kind in (RedFlagKind.LATE_PAYMENT, RedFlagKind.UNPAID_VANISHED):
            anchors = [
                i
                for i in self.invoices
                if (id(i), kind) not in flagged
                and (self.overdue(i) or (kind == RedFlagKind.LATE_PAYMENT and i.paid_on and i.paid_on > i.due_on))
            ]
            if kind == RedFlagKind.UNPAID_VANISHED:
                anchors = [i for i in anchors if i.due_on < self.today - timedelta(days=45)] or anchors
        elif kind in (RedFlagKind.RENEGOTIATION, RedFlagKind.TREATS_AS_EMPLOYEE, RedFlagKind.SCOPE_CREEP):
            anchors = [p for p in self.projects if p.start < self.today]
        elif kind == RedFlagKind.SPAM:
            anchors = [i for i in self.requests if i.state == State.IGNORED]
        elif kind == RedFlagKind.GHOSTING:
            anchors = [i for i in self.requests if id(i) in self.negotiated and i.state != State.ACCEPTED]
        elif kind == RedFlagKind.VISIBILITY:
            anchors = [i for i in self.requests if i.state == State.DECLINED]
        else:  # haggling, disrespect: anything they asked
            anchors = [i for i in self.requests if i.state != State.NEW]
        owners = [(a, id(self.anchor_client(a))) for a in anchors]
        anchors = [a for a, client_key in owners if client_key not in blacklisted]
        preferred = [a for a, client_key in owners if client_key in problem and client_key not in blacklisted]
        anchor = self.rng.choice(preferred or anchors) if anchors else None
        if anchor is None:
            client = self.rng.choice(self.problem_candidates())
            self.add_flag(client, kind, self.days_ago(10, 200))
        elif isinstance(anchor, Invoice):
            day = min(anchor.due_on + timedelta(days=self.rng.randint(5, 40)), self.today)
            status = RedFlagStatus.PROPOSED if self.overdue(anchor) and self.chance(0.4) else None
            if status is None and kind == RedFlagKind.LATE_PAYMENT and self.chance(0.15):
                status = RedFlagStatus.DISMISSED  # the automatic proposal, turned down
            self.add_flag(anchor.project.client, kind, day, invoice=anchor, project=anchor.project, status=status)
        elif isinstance(anchor, Project):
            day = min(anchor.start + timedelta(days=self.rng.randint(3, 20)), self.today)
            self.add_flag(anchor.client, kind, day, project=anchor)
        else:
            if kind == RedFlagKind.SPAM:
                anchor.marked_spam = True
            if kind == RedFlagKind.VISIBILITY:
                self.retag_decision(anchor, DecisionReason.VISIBILITY)
            day = min(self.local_day(anchor.decided_at or anchor.received_at) + timedelta(days=2), self.today)
            self.add_flag(anchor.client, kind, day, incoming=anchor)

    def anchor_client(self, anchor) -> Client:
        return anchor.project.client if isinstance(anchor, Invoice) else anchor.client

    def add_flag(
        self, client, kind, day: date, severity=None, *, incoming=None, project=None, invoice=None, status=None
    ) -> None:
        rng = self.rng
        severe_kinds = (RedFlagKind.UNPAID_VANISHED, RedFlagKind.DISRESPECT)
        minor_kinds = (RedFlagKind.RATE_HAGGLING, RedFlagKind.SPAM, RedFlagKind.SCOPE_CREEP)
        if severity is None:
            severity = (
                Severity.SEVERE if kind in severe_kinds else Severity.MINOR if kind in minor_kinds else Severity.SERIOUS
            )
            if self.chance(0.2):
                severity = rng.choice(Severity.values)
        note_fr, note_en = samples.RED_FLAG_NOTES[kind]
        flag = RedFlag(
            owner=self.owner,
            client=client,
            kind=kind,
            severity=severity,
            occurred_on=day,
            note=note_fr if client.language == "fr" else note_en,
            incoming=incoming,
            project=project,
            invoice=invoice,
            status=status or RedFlagStatus.ACTIVE,
        )
        self.red_flags.append(self.stamp(flag, self.moment(min(day, self.today - timedelta(days=1)))))

    def retag_decision(self, incoming: IncomingRequest, reason: DecisionReason) -> None:
        for decision in self.decisions_of[id(incoming)]:
            if decision.to_state == incoming.state:
                decision.reason = reason
                note_fr, note_en = samples.DECISION_NOTES[reason]
                decision.note = note_fr if incoming.client.language == "fr" else note_en
                day = self.local_day(decision.decided_at)
                decision.reply = self.reply(incoming, decision.to_state, reason, day, None, "")

    def decline_flagged_clients(self) -> None:
        """A later no to a client with an active flag gives the flag as the reason, as triage would."""
        first_flag: dict[int, date] = {}
        for flag in self.red_flags:
            if flag.status == RedFlagStatus.ACTIVE:
                key = id(flag.client)
                first_flag[key] = min(first_flag.get(key, flag.occurred_on), flag.occurred_on)
        for incoming in self.requests:
            flagged_on = first_flag.get(id(incoming.client))
            if incoming.state != State.DECLINED or flagged_on is None:
                continue
            final = self.decisions_of[id(incoming)][-1]
            if final.reason in (DecisionReason.NO_TIME, DecisionReason.RATE_BELOW_MINIMUM) and (
                flagged_on < self.local_day(incoming.received_at)
            ):
                self.retag_decision(incoming, DecisionReason.RED_FLAG_CLIENT)
                incoming.keep_warm = False

    # --- referrals and time off ------------------------------------------------------------------
    def plan_referrals(self) -> None:
        rng = self.rng
        projects = {id(p.incoming): p for p in self.projects}
        for incoming in self.requests:
            colleague = self.referred_to.get(id(incoming))
            if incoming.state == State.REFERRED and colleague is not None:
                day = self.local_day(incoming.decided_at)
                outcome = self.referral_outcome(day)
                value = round_to(float(incoming.estimated_hours or 20) * rng.randint(55, 85), 50)
                self.add_referral(
                    colleague, Direction.GIVEN, day, incoming, outcome, value if outcome == Outcome.WON else None
                )
            if incoming.source_colleague is not None:
                day = self.local_day(incoming.received_at)
                project = projects.get(id(incoming))
                if project is not None:
                    outcome, value = Outcome.WON, project.price
                elif incoming.state in (State.NEW, State.NEGOTIATING):
                    outcome, value = Outcome.PENDING, None
                else:
                    outcome, value = Outcome.LOST, None
                self.add_referral(incoming.source_colleague, Direction.RECEIVED, day, incoming, outcome, value)
        for _ in range(max(0, self.n(40) - len(self.referrals))):
            direction = rng.choice([Direction.GIVEN, Direction.RECEIVED])
            day = self.days_ago(5, 365 * self.scale - 1)
            outcome = self.referral_outcome(day)
            value = round_to(rng.randint(800, 9000), 100) if outcome == Outcome.WON else None
            self.add_referral(rng.choice(self.colleagues), direction, day, None, outcome, value)

    def referral_outcome(self, day: date) -> str:
        if day > self.today - timedelta(days=30) and self.chance(0.6):
            return Outcome.PENDING
        return self.rng.choices([Outcome.WON, Outcome.LOST, Outcome.PENDING], [55, 35, 10])[0]

    def add_referral(self, colleague, direction, day: date, incoming, outcome, value) -> None:
        thanked_on = None
        if direction == Direction.RECEIVED and outcome == Outcome.WON and self.chance(0.75):
            thanked_on = min(day + timedelta(days=self.rng.randint(1, 10)), self.today)
        referral = Referral(
            owner=self.owner,
            colleague=colleague,
            direction=direction,
            referred_on=day,
            client=incoming.client if incoming else None,
            incoming=incoming,
            description=self.rng.choice(samples.REFERRAL_DESCRIPTIONS[direction]),
            outcome=outcome,
            value=value,
            currency="EUR",
            thanked_on=thanked_on,
        )
        self.referrals.append(self.stamp(referral, self.moment(min(day, self.today - timedelta(days=1)))))
