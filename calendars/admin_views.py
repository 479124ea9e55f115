"""The outbox screen: messages that could not be sent, for national staff to see and send again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import MessageStatus, OutboxMessage
from .services import message_resend
from .tasks import MAX_ATTEMPTS

#: Who sees the outbox: every county's mail is on it.
RESEND_PERMISSION = "calendars.resend_outboxmessage"
#: The screen shows this many messages, the flagged ones first.
LISTED = 200


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    """Flagged messages (that gave up retrying) and those still retrying, each with a resend."""

    template_name = "calendars/admin/outbox.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        """National staff and administrators only."""
        if not request.user.has_perm(RESEND_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        """The page's name."""
        return _("Utgående e-post")

    def get_breadcrumbs_items(self):
        """Home and this page: with breadcrumbs, Wagtail shows the h1."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        """The flagged messages, then those waiting for a retry, in one query."""
        context = super().get_context_data(**kwargs)
        waiting = list(
            OutboxMessage.objects.filter(status__in=[MessageStatus.FLAGGED, MessageStatus.FAILED])
            .select_related("participant")
            # "flagged" sorts after "failed": descending puts the flagged first.
            .order_by("-status", "created_at", "pk")[:LISTED]
        )
        context.update(
            max_attempts=MAX_ATTEMPTS,
            sections=[
                (
                    _("Flaggade: gav upp efter upprepade försök"),
                    [m for m in waiting if m.status == MessageStatus.FLAGGED],
                ),
                (
                    _("Försöker igen"),
                    [m for m in waiting if m.status == MessageStatus.FAILED],
                ),
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        """Send one message again now, then show the screen again."""
        try:
            message_id = int(request.POST.get("message", ""))
        except ValueError:
            message_id = None
        if message_id is not None and message_resend(message_id=message_id):
            messages.success(request, _("Meddelandet skickas igen."))
        else:
            messages.warning(request, _("Meddelandet väntar inte längre på att skickas."))
        return redirect("calendars_outbox")
