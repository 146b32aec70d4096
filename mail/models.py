"""A user's mailbox: where requests arrive (IMAP), how replies leave (SMTP), and each message read or sent."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from accounts.models import OwnedModel


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    # Only for a server on the site's own machine or network (see mail/hosts.py): the password would cross the
    # network in clear anywhere else, so the form refuses it for any other host.
    NONE = "none", _("None (a server on this machine or network only)")


class SendingMode(models.TextChoices):
    OWN = "own", _("My own SMTP server")
    SITE = "site", _("Tact's server, with my address as Reply-To")


class FailureKind(models.TextChoices):
    """What stopped the last connection, in the order a connection meets them."""

    DNS = "dns", _("The server name could not be found")
    REFUSED = "refused", _("The server refused the connection")
    TIMEOUT = "timeout", _("The server did not answer in time")
    PRIVATE = "private", _("The server is on a private network")
    TLS = "tls", _("The secure connection failed")
    LOGIN = "login", _("The login or password was refused")
    FOLDER = "folder", _("The folder does not exist")
    PROTOCOL = "protocol", _("The server answered something unexpected")
    NETWORK = "network", _("The connection failed")


class MailAccount(OwnedModel):
    """One per user. Off until the user fills it in; passwords are encrypted at rest (keys from the environment)."""

    enabled = models.BooleanField(_("read this mailbox"), default=True)
    address = models.EmailField(_("my email address"))
    imap_host = models.CharField(_("IMAP server"), max_length=255)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(_("IMAP security"), max_length=8, choices=Security.choices, default=Security.SSL)
    imap_login = models.CharField(_("IMAP login"), max_length=255)
    imap_password = EncryptedCharField(_("IMAP password"), max_length=255)
    imap_folder = models.CharField(_("folder to watch"), max_length=255, default="INBOX")
    sending_mode = models.CharField(_("sending"), max_length=4, choices=SendingMode.choices, default=SendingMode.SITE)
    smtp_host = models.CharField(_("SMTP server"), max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=465)
    smtp_security = models.CharField(_("SMTP security"), max_length=8, choices=Security.choices, default=Security.SSL)
    smtp_login = models.CharField(_("SMTP login"), max_length=255, blank=True)
    # Nullable: the encrypted field stores an empty password as NULL.
    smtp_password = EncryptedCharField(_("SMTP password"), max_length=255, blank=True, null=True)
    sent_folder = models.CharField(_("copy sent replies to the folder"), max_length=255, blank=True)
    # Where the import stands: only UIDs above last_uid are fetched while the folder's UIDVALIDITY is unchanged.
    uid_validity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_error_kind = models.CharField(_("what failed"), max_length=8, choices=FailureKind.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)  # the detail: the server's own words
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    # One reader at a time: a job claims the account until this time by a conditional UPDATE (a lease, so a
    # worker that died does not keep the mailbox for ever).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mail account")
        verbose_name_plural = _("mail accounts")
        constraints = [models.UniqueConstraint(fields=["owner"], name="mail_account_one_per_owner")]

    def __str__(self) -> str:
        return self.address


class InboundKind(models.TextChoices):
    REQUEST = "request", _("New request")
    ANSWER = "answer", _("Client’s answer")
    SKIPPED = "skipped", _("Skipped")


class SkipReason(models.TextChoices):
    AUTOMATIC = "automatic", _("An automatic message (auto-reply, newsletter, mailing list or bounce)")
    NO_SENDER = "no_sender", _("No sender address could be read")
    FROM_ME = "from_me", _("Sent from your own address")
    UNREADABLE = "unreadable", _("The message could not be read")


class InboundMessage(OwnedModel):
    """A message read from the user's mailbox, once: the Message-ID is unique per owner."""

    # Deleting the mail settings keeps what was read: the requests' original messages, and the Message-IDs that
    # make a mailbox connected again import nothing twice.
    account = models.ForeignKey(MailAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    message_id = models.CharField(_("Message-ID"), max_length=998)
    uid = models.BigIntegerField()
    uid_validity = models.BigIntegerField()
    kind = models.CharField(_("kind"), max_length=8, choices=InboundKind.choices)
    skip_reason = models.CharField(_("why it was skipped"), max_length=255, choices=SkipReason.choices, blank=True)
    incoming = models.ForeignKey(
        "projects.IncomingRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mail_messages",
        verbose_name=_("request"),
    )
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    from_name = models.CharField(_("sender’s name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)  # guessed from the text
    # The sender's address is an existing client's: the request went to that client, which the address alone
    # does not prove (a From is easy to forge), so the triage page says so.
    client_matched = models.BooleanField(_("matched a client by the address on file"), default=False)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)  # [{"name": ..., "size": ...}]
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)

    class Meta:
        verbose_name = _("message received")
        verbose_name_plural = _("messages received")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "message_id"], name="inbound_message_once_per_owner"),
            models.CheckConstraint(condition=Q(kind__in=InboundKind.values), name="inbound_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["owner", "incoming"], name="inbound_owner_request_idx"),
            models.Index(fields=["owner", "from_address", "received_at"], name="inbound_owner_sender_idx"),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id


class OutboundState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")


class OutboundMessage(OwnedModel):
    """A reply sent from Tact. Claimed (pending → sending) by one conditional UPDATE before it goes out."""

    decision = models.OneToOneField(
        "projects.Decision", on_delete=models.CASCADE, related_name="outbound", verbose_name=_("decision")
    )
    incoming = models.ForeignKey("projects.IncomingRequest", on_delete=models.CASCADE, related_name="outbound_messages")
    message_id = models.CharField(_("Message-ID"), max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=8, choices=OutboundState.choices, default=OutboundState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("server's answer"), blank=True)

    class Meta:
        verbose_name = _("reply sent")
        verbose_name_plural = _("replies sent")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=OutboundState.values), name="outbound_state_valid"),
        ]
        indexes = [models.Index(fields=["owner", "incoming"], name="outbound_owner_request_idx")]

    def __str__(self) -> str:
        return self.subject
