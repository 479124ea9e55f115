"""The administrator's "Radera personuppgifter" for a participant: confirm, then erase."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from calendars.privacy import person_messages
from scheduling.models import InterestRegistration

from ..models import Reflection
from .erasure import (
    ErasureError,
    erasure_refusal,
    participant_erase,
    running_enrolments,
)

ERASE_URL_NAME = "wagtailusers_users:erase"


def erase_url(user) -> str:
    """The confirmation page for erasing this user's personal data."""
    return reverse(ERASE_URL_NAME, args=[user.pk])


class ParticipantEraseView(WagtailAdminTemplateMixin, TemplateView):
    """Says what is removed and what is kept; a POST (with CSRF) erases. Administrators only."""

    template_name = "lms/users/erase.html"
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        """Only administrators; any other user gets 403, an unknown account 404."""
        if not request.user.is_superuser:
            raise PermissionDenied
        users = get_user_model().objects.select_related("municipality")
        self.person = get_object_or_404(users, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """The page's name."""
        return _("Radera personuppgifter")

    def get_page_subtitle(self):
        """Whose data: the account as the admin lists it."""
        return str(self.person)

    def get_context_data(self, **kwargs):
        """The account, why it cannot be erased (if so), and what erasing will change."""
        context = super().get_context_data(**kwargs)
        person = self.person
        refusal = erasure_refusal(person, by=self.request.user)
        context.update(person=person, refusal=refusal)
        if refusal is None:
            context.update(
                running=list(running_enrolments(person, today=timezone.localdate())),
                reflections=Reflection.objects.filter(participant_id=person.pk).count(),
                emails=person_messages(person).count(),
                interest=InterestRegistration.objects.filter(
                    contact_email__iexact=person.email
                ).count(),
            )
        return context

    def post(self, request, *args, **kwargs):
        """Erase, then show the account's edit page with what was done."""
        try:
            report = participant_erase(self.person, by=request.user)
        except ErasureError as error:
            messages.error(request, str(error))
            return redirect(erase_url(self.person))
        messages.success(
            request,
            _(
                "Personuppgifterna för användare %(id)d är raderade. %(cancelled)d anmälningar "
                "avbokades och %(reflections)d reflektioner togs bort."
            )
            % {
                "id": self.person.pk,
                "cancelled": report.enrolments_cancelled,
                "reflections": report.reflections_deleted,
            },
        )
        return redirect("wagtailusers_users:edit", self.person.pk)
