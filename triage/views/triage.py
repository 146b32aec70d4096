"""The triage page of one request, its steps and drafts, and recording the decision."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from projects.models import NEXT_STATES, BudgetKind, DecisionReason, IncomingRequest, State
from projects.selectors import incoming_request_get
from projects.services.incoming import DecisionConflict
from referrals.selectors import colleague_get, colleague_list

from ..facts import TriageFacts, triage_facts_get
from ..forms import DecisionForm
from ..replies import Draft, ReplyFacts, render_draft
from ..rules import weigh_time
from ..selectors import reply_template_find
from ..services import incoming_request_decide

STEPS = (0, 1, 2, 3, 4)


def _reply_facts(tf: TriageFacts, *, colleague, counter_offer, proposed_start) -> ReplyFacts:
    incoming, profile = tf.incoming, tf.profile
    scope = None
    if incoming.budget_kind == BudgetKind.FIXED and incoming.budget_amount and tf.policy.minimum_rate:
        scope = (incoming.budget_amount / tf.policy.minimum_rate).quantize(Decimal("0.5"), ROUND_HALF_UP)
    return ReplyFacts(
        language=incoming.client.language,
        address_form=incoming.client.address_form,
        client_name=incoming.client.name,
        client_email=incoming.client.email,
        title=incoming.title,
        signature=profile.signature or profile.user.get_full_name() or profile.user.get_username(),
        currency=incoming.currency,
        free_from=tf.fit.start if tf.fit else None,
        proposed_start=proposed_start,
        counter_offer=counter_offer,
        counter_offer_kind=incoming.budget_kind,
        scope_hours=scope,
        colleague_name=colleague.name if colleague else "",
        colleague_contact=" · ".join(p for p in (colleague.email, colleague.phone) if p) if colleague else "",
    )


def _draft(request, tf: TriageFacts, *, to, reason, colleague, counter_offer, proposed_start) -> Draft:
    facts = _reply_facts(tf, colleague=colleague, counter_offer=counter_offer, proposed_start=proposed_start)
    custom = None
    if to and reason:
        row = reply_template_find(owner=request.user, decision=to, reason=reason, language=facts.language)
        custom = (row.subject, row.body) if row else None
    return render_draft(decision=to or "", reason=reason or "", facts=facts, custom=custom)


def _choice_from_query(request: HttpRequest, tf: TriageFacts) -> dict:
    """The decision being prepared: what the user picked (query string), else the recommendation."""
    rec = tf.recommendation
    allowed = NEXT_STATES.get(tf.incoming.state, set())
    form = DecisionForm(request.GET, state=tf.incoming.state, colleagues=colleague_list(owner=request.user))
    form.is_valid()  # partial input is fine here: keep the fields that are valid
    data = form.cleaned_data
    to = data.get("to") or (rec.decision if rec.decision in allowed else "")
    reason = data.get("reason") or (rec.reason if to == rec.decision else "")
    if not reason and to:
        reason = DecisionReason.FITS if to == State.ACCEPTED else rec.reason
    colleague = data.get("colleague")
    if colleague is None and rec.colleague is not None:
        colleague = next((c for c in tf.colleagues if c.id == rec.colleague.id), None)
    counter_offer = data.get("counter_offer")
    if counter_offer is None and "counter_offer" not in request.GET:
        counter_offer = rec.counter_offer
    proposed_start = data.get("proposed_start") or rec.proposed_start or tf.facts.desired_start
    return {
        "to": to,
        "reason": reason,
        "colleague": colleague,
        "counter_offer": counter_offer,
        "proposed_start": proposed_start,
    }


def _triage_context(request: HttpRequest, incoming: IncomingRequest, form: DecisionForm | None = None) -> dict:
    tf = triage_facts_get(owner=request.user, incoming=incoming)
    try:
        step = int(request.GET.get("step", 0))
    except ValueError:
        step = 0
    step = step if step in STEPS else 0
    choice = _choice_from_query(request, tf)
    draft = _draft(request, tf, **choice)
    if form is None and incoming.is_open:
        colleague = choice["colleague"]
        form = DecisionForm(
            initial={
                "to": choice["to"],
                "reason": choice["reason"],
                "reply": draft.body,
                "counter_offer": choice["counter_offer"],
                "proposed_start": choice["proposed_start"],
                "colleague": getattr(colleague, "id", None),
                "keep_warm": choice["reason"] == DecisionReason.NO_TIME and choice["to"] == State.DECLINED,
            },
            state=incoming.state,
            colleagues=colleague_list(owner=request.user),
        )
        # Only drawn as <option>s: value and name pairs, without building a model instance per colleague.
        colleague_field = form.fields["colleague"]
        colleague_field.choices = [
            ("", colleague_field.empty_label),
            *colleague_list(owner=request.user).values_list("pk", "name"),
        ]
    rate = tf.facts.offered_rate
    return {
        "incoming": incoming,
        "tf": tf,
        "facts": tf.facts,
        "rec": tf.recommendation,
        "step": step,
        "steps": STEPS,
        "form": form,
        "draft": draft,
        "choice": choice,
        "time": weigh_time(tf.facts, tf.policy),
        "offered_rate": rate,
        "rate_gap": (tf.policy.minimum_rate - rate) if rate is not None else None,
        "scope_hours": _reply_facts(tf, colleague=None, counter_offer=None, proposed_start=None).scope_hours,
        "minimum_fee": (
            (incoming.estimated_hours * tf.policy.minimum_rate).quantize(Decimal("1"))
            if incoming.estimated_hours
            else None
        ),
        "skills_text": ", ".join(s.name for s in tf.skills),
    }


@require_GET
def incoming_detail_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = incoming_request_get(owner=request.user, incoming_id=incoming_id)
    context = _triage_context(request, incoming)
    template = "triage/incoming_detail.html"
    if request.htmx and request.htmx.target in ("triage-step", "draft"):
        template += "#step" if request.htmx.target == "triage-step" else "#draft"
    return render(request, template, context)


@require_POST
def incoming_decide_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = incoming_request_get(owner=request.user, incoming_id=incoming_id)
    # The state the user decided from: if it changed since (another tab, a double click), nothing happens.
    seen = request.POST.get("seen_state", "")
    if seen in State.values:
        incoming.state = seen
    colleagues = colleague_list(owner=request.user)
    form = DecisionForm(request.POST, state=incoming.state, colleagues=colleagues)
    if not incoming.is_open:
        return _conflict(request, incoming)
    if form.is_valid():
        data = form.cleaned_data
        colleague = data["colleague"]
        if colleague is not None:
            colleague = colleague_get(owner=request.user, colleague_id=colleague.pk)
        try:
            incoming_request_decide(
                owner=request.user,
                incoming=incoming,
                to=data["to"],
                reason=data["reason"],
                reply=data["reply"],
                note=data["note"],
                counter_offer=data["counter_offer"],
                proposed_start=data["proposed_start"],
                colleague=colleague if data["to"] == State.REFERRED else None,
                red_flag_kind=data["red_flag_kind"] or None,
                blacklist=data["blacklist"],
                keep_warm=data["keep_warm"],
                hold=data["hold"],
            )
        except DecisionConflict:
            return _conflict(request, incoming)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Decision recorded: %(state)s.") % {"state": State(data["to"]).label},
            )
            return redirect("projects:incoming_detail", incoming_id=incoming.pk)
    incoming.refresh_from_db(fields=["state"])
    return render(request, "triage/incoming_detail.html", _triage_context(request, incoming, form), status=400)


def _conflict(request: HttpRequest, incoming: IncomingRequest) -> HttpResponse:
    incoming.refresh_from_db(fields=["state"])
    messages.warning(
        request,
        _("This request was already decided (it is now “%(state)s”): nothing was changed.")
        % {"state": incoming.get_state_display()},
    )
    return redirect("projects:incoming_detail", incoming_id=incoming.pk)
