"""Admin forms of the network: the meeting form, limited to the networks the user runs."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .access import networks_run_by


class MeetingForm(WagtailAdminModelForm):
    """A meeting's fields; only the networks the user coordinates can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "network" in self.fields and self.for_user is not None:
            self.fields["network"].queryset = networks_run_by(self.for_user)


class CancelForm(forms.Form):
    """Why a meeting is cancelled; members see it in their calendars."""

    reason = forms.CharField(label=_("Anledning"), max_length=300)


class MemberAddForm(forms.Form):
    """Add a person who has an account, by their email address."""

    email = forms.EmailField(label=_("E-postadress"))
