"""Reads of colleagues and referrals: every function takes owner= and returns only that owner's rows."""

from django.db.models import QuerySet

from accounts.models import get_owned_or_404

from .models import Colleague, Referral


def colleague_list(*, owner) -> QuerySet[Colleague]:
    return Colleague.objects.owned_by(owner)


def colleague_get(*, owner, colleague_id: int) -> Colleague:
    return get_owned_or_404(Colleague, owner=owner, pk=colleague_id)


def referral_list(*, owner) -> QuerySet[Referral]:
    return Referral.objects.owned_by(owner).select_related("colleague", "client", "incoming")


def referral_get(*, owner, referral_id: int) -> Referral:
    return get_owned_or_404(referral_list(owner=owner), owner=owner, pk=referral_id)


def colleague_match(*, owner, skill_ids, language: str | None = None) -> list[Colleague]:
    """Colleagues who can take work needing these skills.

    FIRST VERSION (issue #2): any shared skill, trusted first. Issue #6 orders by skill fit, then by
    how much I owe them, then by trust.
    """
    colleagues = colleague_list(owner=owner).filter(skills__in=list(skill_ids)).distinct()
    if language == "en":
        colleagues = colleagues.filter(speaks_english=True)
    elif language == "fr":
        colleagues = colleagues.filter(speaks_french=True)
    return list(colleagues.order_by("-trusted", "name"))
