"""The triage page of one request: its facts and recommendation, the decision being prepared, and recording it.

The page renders triage's pipeline as it is (facts → rules → figures → draft); nothing is recomputed here.
Changing the decision or a figure posts to `incoming_prepare_view` (htmx swaps the form; without JavaScript
the whole page comes back), which keeps an edited reply unless the user asks for a redraft.

On a GET the page's parts are cached per owner version (`{% owner_cache "triage-…" %}`, accounts/cache.py):
the pipeline runs only when a part is missing, through OnDemand values. Outside the cached parts stay the
CSRF tokens and the last decision's card (how its reply's sending fares changes without the owner writing).
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.cache import OnDemand, on_demand, owner_cached, request_owner_version
from accounts.htmx import partial_requested
from accounts.models import get_owned_or_404
from mail.sending import outbound_list, outbound_status, sending_account_get
from projects.models import Channel, DecisionReason, IncomingRequest, State
from projects.selectors import incoming_request_list
from projects.services.incoming import DecisionConflict
from referrals.selectors import colleague_get, colleague_list

from ..choice import Choice, choice_from, is_final, reply_after
from ..decisions import FIELDS_FOR
from ..facts import TriageFacts, triage_facts_get
from ..forms import DecisionForm
from ..replies import Draft, ReplyFacts, render_draft, render_follow_up
from ..selectors import reply_template_find
from ..services import incoming_request_decide
from ..signals import MISSING_LABELS

STEPS = (0, 1, 2, 3, 4)
TEMPLATE = "triage/incoming_detail.html"
# The context's names read from the pipeline's result, from the decision being prepared, and from sending.
FACTS_NAMES = ("tf", "facts", "rec", "figures", "missing_labels", "skills_text", "follow_up", "follow_up_draft")
DECISION_NAMES = ("form", "choice", "draft", "reply", "mailto")
SENDING_NAMES = ("can_send", "outbound", "outbound_status")


def _incoming_get(request: HttpRequest, incoming_id: int) -> IncomingRequest:
    requests = incoming_request_list(owner=request.user).select_related("source_colleague")
    return get_owned_or_404(requests, owner=request.user, pk=incoming_id)


def _reply_facts(tf: TriageFacts, choice: Choice) -> ReplyFacts:
    incoming, profile, client, rec = tf.incoming, tf.profile, tf.incoming.client, tf.recommendation
    colleague = choice.colleague
    first_reply = not any(d.to_state == State.NEGOTIATING for d in tf.decisions)
    return ReplyFacts(
        language=client.language,
        address_form=client.address_form,
        client_name=client.name,
        greeting=client.greeting,
        client_email=client.email,
        title=incoming.title,
        channel=incoming.channel,
        signature=profile.signature_for(client.language) or profile.user.get_full_name() or profile.user.username,
        vat_mode=profile.vat_mode,
        currency=incoming.currency,
        first_reply=first_reply,
        referred_by=incoming.source_colleague.name if incoming.source_colleague else "",
        free_from=rec.figures.free_from,
        proposed_start=choice.proposed_start,
        counter_offer=choice.counter_offer,
        counter_offer_kind=incoming.budget_kind,
        reduced_scope=choice.to == State.NEGOTIATING and rec.figures.affordable_hours is not None,
        colleague_name=colleague.name if colleague else "",
        colleague_contact=" · ".join(p for p in (colleague.email, colleague.phone) if p) if colleague else "",
        missing=rec.missing if choice.reason == DecisionReason.MISSING_DETAILS else (),
        skills_outside=tuple(tf.facts.skills_outside),
    )


def _draft(request: HttpRequest, tf: TriageFacts, choice: Choice) -> Draft:
    facts = _reply_facts(tf, choice)
    row = reply_template_find(owner=request.user, decision=choice.to, reason=choice.reason, language=facts.language)
    custom = (row.subject, row.body) if row else None
    return render_draft(decision=choice.to or "", reason=choice.reason or "", facts=facts, custom=custom)


def _follow_up(request: HttpRequest, tf: TriageFacts) -> dict:
    """A negotiation unanswered past the user's delay gets a nudge; a request kept warm, a new offer once it fits."""
    incoming = tf.incoming
    if incoming.state == State.NEGOTIATING and tf.ghosting_proposed:
        kind = "nudge"
    elif incoming.state == State.DECLINED and incoming.keep_warm and tf.recommendation.figures.free_from:
        kind = "warm_again"
    else:
        return {}
    last = tf.decisions[-1] if tf.decisions else None
    choice = Choice(counter_offer=last.counter_offer if last else None)
    draft = render_follow_up(kind=kind, facts=_reply_facts(tf, choice))
    return {"follow_up": kind, "follow_up_draft": draft}


