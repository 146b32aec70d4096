"""A database migrated before reminders, digests and reply templates changed app migrates forward (and back) intact.

The move renames tables and relabels content types instead of copying rows, so only a real migration run proves it.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from projects.models import IncomingRequest
from triage.models import ReplyTemplate
from workspace.models import DigestSent, Reminder

BEFORE_MOVE = [
    ("accounts", "0002_digestsent_reminder"),
    ("projects", "0004_incoming_owner_notified"),
    ("workspace", None),
    ("triage", None),
]
MOVE = {
    ("accounts", "0003_reminders_move_to_workspace"),
    ("workspace", "0001_initial"),
    ("projects", "0005_reply_templates_move_to_triage"),
    ("triage", "0001_initial"),
}
# (old app, new app, model): the rows and content types that change app.
MOVED = [
    ("accounts", "workspace", "reminder"),
    ("accounts", "workspace", "digestsent"),
    ("projects", "triage", "replytemplate"),
]
OLD_TABLES = {"accounts_reminder", "accounts_digestsent", "projects_replytemplate"}
NEW_TABLES = {"workspace_reminder", "workspace_digestsent", "triage_replytemplate"}
NOW = timezone.now().replace(microsecond=123456)


def _migrate(targets):
    """Run the migrations with a fresh loader (a loader remembers what was applied when it was built)."""
    MigrationExecutor(connection).migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _historical_apps():
    """The models exactly as the migrations applied to the database now describe them."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(sorted(loader.applied_migrations)).apps


def _applied():
    return set(MigrationExecutor(connection).loader.applied_migrations)


def _tables():
    return set(connection.introspection.table_names())


def _rows(model):
    return list(model.objects.order_by("pk").values())


@pytest.fixture
def old_apps(transactional_db):
    """The test database taken back to before the move; it is migrated to the latest again whatever happens."""
    try:
        _migrate(BEFORE_MOVE)
        assert not _applied() & MOVE
        assert _tables() & (OLD_TABLES | NEW_TABLES) == OLD_TABLES
        yield _historical_apps()
    finally:
        _migrate(_latest())
        ContentType.objects.clear_cache()


def _seed(apps):
    """Rows of every moved model, linked to everything they can link to, written through the historical models."""
    get = apps.get_model
    user = get("auth", "User").objects.create(username="before-move", email="owner@example.com", is_active=True)
    client = get("clients", "Client").objects.create(owner=user, name="Zoé Client", email="zoe@example.com")
    incoming = get("projects", "IncomingRequest").objects.create(
        owner=user, client=client, title="Site vitrine", received_at=NOW - datetime.timedelta(days=3)
    )
    project = get("projects", "Project").objects.create(
        owner=user,
        client=client,
        title="Refonte",
        start=datetime.date(2026, 1, 5),
        end=datetime.date(2026, 2, 5),
        hours=Decimal("40"),
    )
    invoice = get("projects", "Invoice").objects.create(
        owner=user,
        project=project,
        number="F-2026-001",
        amount=Decimal("1200.00"),
        issued_on=datetime.date(2026, 2, 6),
        due_on=datetime.date(2026, 3, 8),
    )
    colleague = get("referrals", "Colleague").objects.create(owner=user, name="Camille")
    referral = get("referrals", "Referral").objects.create(
        owner=user, colleague=colleague, direction="received", incoming=incoming
    )

    old_reminder = get("accounts", "Reminder")
    reminders = [
        old_reminder.objects.create(
            owner=user,
            kind="untriaged",
            subject_key=f"incoming:{incoming.pk}",
            incoming=incoming,
            read_at=NOW,
            emailed_at=NOW - datetime.timedelta(hours=1),
        ),
        old_reminder.objects.create(
            owner=user,
            kind="invoice_overdue",
            subject_key=f"invoice:{invoice.pk}:day7",
            invoice=invoice,
            days_overdue=7,
        ),
        old_reminder.objects.create(
            owner=user, kind="thank_you", subject_key=f"referral:{referral.pk}", referral=referral
        ),
    ]
    old_digest = get("accounts", "DigestSent")
    old_digest.objects.create(owner=user, period="2026-W47")
    old_digest.objects.create(owner=user, period="2026-11-22")
    old_template = get("projects", "ReplyTemplate")
    old_template.objects.create(
        owner=user, decision="declined", reason="no_time", language="fr", subject="Désolé", body="Pas le temps… «merci»"
    )
    old_template.objects.create(
        owner=user, decision="accepted", reason="fits", language="en", subject="Yes", body="Let's talk.\nBest"
    )

    content_type = get("contenttypes", "ContentType")
    content_types = {
        model: content_type.objects.get_or_create(app_label=old, model=model)[0].pk for old, _new, model in MOVED
    }
    permission, _ = get("auth", "Permission").objects.get_or_create(
        content_type_id=content_types["reminder"], codename="view_reminder", defaults={"name": "Can view reminder"}
    )
    user.user_permissions.add(permission)
    log_entry = get("admin", "LogEntry").objects.create(
        user=user,
        content_type_id=content_types["reminder"],
        object_id=str(reminders[0].pk),
        object_repr="untriaged",
        action_flag=1,
    )
    return {
        "user": user.pk,
        "incoming": incoming.pk,
        "invoice": invoice.pk,
        "referral": referral.pk,
        "reminders": [reminder.pk for reminder in reminders],
        "content_types": content_types,
        "permission": permission.pk,
        "log_entry": log_entry.pk,
        "rows": {
            "reminder": _rows(old_reminder),
            "digestsent": _rows(old_digest),
            "replytemplate": _rows(old_template),
        },
    }


