"""The freelancer's own wording of the replies triage drafts."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, OwnedModel
from projects.models import DecisionReason, State


class ReplyTemplate(OwnedModel):
    """The user's own wording of a reply for one decision, reason and language."""

    decision = models.CharField(_("decision"), max_length=11, choices=State.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DecisionReason.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["decision", "reason", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "decision", "reason", "language"], name="reply_template_unique_per_case"
            ),
            models.CheckConstraint(condition=~Q(decision=State.NEW), name="reply_template_not_for_new"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} / {self.get_reason_display()} ({self.language})"
