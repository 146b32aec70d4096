"""Reads of triage: the user's own reply wording."""

from django.db.models import QuerySet

from .models import ReplyTemplate


def reply_template_list(*, owner) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.owned_by(owner)


def reply_template_find(*, owner, decision: str, reason: str, language: str) -> ReplyTemplate | None:
    """The user's own wording for this case, if they wrote one."""
    return reply_template_list(owner=owner).filter(decision=decision, reason=reason, language=language).first()