def _posted_choice(form: DecisionForm) -> dict:
    """The valid values among those posted: partial input is fine while the decision is being prepared."""
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if name in form.data}
    return {key: value for key, value in data.items() if value not in ("", None) or key == "counter_offer"}


def _decision_form(request: HttpRequest, tf: TriageFacts, *, bound: DecisionForm | None = None) -> dict:
    """The form, the choice it holds and its reply, from what was posted (if anything) and the recommendation."""
    incoming = tf.incoming
    colleagues = colleague_list(owner=request.user)
    posted = _posted_choice(bound) if bound is not None else {}
    by_id = {suggestion.id: suggestion for suggestion in tf.colleagues}
    choice = choice_from(tf.recommendation, incoming.state, posted, colleagues_by_id=by_id)
    draft = _draft(request, tf, choice)
    data = bound.data if bound is not None else {}
    reply = reply_after(
        draft=draft.body,
        posted=data.get("reply") if bound is not None else None,
        base=data.get("draft_base", ""),
        previous=data.get("previous_reply", ""),
        action=data.get("reply_action", ""),
    )
    initial = {
        "to": choice.to,
        "reason": choice.reason,
        "counter_offer": choice.counter_offer,
        "proposed_start": choice.proposed_start,
        "colleague": getattr(choice.colleague, "id", None),
        "keep_warm": bool(data.get("keep_warm"))
        if data.get("to") == choice.to  # the box was on the page: an unticked box stays unticked
        else choice.to == State.DECLINED and choice.reason == DecisionReason.NO_TIME,
        "hold": bool(data.get("hold")),
        "red_flag_kind": data.get("red_flag_kind", ""),
        "blacklist": bool(data.get("blacklist")),
        "note": data.get("note", ""),
        "reply": reply.text,
        "draft_base": reply.base,
        "previous_reply": reply.previous,
        "subject": draft.subject,
    }
    form = DecisionForm(initial=initial, state=incoming.state, colleagues=colleagues, decision=choice.to)
    # Only drawn as <option>s: value and name pairs, without building a model instance per colleague.
    colleague_field = form.fields["colleague"]
    colleague_field.choices = [("", colleague_field.empty_label), *colleagues.values_list("pk", "name")]
    mailto_draft = Draft(subject=draft.subject, body=reply.text, email=draft.email)
    return {"form": form, "choice": choice, "draft": draft, "reply": reply, "mailto": mailto_draft.mailto}


def _facts_context(request: HttpRequest, tf: TriageFacts) -> dict:
    """What the facts panels show, drawn from the pipeline's result without a query."""
    return {
        "tf": tf,
        "facts": tf.facts,
        "rec": tf.recommendation,
        "figures": tf.recommendation.figures,
        "missing_labels": [MISSING_LABELS[m] for m in tf.recommendation.missing],
        "skills_text": ", ".join(s.name for s in tf.skills),
        **_follow_up(request, tf),
    }


def _page_context(
    request: HttpRequest, incoming: IncomingRequest, tf: Callable[[], TriageFacts], decision: Callable[[], dict]
) -> dict:
    """The page's context, each figure read on demand: a part served from the cache computes nothing of its own.

    tf and decision are computed at most once (OnDemand), on the first part the cache does not hold; the last
    decision, whose card is never cached, is kept as data beside the parts (one read of the cache)."""
    try:
        step = int(request.GET.get("step", 0))
    except ValueError:
        step = 0
    last = owner_cached(request, "triage-last-decision", (incoming.pk,), lambda: {"last": _last_decision(tf())})["last"]
    return {
        "incoming": incoming,
        "step": step if step in STEPS else 0,
        "steps": STEPS,
        "fields_for": FIELDS_FOR,
        "last_decision": last,
        "last_mailto": _sent_reply_mailto(incoming, last),
        "final": is_final(incoming.state),
        **on_demand(SENDING_NAMES, lambda: _sending(request, incoming, last)),
        **on_demand(FACTS_NAMES, lambda: _facts_context(request, tf())),
        # A request decided for good offers no decision to prepare.
        **(on_demand(DECISION_NAMES, decision) if incoming.is_open else dict.fromkeys(DECISION_NAMES)),
    }


