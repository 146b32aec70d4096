"""Colleagues, referrals both ways, and who owes whom: thin views over the selectors and services."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.cache import OnDemand, on_demand
from accounts.htmx import partial_requested
from accounts.listing import PAGE_SIZE, csv_response, paginate

from .chart import network_chart
from .forms import ColleagueFilterForm, ColleagueForm, ReferralFilterForm, ReferralForm, ReferralReceivedForm
from .models import Direction
from .selectors import (
    colleague_balance,
    colleague_get,
    colleague_list_with_reciprocity,
    network_get,
    reciprocity_of,
    referral_get,
    referral_list,
)
from .services import (
    ColleagueInUse,
    colleague_create,
    colleague_delete,
    colleague_update,
    referral_delete,
    referral_receive,
    referral_record,
    referral_thank,
    referral_update,
)


def _filtered_query(form) -> str:
    """The current filters as a query string, for pagination and export links."""
    if not form.is_valid():
        return ""
    return urlencode({name: value for name, value in form.data.items() if name in form.fields and value})


def _filtered_colleagues(request: HttpRequest):
    form = ColleagueFilterForm(request.GET or None, owner=request.user)
    search, skill = "", None
    if form.is_valid():
        search, skill = form.cleaned_data["q"].strip(), form.cleaned_data["skill"]
    colleagues = colleague_list_with_reciprocity(
        owner=request.user, search=search, skill_id=skill.pk if skill else None
    )
    return form, colleagues


def _colleague_list(request: HttpRequest, *, partial: bool) -> dict:
    form, colleagues = _filtered_colleagues(request)
    page = paginate(request, colleagues)
    for colleague in page:
        colleague.reciprocity = reciprocity_of(colleague)
    values = {"form": form, "page": page, "query": _filtered_query(form)}
    if not partial:
        # Listed once here: the template writes the <select> out, cheaper than a widget template per option.
        values["skill_choices"] = list(iter(form.fields["skill"].choices))  # iter(): no COUNT query
    return values


@require_GET
def colleague_list_view(request: HttpRequest) -> HttpResponse:
    """The page and its results (the htmx answer) are cached fragments keyed by the query string
    (templates/referrals/colleague_list.html), computed on demand: a page served from the cache reads nothing."""
    partial = partial_requested(request)
    names = ("form", "page", "query") if partial else ("form", "page", "query", "skill_choices")
    context = {
        "filters": request.GET.urlencode(),
        **on_demand(names, lambda: _colleague_list(request, partial=partial)),
    }
    template = "referrals/colleague_list.html"
    if partial:
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def colleague_create_view(request: HttpRequest) -> HttpResponse:
    form = ColleagueForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        colleague = colleague_create(owner=request.user, **form.service_kwargs())
        messages.success(request, _("%(name)s is in your network.") % {"name": colleague.name})
        return redirect("referrals:colleague_detail", colleague.pk)
    return render(request, "referrals/colleague_form.html", {"form": form})


def _history_page(request: HttpRequest, colleague, reciprocity) -> Page:
    """The referrals exchanged with `colleague`, paginated without a COUNT: the balance has counted them."""
    paginator = Paginator(referral_list(owner=request.user, colleague=colleague), PAGE_SIZE)
    paginator.count = reciprocity.given.count + reciprocity.received.count
    return paginator.get_page(request.GET.get("page"))


@require_GET
def colleague_detail_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    """The colleague's row is read at once (another owner's answers 404 before any cache is read); the rest of
    the page and its history (the htmx answer) are cached fragments (templates/referrals/colleague_detail.html):
    the balance, the skills and the referrals are read only when the cache does not answer."""
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    reciprocity = OnDemand(lambda: colleague_balance(owner=request.user, colleague=colleague))
    template = "referrals/colleague_detail.html"
    if partial_requested(request):
        template += "#history"
    context = {
        "colleague": colleague,
        "reciprocity": reciprocity,
        "page": OnDemand(lambda: _history_page(request, colleague, reciprocity())),
        "page_number": request.GET.get("page", ""),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def colleague_update_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    form = ColleagueForm(request.POST or None, instance=colleague, owner=request.user)
    if request.method == "POST" and form.is_valid():
        colleague_update(colleague=colleague, **form.service_kwargs())
        messages.success(request, _("Saved."))
        return redirect("referrals:colleague_detail", colleague.pk)
    return render(request, "referrals/colleague_form.html", {"form": form, "colleague": colleague})


@require_http_methods(["GET", "POST"])
def colleague_delete_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    if request.method == "POST":
        try:
            colleague_delete(colleague=colleague)
        except ColleagueInUse as error:
            messages.error(request, _("%(reason)s Keep them, or untick “would refer again”.") % {"reason": error})
            return redirect("referrals:colleague_detail", colleague.pk)
        messages.success(request, _("%(name)s was removed from your network.") % {"name": colleague.name})
        return redirect("referrals:colleague_list")
    return render(request, "referrals/colleague_delete.html", {"colleague": colleague})


@require_GET
def colleague_export_view(request: HttpRequest) -> HttpResponse:
    _form, colleagues = _filtered_colleagues(request)

    def rows():
        for colleague in colleagues:
            reciprocity = reciprocity_of(colleague)
            yield [
                colleague.name,
                colleague.email,
                colleague.phone,
                colleague.website,
                ", ".join(skill.name for skill in colleague.skills.all()),
                " ".join(colleague.languages),
                _("yes") if colleague.trusted else _("no"),
                colleague.busy_until,
                reciprocity.given.count,
                reciprocity.received.count,
                reciprocity.given.won_value,
                reciprocity.received.won_value,
                reciprocity.owed_count,
                reciprocity.last_exchange,
                colleague.notes,
            ]

    header = [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Website"),
        _("Skills"),
        _("Languages"),
        _("Would refer again"),
        _("Busy until"),
        _("Referrals given"),
        _("Referrals received"),
        _("Value given (won)"),
        _("Value received (won)"),
        _("Balance (received − given)"),
        _("Last exchange"),
        _("Notes"),
    ]
    return csv_response("colleagues.csv", header, rows())


@require_http_methods(["GET", "POST"])
def referral_receive_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    form = ReferralReceivedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = referral_receive(
            owner=request.user,
            colleague=colleague,
            client_name=data["client_name"],
            client_email=data["client_email"],
            client_company=data["client_company"],
            need=data["need"],
        )
        messages.success(
            request, _("Referral from %(name)s recorded: the request is ready for triage.") % {"name": colleague.name}
        )
        return redirect("projects:incoming_detail", referral.incoming_id)
    return render(request, "referrals/referral_receive.html", {"form": form, "colleague": colleague})


@require_http_methods(["GET", "POST"])
def referral_create_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    initial = {"direction": request.GET.get("direction") if request.GET.get("direction") in Direction.values else ""}
    form = ReferralForm(request.POST or None, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        referral_record(
            owner=request.user,
            colleague=colleague,
            direction=form.cleaned_data["direction"],
            **form.service_kwargs(),
        )
        messages.success(request, _("Referral recorded."))
        return redirect("referrals:colleague_detail", colleague.pk)
    return render(request, "referrals/referral_form.html", {"form": form, "colleague": colleague})


@require_http_methods(["GET", "POST"])
def referral_update_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_get(owner=request.user, referral_id=referral_id)
    awaited_thanks = referral.awaits_thanks
    form = ReferralForm(request.POST or None, instance=referral, owner=request.user)
    if request.method == "POST" and form.is_valid():
        referral = referral_update(referral=referral, **form.service_kwargs())
        messages.success(request, _("Referral saved."))
        if referral.awaits_thanks and not awaited_thanks:
            return redirect("referrals:referral_thank", referral.pk)
        return redirect("referrals:colleague_detail", referral.colleague_id)
    return render(
        request, "referrals/referral_form.html", {"form": form, "colleague": referral.colleague, "referral": referral}
    )


@require_http_methods(["GET", "POST"])
def referral_delete_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_get(owner=request.user, referral_id=referral_id)
    if request.method == "POST":
        referral_delete(referral=referral)
        messages.success(request, _("Referral deleted."))
        return redirect("referrals:colleague_detail", referral.colleague_id)
    return render(request, "referrals/referral_delete.html", {"referral": referral})


@require_http_methods(["GET", "POST"])
def referral_thank_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The offer made when a referral received is won: note that the colleague was thanked."""
    referral = referral_get(owner=request.user, referral_id=referral_id)
    if not referral.is_received:
        messages.error(request, _("Only a referral received can be thanked for."))
        return redirect("referrals:colleague_detail", referral.colleague_id)
    if request.method == "POST":
        referral_thank(referral=referral)
        messages.success(request, _("Thank-you noted for %(name)s.") % {"name": referral.colleague.name})
        return redirect("referrals:colleague_detail", referral.colleague_id)
    return render(request, "referrals/referral_thank.html", {"referral": referral})


