"""The network's admin screens: networks run by the user, members and invitations, meetings
saved through their services, cancelling and attendance."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import ListingButton

from .access import networks_run_by
from .admin_forms import CancelForm, MemberAddForm
from .models import Meeting, MeetingAttendance, MeetingStatus, NetworkInvitation
from .selectors import meetings_with_counts, network_members, registrations_to_invite
from .services import (
    MeetingError,
    MembershipError,
    meeting_attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_update,
    membership_add,
    membership_remove,
    network_invite,
)
from .services.meetings import EDITABLE_FIELDS


class NetworkIndexView(generic.IndexView):
    """The networks the user coordinates."""

    def get_base_queryset(self):
        """Every network for national staff, the county's own for a county coordinator."""
        return networks_run_by(self.request.user).select_related("county")

    def get_list_more_buttons(self, instance):
        """Add "Medlemmar" to each network's menu."""
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Medlemmar"),
                url=reverse("network_network:members", args=[instance.pk]),
                icon_name="group",
                priority=5,
            )
        )
        return buttons


class NetworkScopedMixin:
    """Edit, delete and history only of networks the user coordinates; others answer 404."""

    def get_object(self, queryset=None):
        """The network, if the user runs it."""
        return get_object_or_404(networks_run_by(self.request.user), pk=self.kwargs["pk"])


class NetworkEditView(NetworkScopedMixin, generic.EditView):
    """Change a network's name and description."""


class AdminPageMixin(generic.base.WagtailAdminTemplateMixin):
    """Wagtail's page furniture for the network admin's own views."""

    header_icon = "group"


class NetworkMembersView(AdminPageMixin, TemplateView):
    """A network's members with a remove button, invitations from interest registrations, and
    a form to add someone who has an account."""

    template_name = "network/admin/members.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the network if the user coordinates it."""
        self.network = get_object_or_404(networks_run_by(request.user), pk=kwargs["pk"])
        self.add_form = MemberAddForm(request.POST if request.POST.get("action") == "add" else None)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """The network's name."""
        return _("Medlemmar i %(network)s") % {"network": self.network.name}

    def get_context_data(self, **kwargs):
        """Members, pending invitations and registrations that can be invited."""
        return super().get_context_data(
            network=self.network,
            members=network_members(self.network),
            pending=NetworkInvitation.objects.filter(
                network=self.network, accepted_at__isnull=True
            ).select_related("municipality"),
            registrations=registrations_to_invite(self.network)[:200],
            add_form=self.add_form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Invite from a registration, add a member by email, or remove a member."""
        action = request.POST.get("action")
        try:
            if action == "invite":
                registration = get_object_or_404(
                    registrations_to_invite(self.network), pk=request.POST.get("registration")
                )
                network_invite(network=self.network, registration=registration, by=request.user)
                messages.success(request, _("Inbjudan är skickad."))
            elif action == "remove":
                membership = get_object_or_404(
                    network_members(self.network), member_id=request.POST.get("member")
                )
                membership_remove(network=self.network, member=membership.member)
                messages.success(request, _("Medlemmen är borttagen."))
            elif action == "add":
                if not self.add_form.is_valid():
                    return self.get(request, *args, **kwargs)
                member = (
                    get_user_model()
                    .objects.filter(email__iexact=self.add_form.cleaned_data["email"])
                    .first()
                )
                if member is None:
                    self.add_form.add_error("email", _("Det finns inget konto med den adressen."))
                    return self.get(request, *args, **kwargs)
                membership_add(network=self.network, member=member)
                messages.success(request, _("Medlemmen är tillagd."))
        except (MembershipError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("network_network:members", self.network.pk)


def meetings_run_by(user):
    """Meetings of the networks the user coordinates."""
    return Meeting.objects.filter(network__in=networks_run_by(user))


class MeetingIndexView(generic.IndexView):
    """Meetings of the networks the user coordinates, with their answers counted."""

    def get_base_queryset(self):
        """Meetings of the user's networks."""
        return meetings_with_counts(meetings_run_by(self.request.user).select_related("network"))

    def get_list_more_buttons(self, instance):
        """Add "Deltagare" and "Ställ in" to each meeting's menu."""
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Deltagare"),
                url=reverse("network_meeting:attendance", args=[instance.pk]),
                icon_name="group",
                priority=5,
            )
        )
        if instance.status == MeetingStatus.SCHEDULED:
            buttons.append(
                ListingButton(
                    _("Ställ in"),
                    url=reverse("network_meeting:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=6,
                )
            )
        return buttons


class MeetingServiceMixin:
    """Save the meeting form through its service; refusals go back onto the form."""

    def _fields(self) -> dict:
        data = self.form.cleaned_data
        return {name: data[name] for name in EDITABLE_FIELDS if name in data}

    def form_valid(self, form):
        """Save through the service, or show the form again with its refusal."""
        self.form = form
        try:
            return super().form_valid(form)
        except (MeetingError, ValidationError) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                for field, texts in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, texts)
            else:
                form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class MeetingCreateView(MeetingServiceMixin, generic.CreateView):
    """Create a meeting in a network the user coordinates, through meeting_create."""

    def save_instance(self):
        """Create the meeting with its documents."""
        return meeting_create(
            network=self.form.cleaned_data["network"],
            documents=self.form.cleaned_data.get("documents", []),
            by=self.request.user,
            **self._fields(),
        )


