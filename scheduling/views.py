"""Public schedule pages and the interest registration form: parse, call, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.client_ip import client_ip
from calendars.feeds import subscription_links
from calendars.services import calendar_token_for, calendar_token_rotate
from regions.models import County

from .calendar_data import participant_sessions
from .forms import InterestRegistrationForm
from .selectors import county_schedule, current_round, national_overview
from .services import (
    InterestLimitError,
    InterestLinkError,
    interest_by_token,
    interest_confirm,
    interest_register,
    interest_term_label,
)


def county_list(request):
    """The national overview: every county's cohorts per term."""
    return render(request, "scheduling/county_list.html", {"overview": national_overview()})


def county_detail(request, county_code):
    """A county's cohorts in every round, with their upcoming sessions; 404 for an unknown code."""
    county = get_object_or_404(County, code=county_code)
    schedule = county_schedule(county, today=localdate())
    links = subscription_links(
        request, reverse("scheduling:county_feed", kwargs={"county_code": county.code})
    )
    return render(
        request, "scheduling/county_detail.html", {"schedule": schedule, "feed_links": links}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def interest_register_view(request):
    """Register a municipality's interest in the open round, then show the thanks page."""
    round = current_round(today=localdate())
    if round is None:
        return render(request, "scheduling/interest_form.html", {"round": None, "form": None})
    form = InterestRegistrationForm(request.POST if request.method == "POST" else None, round=round)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            interest_register(
                round=round,
                municipality=data["municipality"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                strategists=data["strategists"],
                preferred_term=data["preferred_term"],
                message=data["message"],
                needs_topics=data["needs_topics"],
                support=set(data["support"]),
                client_ip=client_ip(request),
            )
        except InterestLimitError as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("scheduling:interest_thanks")
    return render(
        request, "scheduling/interest_form.html", {"round": round, "form": form}, status=status
    )


def interest_thanks(request):
    """The page after a registration has been saved: the contact confirms it by email."""
    return render(
        request,
        "scheduling/interest_thanks.html",
        {"confirm_days": settings.INTEREST_CONFIRM_DAYS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def interest_confirm_view(request, token):
    """The link in the email: a button confirms the registration, then the page says so."""
    try:
        if request.method == "POST":
            interest_confirm(token=token)
            return redirect(request.path)
        registration = interest_by_token(token=token)
    except InterestLinkError as error:
        return render(
            request,
            "scheduling/interest_confirm.html",
            {"expired": error.expired, "registration": None},
            status=410 if error.expired else 404,
        )
    return render(
        request,
        "scheduling/interest_confirm.html",
        {"registration": registration, "term": interest_term_label(registration)},
    )


@login_required
@never_cache
def my_calendar(request):
    """The participant's sessions and their personal feed, with a way to get a new secret link."""
    token = calendar_token_for(participant=request.user)
    sessions = (
        participant_sessions(request.user)
        .select_related("cohort")
        .filter(end__gte=timezone.now())
        .order_by("start")
    )
    links = subscription_links(
        request, reverse("scheduling:personal_feed", kwargs={"token": token.token})
    )
    return render(
        request,
        "scheduling/my_calendar.html",
        {"token": token, "links": links, "sessions": sessions},
    )


@login_required
@require_POST
def my_calendar_rotate(request):
    """Replace the participant's secret feed link; the old one stops working at once."""
    calendar_token_rotate(participant=request.user)
    messages.success(
        request,
        _("Du har fått en ny kalenderlänk. Den gamla fungerar inte längre; prenumerera på nytt."),
    )
    return redirect("scheduling:my_calendar")
