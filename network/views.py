"""The members' pages: their networks, the directory, meetings and answers, the profile, the
needs survey, accepting an invitation, writing an example, and the network's feed."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.services import password_set_path
from calendars.feeds import (
    calendar_response,
    conditional_feed,
    feed_fingerprint,
    rendered_feed,
    subscription_links,
)

from .access import member_networks, networks_run_by
from .calendar_source import calendar_meetings, feed_state, network_meetings
from .forms import AnswerForm, ExampleForm, NeedsForm, ProfileForm
from .models import Meeting, MemberProfile, NeedsAnswer, Network, NetworkInvitation
from .selectors import directory, member_answers, upcoming_meetings
from .services import (
    ExampleError,
    MeetingError,
    MembershipError,
    example_submit,
    invitation_accept,
    meeting_answer,
    needs_answer_save,
    profile_update,
)


def _network_for(request, slug: str) -> Network:
    """The network if the user is a member of it or coordinates it; 404 otherwise."""
    reachable = member_networks(request.user) | networks_run_by(request.user)
    return get_object_or_404(reachable.distinct(), slug=slug)


@login_required
def my_networks(request):
    """The networks the member belongs to."""
    networks = member_networks(request.user).select_related("county").order_by("kind", "name")
    return render(request, "network/my_networks.html", {"networks": networks})


@login_required
def network_detail(request, slug):
    """A network's coming meetings with the member's answers, and its calendar feed."""
    network = _network_for(request, slug)
    meetings = list(upcoming_meetings(network, now=timezone.now()))
    answers = member_answers(request.user, meetings)
    for meeting in meetings:
        meeting.my_answer = answers.get(meeting.pk, "")
    feed_path = reverse("network:feed", kwargs={"slug": network.slug, "token": network.feed_token})
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "meetings": meetings,
            "feed_links": subscription_links(request, feed_path),
        },
    )


@login_required
def directory_view(request, slug):
    """The member directory: only what each member chose to show."""
    network = _network_for(request, slug)
    return render(
        request,
        "network/directory.html",
        {"network": network, "entries": directory(network)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_detail(request, slug, uid):
    """One meeting: agenda, documents, place, and the member's answer."""
    network = _network_for(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.filter(network=network).prefetch_related("documents"), uid=uid
    )
    current = member_answers(request.user, [meeting]).get(meeting.pk)
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"answer": current}
    )
    if form.is_valid():
        try:
            meeting_answer(meeting=meeting, member=request.user, answer=form.cleaned_data["answer"])
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ditt svar är sparat."))
            return redirect("network:meeting", slug=network.slug, uid=meeting.uid)
    return render(
        request,
        "network/meeting_detail.html",
        {"network": network, "meeting": meeting, "form": form, "current": current},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_view(request):
    """What the member shows in the directory of their networks."""
    profile = MemberProfile.objects.filter(member=request.user).first()
    initial = {"job_title": request.user.job_title}
    if profile:
        initial |= {
            "listed": profile.listed,
            "show_name": profile.show_name,
            "show_title": profile.show_title,
            "show_municipality": profile.show_municipality,
            "show_topics": profile.show_topics,
            "topics": list(profile.topics.all()),
        }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        profile_update(member=request.user, **form.cleaned_data)
        messages.success(request, _("Dina val är sparade."))
        return redirect("network:profile")
    return render(request, "network/profile.html", {"form": form})


def _needs_initial(user) -> dict:
    answer = NeedsAnswer.objects.filter(respondent=user).first()
    if answer is None:
        return {}
    return {"topics": list(answer.topics.all()), "support": sorted(answer.needs_support)}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def needs_view(request):
    """The needs survey for a member: which topics, and which kinds of support."""
    if request.user.municipality_id is None:
        raise Http404
    form = NeedsForm(
        request.POST if request.method == "POST" else None, initial=_needs_initial(request.user)
    )
    if form.is_valid():
        needs_answer_save(
            respondent=request.user,
            municipality=request.user.municipality,
            topics=form.cleaned_data["topics"],
            support=set(form.cleaned_data["support"]),
        )
        messages.success(request, _("Tack! Ditt svar är sparat."))
        return redirect("network:needs")
    return render(request, "network/needs.html", {"form": form})


def _registration_needs(registration) -> dict:
    """The needs answered on the public interest form, to start the joining survey from."""
    if registration is None:
        return {}
    return {
        "topics": list(registration.needs_topics.all()),
        "support": sorted(registration.needs_support),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def accept_view(request, token):
    """Accept an invitation to a network, answering the needs survey on the way."""
    invitation = get_object_or_404(
        NetworkInvitation.objects.select_related("network", "municipality", "registration"),
        token=token,
    )
    if invitation.accepted_at is not None:
        return render(request, "network/accept.html", {"invitation": invitation, "used": True})
    form = NeedsForm(
        request.POST if request.method == "POST" else None,
        initial=_registration_needs(invitation.registration),
    )
    if form.is_valid():
        try:
            member, created = invitation_accept(invitation=invitation)
        except (MembershipError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            needs_answer_save(
                respondent=member,
                municipality=member.municipality or invitation.municipality,
                topics=form.cleaned_data["topics"],
                support=set(form.cleaned_data["support"]),
                registration=invitation.registration,
            )
            if created:
                # The link in the email proved the address: choose a password straight away.
                return redirect(password_set_path(member))
            messages.success(
                request,
                _("Välkommen till %(network)s! Logga in för att se nätverket.")
                % {"network": invitation.network.name},
            )
            if request.user.is_authenticated and request.user.pk == member.pk:
                return redirect("network:detail", slug=invitation.network.slug)
            return redirect("lms:login")
    return render(request, "network/accept.html", {"invitation": invitation, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def example_create(request, slug):
    """Write an example; it reaches the other members when a coordinator approves it."""
    network = get_object_or_404(member_networks(request.user), slug=slug)
    form = ExampleForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            example_submit(
                network=network,
                author=request.user,
                title=data["title"],
                summary=data["summary"],
                body="".join(f"<p>{line}</p>" for line in _paragraphs(data["body"])),
                topics=data["topics"],
            )
        except ExampleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Tack! Exemplet är skickat till samordnarna. "
                    "De andra medlemmarna ser det när det är godkänt."
                ),
            )
            return redirect("network:detail", slug=network.slug)
    return render(request, "network/example_form.html", {"network": network, "form": form})


def _paragraphs(text: str) -> list[str]:
    return [
        escape(part.strip()) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()
    ]


def _feed_fingerprint(request, slug, token):
    request.network = get_object_or_404(Network, slug=slug, feed_token=token)
    now = timezone.now()
    return feed_fingerprint([feed_state(network_meetings(request.network), now=now)], now=now)


@require_safe
@conditional_feed(_feed_fingerprint)
def network_feed(request, slug, token):
    """A network's meetings, behind the network's secret in the path; no names, no answers."""
    network = request.network
    with translation.override("sv"):
        name = _("Nätverksträffar: %(network)s") % {"network": network.name}
    events = partial(calendar_meetings, network_meetings(network), now=timezone.now())
    body = rendered_feed(request, f"network:{network.pk}", name, events)
    return calendar_response(body, f"natverk-{network.slug}.ics")