def _filtered_referrals(request: HttpRequest):
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    referrals = referral_list(
        owner=request.user, direction=filters.get("direction", ""), outcome=filters.get("outcome", "")
    )
    return form, referrals


@require_GET
def referral_list_view(request: HttpRequest) -> HttpResponse:
    form, referrals = _filtered_referrals(request)
    template = "referrals/referral_list.html"
    if partial_requested(request):
        template += "#results"
    return render(
        request, template, {"form": form, "page": paginate(request, referrals), "query": _filtered_query(form)}
    )


@require_GET
def referral_export_view(request: HttpRequest) -> HttpResponse:
    _form, referrals = _filtered_referrals(request)
    header = [
        _("Date"),
        _("Direction"),
        _("Colleague"),
        _("Client"),
        _("Request"),
        _("Description"),
        _("Outcome"),
        _("Value"),
        _("Currency"),
        _("Thanked"),
    ]
    rows = (
        [
            referral.referred_on,
            referral.get_direction_display(),
            referral.colleague.name,
            str(referral.client) if referral.client else "",
            referral.incoming.title if referral.incoming else "",
            referral.description,
            referral.get_outcome_display(),
            referral.value,
            referral.currency,
            referral.thanked_on,
        ]
        for referral in referrals.iterator(chunk_size=500)
    )
    return csv_response("referrals.csv", header, rows)