def _assert_content_types(content_types, *, moved):
    """Each content type kept its pk and says the app the model lives in; no second one appeared."""
    for old, new, model in MOVED:
        expected, stale = (new, old) if moved else (old, new)
        assert ContentType.objects.filter(model=model).values_list("pk", "app_label").get() == (
            content_types[model],
            expected,
        )
        assert not ContentType.objects.filter(app_label=stale, model=model).exists()


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_survive_it(old_apps):
    seeded = _seed(old_apps)

    _migrate(_latest())
    assert _applied() >= MOVE
    assert _tables() & (OLD_TABLES | NEW_TABLES) == NEW_TABLES
    ContentType.objects.clear_cache()

    assert _rows(Reminder) == seeded["rows"]["reminder"]
    assert _rows(DigestSent) == seeded["rows"]["digestsent"]
    assert _rows(ReplyTemplate) == seeded["rows"]["replytemplate"]

    untriaged, overdue, thank_you = (Reminder.objects.get(pk=pk) for pk in seeded["reminders"])
    assert untriaged.owner.username == "before-move"
    assert untriaged.incoming.title == "Site vitrine"
    assert (untriaged.read_at, untriaged.emailed_at) == (NOW, NOW - datetime.timedelta(hours=1))
    assert overdue.invoice.number == "F-2026-001"
    assert overdue.invoice.project.title == "Refonte"
    assert overdue.days_overdue == 7
    assert thank_you.referral.colleague.name == "Camille"
    assert list(IncomingRequest.objects.get(pk=seeded["incoming"]).reminders.all()) == [untriaged]
    assert set(DigestSent.objects.values_list("owner__username", "period")) == {
        ("before-move", "2026-W47"),
        ("before-move", "2026-11-22"),
    }
    declined = ReplyTemplate.objects.get(decision="declined")
    assert (declined.owner_id, declined.subject, declined.body) == (seeded["user"], "Désolé", "Pas le temps… «merci»")

    content_types = seeded["content_types"]
    _assert_content_types(content_types, moved=True)
    assert ContentType.objects.get_for_model(Reminder).pk == content_types["reminder"]
    assert ContentType.objects.get_for_model(DigestSent).pk == content_types["digestsent"]
    assert ContentType.objects.get_for_model(ReplyTemplate).pk == content_types["replytemplate"]
    assert Permission.objects.get(pk=seeded["permission"]).content_type.app_label == "workspace"
    assert User.objects.get(pk=seeded["user"]).has_perm("workspace.view_reminder")
    assert LogEntry.objects.get(pk=seeded["log_entry"]).get_edited_object() == untriaged

    # The renamed tables kept their keys, constraints and id sequences.
    owner = untriaged.owner
    fresh = Reminder.objects.create(owner=owner, kind="ghosting", subject_key="incoming:fresh")
    assert fresh.pk > max(seeded["reminders"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(owner=owner, kind="untriaged", subject_key=untriaged.subject_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(owner=owner, kind="not_a_kind", subject_key="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(owner=owner, kind="ghosting", subject_key="y", incoming_id=seeded["incoming"] + 10_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSent.objects.create(owner=owner, period="2026-W47")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplyTemplate.objects.create(owner=owner, decision="declined", reason="no_time", language="fr", subject="s")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplyTemplate.objects.create(owner=owner, decision="new", reason="fits", language="fr", subject="s")
    assert ReplyTemplate.objects.create(
        owner=owner, decision="declined", reason="no_time", language="en", subject="Sorry"
    ).pk > max(row["id"] for row in seeded["rows"]["replytemplate"])


@pytest.mark.django_db(transaction=True)
def test_rolling_the_move_back_and_forward_again_keeps_every_row(old_apps):
    seeded = _seed(old_apps)
    _migrate(_latest())
    owner = User.objects.get(pk=seeded["user"])
    Reminder.objects.create(owner=owner, kind="warm_request", subject_key="incoming:after-move")
    ReplyTemplate.objects.create(owner=owner, decision="referred", reason="no_time", language="fr", subject="Voir X")
    after_move = {"reminder": _rows(Reminder), "digestsent": _rows(DigestSent), "replytemplate": _rows(ReplyTemplate)}
    assert len(after_move["reminder"]) == 4

    _migrate(BEFORE_MOVE)
    assert not _applied() & MOVE
    ContentType.objects.clear_cache()
    apps = _historical_apps()
    assert _rows(apps.get_model("accounts", "Reminder")) == after_move["reminder"]
    assert _rows(apps.get_model("accounts", "DigestSent")) == after_move["digestsent"]
    assert _rows(apps.get_model("projects", "ReplyTemplate")) == after_move["replytemplate"]
    _assert_content_types(seeded["content_types"], moved=False)

    _migrate(_latest())
    assert _applied() >= MOVE
    ContentType.objects.clear_cache()
    assert _rows(Reminder) == after_move["reminder"]
    assert _rows(DigestSent) == after_move["digestsent"]
    assert _rows(ReplyTemplate) == after_move["replytemplate"]
    _assert_content_types(seeded["content_types"], moved=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(owner=owner, kind="warm_request", subject_key="incoming:after-move")
