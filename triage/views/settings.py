"""Settings for triage: the user's reply templates (with a preview) and the skills they offer."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Language
from accounts.selectors import profile_get
from projects.models import Channel, DecisionReason, State
from projects.selectors import skill_list
from projects.services.skills import skills_offered_set

from ..forms import OfferedSkillsForm, ReplyTemplateForm
from ..replies import VARIABLES, ReplyFacts, default_for, render_draft, template_cases
from ..selectors import reply_template_find, reply_template_list
from ..services import reply_template_reset, reply_template_save


def _sample_facts(request: HttpRequest, language: str) -> ReplyFacts:
    """Made-up facts that show every variable filled, in the reply's language."""
    profile = profile_get(owner=request.user)
    today = timezone.localdate()
    with translation.override(language):
        title, scope = _("New website for the bakery"), _("the home page and the online shop")
    return ReplyFacts(
        language=language,
        address_form="vous",
        client_name="Camille Martin",
        greeting="Camille",
        client_email="camille@example.com",
        title=title,
        channel=Channel.EMAIL,
        signature=profile.signature_for(language) or request.user.get_full_name() or request.user.get_username(),
        vat_mode=profile.vat_mode,
        currency=profile.currency,
        free_from=today + timedelta(days=21),
        proposed_start=today + timedelta(days=28),
        counter_offer=Decimal("4400"),
        reduced_scope=True,
        smaller_scope=scope,
        colleague_name="Alex Dupont",
        colleague_contact="alex@example.net · 06 12 34 56 78",
        missing=("scope", "budget"),
        skills_outside=("Illustration",),
    )


def _case_or_404(data) -> tuple[State, DecisionReason, str]:
    decision, reason, language = (data.get(key, "") for key in ("decision", "reason", "language"))
    if (decision, reason) not in template_cases() or language not in Language.values:
        raise Http404
    return State(decision), DecisionReason(reason), language


def case_query(decision: str, reason: str, language: str) -> str:
    return urlencode({"decision": decision, "reason": reason, "language": language})


@require_GET
def reply_template_list_view(request: HttpRequest) -> HttpResponse:
    custom = {(t.decision, t.reason, t.language): t for t in reply_template_list(owner=request.user)}
    samples = {language: _sample_facts(request, language) for language in Language.values}
    rows = []
    for decision, reason in template_cases():
        for language in Language.values:
            row = custom.get((decision, reason, language))
            texts = (row.subject, row.body) if row else None  # None: the default wording, following the facts
            draft = render_draft(decision=decision, reason=reason, facts=samples[language], custom=texts)
            rows.append(
                {
                    "decision": State(decision),
                    "reason": DecisionReason(reason),
                    "language": language,
                    "language_label": Language(language).label,
                    "custom": row is not None,
                    "preview": draft,
                    "query": case_query(decision, reason, language),
                }
            )
    return render(request, "triage/reply_template_list.html", {"rows": rows, "variables": VARIABLES})


@require_http_methods(["GET", "POST"])
def reply_template_edit_view(request: HttpRequest) -> HttpResponse:
    decision, reason, language = _case_or_404(request.GET)
    current = reply_template_find(owner=request.user, decision=decision, reason=reason, language=language)
    subject, body = (current.subject, current.body) if current else default_for(decision, reason, language)
    form = ReplyTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        reply_template_save(
            owner=request.user, decision=decision, reason=reason, language=language, **form.cleaned_data
        )
        messages.success(request, _("Your reply template is saved."))
        return redirect("projects:reply_template_list")
    texts = (form.data.get("subject", subject), form.data.get("body", body)) if form.is_bound else None
    if texts is None and current:
        texts = (current.subject, current.body)
    preview = render_draft(decision=decision, reason=reason, facts=_sample_facts(request, language), custom=texts)
    context = {
        "form": form,
        "decision": decision,
        "reason": reason,
        "language": language,
        "language_label": Language(language).label,
        "custom": current is not None,
        "preview": preview,
        "query": case_query(decision, reason, language),
        "variables": VARIABLES,
    }
    return render(request, "triage/reply_template_form.html", context, status=400 if form.errors else 200)


@require_POST
def reply_template_reset_view(request: HttpRequest) -> HttpResponse:
    decision, reason, language = _case_or_404(request.POST)
    reply_template_reset(owner=request.user, decision=decision, reason=reason, language=language)
    messages.success(request, _("Back to the default wording."))
    return redirect("projects:reply_template_list")


@require_http_methods(["GET", "POST"])
def triage_settings_view(request: HttpRequest) -> HttpResponse:
    offered = ", ".join(s.name for s in skill_list(owner=request.user).filter(offered=True))
    form = OfferedSkillsForm(request.POST or None, initial={"skills": offered})
    if request.method == "POST" and form.is_valid():
        skills_offered_set(owner=request.user, names=form.cleaned_data["skills"])
        messages.success(request, _("Your skills are saved."))
        return redirect("projects:triage_settings")
    return render(request, "triage/triage_settings.html", {"form": form}, status=400 if form.errors else 200)
