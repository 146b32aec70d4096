"""factory_boy factories: related objects always share the owner of the row that uses them."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from clients.models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagKind, Severity, Tag
from mail.models import InboundKind, InboundMessage, MailAccount, OutboundMessage, SendingMode
from projects.models import (
    Booking,
    Decision,
    DecisionReason,
    IncomingRequest,
    Invoice,
    Project,
    Skill,
    State,
    TimeOff,
)
from referrals.models import Colleague, Direction, Referral
from triage.models import ReplyTemplate

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"freelancer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Client {n}")
    company = factory.Sequence(lambda n: f"Company {n}")
    email = factory.Sequence(lambda n: f"contact{n}@company{n}.fr")


class RedFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedFlag

    client = factory.SubFactory(ClientFactory)
    owner = factory.SelfAttribute("client.owner")
    kind = RedFlagKind.LATE_PAYMENT
    severity = Severity.SERIOUS
    occurred_on = factory.LazyFunction(timezone.localdate)
    note = "Paid three weeks late."


class BlacklistEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlacklistEvent

    client = factory.SubFactory(ClientFactory, is_blacklisted=True)
    owner = factory.SelfAttribute("client.owner")
    action = BlacklistAction.ADDED
    reason = "Unpaid invoice, then silence."


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("owner", "name")

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"skill-{n}")


class IncomingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingRequest

    client = factory.SubFactory(ClientFactory)
    owner = factory.SelfAttribute("client.owner")
    title = factory.Sequence(lambda n: f"Website redesign {n}")
    description = "A new site for our shop."
    estimated_hours = Decimal("20")
    budget_amount = Decimal("1500")
    desired_start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=37))
    state = State.NEW


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    incoming = factory.SubFactory(IncomingRequestFactory, state=State.ACCEPTED)
    owner = factory.SelfAttribute("incoming.owner")
    from_state = State.NEW
    to_state = State.ACCEPTED
    reason = DecisionReason.FITS


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    client = factory.SubFactory(ClientFactory)
    owner = factory.SelfAttribute("client.owner")
    title = factory.Sequence(lambda n: f"Project {n}")
    start = factory.LazyFunction(timezone.localdate)
    end = factory.LazyAttribute(lambda p: p.start + timedelta(days=27))
    hours = Decimal("40")
    price = Decimal("3000")


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    project = factory.SubFactory(ProjectFactory)
    owner = factory.SelfAttribute("project.owner")
    start = factory.SelfAttribute("project.start")
    end = factory.SelfAttribute("project.end")
    hours = factory.SelfAttribute("project.hours")


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    owner = factory.SubFactory(UserFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    end = factory.LazyAttribute(lambda t: t.start + timedelta(days=6))
    label = "Holidays"


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    project = factory.SubFactory(ProjectFactory)
    owner = factory.SelfAttribute("project.owner")
    number = factory.Sequence(lambda n: f"F-{n:05d}")
    amount = Decimal("1200")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=45))
    due_on = factory.LazyAttribute(lambda i: i.issued_on + timedelta(days=30))


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    owner = factory.SubFactory(UserFactory)
    decision = State.DECLINED
    reason = DecisionReason.NO_TIME
    language = "en"
    subject = "Your request"
    body = "Hello {client_name},"


class ColleagueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Colleague

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Colleague {n}")
    email = factory.Sequence(lambda n: f"colleague{n}@example.net")


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    colleague = factory.SubFactory(ColleagueFactory)
    owner = factory.SelfAttribute("colleague.owner")
    direction = Direction.GIVEN
    description = "Logo for a bakery."


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workspace.Reminder"

    incoming = factory.SubFactory(IncomingRequestFactory)
    owner = factory.SelfAttribute("incoming.owner")
    kind = "untriaged"
    subject_key = factory.Sequence(lambda n: f"incoming:{n}")


class MailAccountFactory(factory.django.DjangoModelFactory):
    """A mailbox that sends through the site's server unless told otherwise."""

    class Meta:
        model = MailAccount

    owner = factory.SubFactory(UserFactory)
    address = factory.Sequence(lambda n: f"freelancer{n}@example.org")
    imap_host = "imap.example.org"
    imap_login = factory.SelfAttribute("address")
    imap_password = "imap-secret"
    sending_mode = SendingMode.SITE


class OutboundMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundMessage

    decision = factory.SubFactory(DecisionFactory)
    incoming = factory.SelfAttribute("decision.incoming")
    owner = factory.SelfAttribute("decision.owner")
    message_id = factory.Sequence(lambda n: f"<reply-{n}@example.org>")
    to_address = "client@example.com"
    subject = "Re: Website redesign"
    body = "Hello,\n\nYes, gladly.\n\nCamille"


class InboundMessageFactory(factory.django.DjangoModelFactory):
    """A message read from the owner's mailbox that became their request."""

    class Meta:
        model = InboundMessage

    incoming = factory.SubFactory(IncomingRequestFactory, channel="email")
    owner = factory.SelfAttribute("incoming.owner")
    message_id = factory.Sequence(lambda n: f"<request-{n}@client.example>")
    uid = factory.Sequence(lambda n: n + 1)
    uid_validity = 1
    kind = InboundKind.REQUEST
    from_address = "client@example.com"
    subject = factory.SelfAttribute("incoming.title")
    text = "Hello, could you quote a new site for our shop?"
