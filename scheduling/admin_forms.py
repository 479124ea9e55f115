"""Forms of the scheduling admin: a cohort with its sessions, enrolment one by one or by file."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.services import participant_name_parts

from .models import County, Municipality
from .permissions import sees_all_counties


class CohortForm(WagtailAdminModelForm):
    """A cohort and its sessions; a coordinator may only host cohorts in their own county."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "county" in self.fields and user is not None and not sees_all_counties(user):
            self.fields["county"].queryset = County.objects.filter(pk=user.county_id)

    def clean(self):
        """Refuse to delete a session that exists: it must be cancelled so calendars learn of it."""
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            for form in sessions.deleted_forms:
                if form.instance.pk:
                    self.add_error(
                        None,
                        _(
                            "Träffen %(start)s kan inte tas bort. Ställ in den i stället, så att "
                            "deltagarnas kalendrar får veta det."
                        )
                        % {"start": form.instance.start.strftime("%Y-%m-%d %H:%M")},
                    )
        return cleaned


class EnrolOneForm(forms.Form):
    """One participant to enrol: email, name and municipality."""

    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    name = forms.CharField(label=_("Namn"), max_length=200)
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Kommun"))

    def __init__(self, *args, county_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            county_id__in=county_ids
        ).order_by("name")

    def clean_name(self):
        """The name split into first and last name, each short enough for the account."""
        return participant_name_parts(self.cleaned_data["name"])


class EnrolFileForm(forms.Form):
    """A CSV file of participants (email, name, municipality_code)."""

    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolumner: email, name, municipality_code (kommunkod med fyra siffror). "
            "Komma eller semikolon som avgränsare, UTF-8."
        ),
    )

    def clean_file(self):
        """Read the upload as UTF-8 text, at most 1 MB."""
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Filen är inte sparad som UTF-8.")) from error


class SessionCancelForm(forms.Form):
    """Why a session is cancelled; the reason reaches the participants."""

    reason = forms.CharField(label=_("Anledning"), max_length=300)