class MeetingEditView(MeetingServiceMixin, generic.EditView):
    """Change a meeting through meeting_update: a new time or place reaches every calendar."""

    def get_object(self, queryset=None):
        """The meeting, if the user runs its network."""
        return get_object_or_404(meetings_run_by(self.request.user), pk=self.kwargs["pk"])

    def save_instance(self):
        """Apply the form's changes."""
        return meeting_update(
            meeting=self.object,  # the service reads the stored row again, locked
            documents=self.form.cleaned_data.get("documents", []),
            by=self.request.user,
            **self._fields(),
        )


class MeetingScopedDeleteView(generic.DeleteView):
    """Delete a meeting (administrators only hold the permission)."""

    def get_object(self, queryset=None):
        """The meeting, if the user runs its network."""
        return get_object_or_404(meetings_run_by(self.request.user), pk=self.kwargs["pk"])


class MeetingHistoryView(HistoryView):
    """A meeting's history, if the user runs its network; others answer 404."""

    def get_base_object_queryset(self):
        """Meetings of the user's networks."""
        return meetings_run_by(self.request.user)


class MeetingUsageView(UsageView):
    """Where a meeting is used, if the user runs its network; others answer 404."""

    def get_base_object_queryset(self):
        """Meetings of the user's networks."""
        return meetings_run_by(self.request.user)


class MeetingCancelView(AdminPageMixin, FormView):
    """Cancel a meeting with a reason; it stays in calendars as cancelled."""

    form_class = CancelForm
    template_name = "network/admin/meeting_cancel.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the meeting if the user runs its network."""
        self.meeting = get_object_or_404(
            meetings_run_by(request.user).select_related("network"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """Which meeting."""
        return _("Ställ in %(meeting)s") % {"meeting": self.meeting.title}

    def get_context_data(self, **kwargs):
        """Add the meeting."""
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        """Cancel and go back to the list."""
        meeting_cancel(
            meeting=self.meeting, reason=form.cleaned_data["reason"], by=self.request.user
        )
        messages.success(self.request, _("Träffen är inställd."))
        return redirect("network_meeting:index")


class MeetingAttendanceView(AdminPageMixin, TemplateView):
    """Who took part in a meeting: one checkbox per member of its network."""

    template_name = "network/admin/meeting_attendance.html"

    def dispatch(self, request, *args, **kwargs):
        """Load the meeting if the user runs its network."""
        self.meeting = get_object_or_404(
            meetings_run_by(request.user).select_related("network"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """Which meeting."""
        return _("Deltagare på %(meeting)s") % {"meeting": self.meeting.title}

    def get_context_data(self, **kwargs):
        """The network's members, with who took part and what each answered."""
        present = set(
            MeetingAttendance.objects.filter(meeting=self.meeting).values_list(
                "member_id", flat=True
            )
        )
        answers = dict(self.meeting.responses.values_list("member_id", "answer"))
        members = [
            {
                "member": membership.member,
                "present": membership.member_id in present,
                "answer": answers.get(membership.member_id, ""),
            }
            for membership in network_members(self.meeting.network)
        ]
        anonymous = MeetingAttendance.objects.filter(
            meeting=self.meeting, member__isnull=True
        ).count()
        return super().get_context_data(
            meeting=self.meeting,
            members=members,
            anonymous=anonymous,
            cancelled=self.meeting.status == MeetingStatus.CANCELLED,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Record exactly the ticked members as present."""
        try:
            ids = [int(value) for value in request.POST.getlist("attended")]
            count = meeting_attendance_record(meeting=self.meeting, member_ids=ids, by=request.user)
        except (ValueError, MeetingError) as error:
            messages.error(request, str(error) if isinstance(error, MeetingError) else _("Fel."))
        else:
            messages.success(request, _("Närvaron är sparad: %(count)d deltog.") % {"count": count})
        return redirect("network_meeting:attendance", self.meeting.pk)