NETWORK_SHOWN = 10
NETWORK_GROUPS = ("i_owe", "owes_me", "even")


def _network(request: HttpRequest, group: str) -> dict:
    """What the network page shows: `group` is one of NETWORK_GROUPS (that group, paginated) or "" (them all)."""
    groups = network_get(owner=request.user)
    sections = [
        ("i_owe", _("I owe them"), groups.i_owe, _("Nobody sent you more than you sent them.")),
        ("owes_me", _("They owe me"), groups.owes_me, _("You sent nobody more than they sent you.")),
        ("even", _("Even"), groups.even, _("Nobody is even with you.")),
    ]
    page = None
    if group:
        sections = [section for section in sections if section[0] == group]
        page = paginate(request, sections[0][2])
        shown = {group: list(page)}
    else:
        shown = {key: colleagues[:NETWORK_SHOWN] for key, _title, colleagues, _empty in sections}
    chart = network_chart(
        [
            (colleague.name, colleague.reciprocity.given.count, colleague.reciprocity.received.count)
            for key in ("i_owe", "even", "owes_me")
            for colleague in shown.get(key, [])
        ]
    )
    return {
        "groups": groups,
        "chart": chart,
        "page": page,
        "exchanged": len(groups.i_owe) + len(groups.owes_me) + len(groups.even),
        "sections": [
            {"key": key, "title": title, "colleagues": shown[key], "total": len(colleagues), "empty": empty}
            for key, title, colleagues, empty in sections
        ],
    }


@require_GET
def network_view(request: HttpRequest) -> HttpResponse:
    """Who owes whom: the first NETWORK_SHOWN of each group, each with a link to the whole group (paginated).

    The chart draws the colleagues listed, so it stays readable and the page costs the same whatever the network.
    All of it is one cached fragment (templates/referrals/network.html), computed on demand: a page served from
    the cache reads no referral.
    """
    group = request.GET.get("group", "")
    if group not in NETWORK_GROUPS:
        group = ""
    context = {
        "group": group,
        "page_number": request.GET.get("page", "") if group else "",
        **on_demand(("groups", "chart", "page", "exchanged", "sections"), lambda: _network(request, group)),
    }
    return render(request, "referrals/network.html", context)