def _last_decision(tf: TriageFacts):
    return tf.decisions[-1] if tf.decisions else None


def _sending(request: HttpRequest, incoming: IncomingRequest, last) -> dict:
    """Whether the reply can leave from Tact (a mail account that sends, a client's address), and how the
    last decision's reply fared if it did: two queries, whatever the history."""
    account = sending_account_get(owner=request.user)
    outbound = outbound_list(owner=request.user, incoming=incoming).filter(decision=last).first() if last else None
    return {
        "can_send": account is not None and bool(incoming.client.email),
        "outbound": outbound,
        "outbound_status": outbound_status(outbound) if outbound else "",
    }


def _sent_reply_mailto(incoming: IncomingRequest, last) -> str:
    if last is None or not last.reply:
        return ""
    subject = _("Re: %(title)s") % {"title": incoming.title} if incoming.channel == Channel.EMAIL else incoming.title
    return Draft(subject=subject, body=last.reply, email=incoming.client.email).mailto


def _render(request: HttpRequest, context: dict, *, partial: str = "", status: int = 200) -> HttpResponse:
    template = f"{TEMPLATE}#{partial}" if partial and partial_requested(request) else TEMPLATE
    return render(request, template, context, status=status)


@require_GET
def incoming_detail_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    # The owner's version first: the request read next, and all the cached parts hold, are never older than it.
    request_owner_version(request)
    incoming = _incoming_get(request, incoming_id)  # another owner's request is a 404 before any cache is read
    tf = OnDemand(lambda: triage_facts_get(owner=request.user, incoming=incoming))
    decision = OnDemand(lambda: _decision_form(request, tf()))
    target = request.htmx.target if request.htmx else ""
    partial = {"triage-step": "step", "decided": "decided"}.get(target, "")
    return _render(request, _page_context(request, incoming, tf, decision), partial=partial)


@require_POST
def incoming_prepare_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """The decision form again after a change of decision or figure; nothing is recorded."""
    incoming = _incoming_get(request, incoming_id)
    if not incoming.is_open:
        return redirect("projects:incoming_detail", incoming_id=incoming.pk)
    tf = triage_facts_get(owner=request.user, incoming=incoming)
    bound = DecisionForm(request.POST, state=incoming.state, colleagues=colleague_list(owner=request.user))
    decision = _decision_form(request, tf, bound=bound)
    return _render(request, _page_context(request, incoming, lambda: tf, lambda: decision), partial="decide")


@require_POST
def incoming_decide_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = _incoming_get(request, incoming_id)
    # The state the user decided from: if it changed since (another tab, a double click), nothing happens.
    seen = request.POST.get("seen_state", "")
    if seen in State.values:
        incoming.state = seen
    if not incoming.is_open:
        return _conflict(request, incoming)
    colleagues = colleague_list(owner=request.user)
    form = DecisionForm(request.POST, state=incoming.state, colleagues=colleagues)
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
                colleague=colleague,
                red_flag_kind=data["red_flag_kind"] or None,
                blacklist=data["blacklist"],
                keep_warm=data["keep_warm"],
                hold=data["hold"],
                send=data["send"],
                subject=data["subject"],
            )
        except DecisionConflict:
            return _conflict(request, incoming)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            recorded = _("Decision recorded: %(state)s.") % {"state": State(data["to"]).label}
            if data["send"]:
                recorded += " " + _("Your reply is being sent to %(email)s.") % {"email": incoming.client.email}
            messages.success(request, recorded)
            return redirect("projects:incoming_detail", incoming_id=incoming.pk)
    incoming.refresh_from_db(fields=["state"])
    tf = triage_facts_get(owner=request.user, incoming=incoming)
    decision = _decision_form(request, tf, bound=form)
    decision["form"] = form  # the user's values as posted, with the errors, and only the chosen decision's fields
    return _render(request, _page_context(request, incoming, lambda: tf, lambda: decision), status=400)


def _conflict(request: HttpRequest, incoming: IncomingRequest) -> HttpResponse:
    incoming.refresh_from_db(fields=["state"])
    messages.warning(
        request,
        _("This request was already decided (it is now “%(state)s”): nothing was changed.")
        % {"state": incoming.get_state_display()},
    )
    return redirect("projects:incoming_detail", incoming_id=incoming.pk)
