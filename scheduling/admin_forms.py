"""Forms of the scheduling admin: a cohort with its sessions, enrolment one by one or by file."""

from typing import NamedTuple

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.roles import TRAINERS
from accounts.services import participant_name_parts
from regions.models import County, Municipality

from .models import WEEKDAY_CHOICES
from .permissions import sees_all_counties
from .services import csv_text


class CohortForm(WagtailAdminModelForm):
    """A cohort and its sessions; a coordinator may only host cohorts in their own county.

    Saving goes through the cohort services (see CohortCreateView and CohortEditView), which
    decide what a change means for calendars and places.
    """

    cancel_reason = forms.CharField(
        label=_("Anledning om gruppen ställs in"),
        max_length=300,
        required=False,
        help_text=_(
            "Krävs när status ändras till Inställd. Anledningen skickas till alla som har en "
            "plats eller står på reservlistan."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        own_county = user is not None and not sees_all_counties(user)
        if "county" in self.fields and own_county:
            self.fields["county"].queryset = County.objects.filter(pk=user.county_id)
            # The only county there is to choose: chosen already on a new cohort.
            self.fields["county"].initial = user.county_id
            self.fields["county"].empty_label = None
        if "guest_counties" in self.fields:
            host_id = user.county_id if own_county else self.instance.county_id
            self.fields["guest_counties"].queryset = County.objects.exclude(pk=host_id)
        if "trainers" in self.fields:
            trainers = self.fields["trainers"]
            trainers.queryset = trainer_choices(
                county_id=user.county_id if user is not None else None, cohort=self.instance
            )
            trainers.label_from_instance = trainer_label
        if not self.instance.pk:
            # A new cohort cannot start cancelled; the field has nothing to say there.
            del self.fields["cancel_reason"]

    def clean(self):
        """The host county cannot also be one of the cohort's guest counties."""
        cleaned = super().clean()
        host, guests = cleaned.get("county"), cleaned.get("guest_counties")
        if host is not None and guests is not None and host in guests:
            self.add_error(
                "guest_counties",
                _("%(county)s är värdlän och kan inte också vara gästlän.") % {"county": host},
            )
        return cleaned


def trainer_label(user) -> str:
    """A trainer in the picker: name and county, such as "Karin Berg (Kronobergs län)"."""
    return f"{user} ({user.county})" if user.county_id else str(user)


def trainer_choices(*, county_id, cohort=None):
    """Trainers (the Kursledare group), those of the given county first, then by name.

    Trainers the cohort has already stay choosable, so that saving never drops one.
    """
    users = get_user_model().objects
    chosen = cohort.trainers.values("pk") if cohort is not None and cohort.pk else []
    return (
        users.filter(Q(groups__name=TRAINERS) | Q(pk__in=chosen), is_active=True)
        .distinct()
        .select_related("county")
        .annotate(
            other_county=Case(
                When(county_id=county_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other_county", "first_name", "last_name", "email")
    )


WEEKDAY_NAMES = [(str(number), name) for number, name in WEEKDAY_CHOICES]


class RoundForm(WagtailAdminModelForm):
    """A round; its weekdays are checkboxes with the days' names, stored as "1,2,3"."""

    weekdays = forms.MultipleChoiceField(
        label=_("Veckodagar för träffar"),
        choices=WEEKDAY_NAMES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en veckodag.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.initial.get("weekdays")
        if isinstance(stored, str):
            self.initial["weekdays"] = [part for part in stored.split(",") if part]

    def clean_weekdays(self) -> str:
        """The chosen days as stored: numbers from Monday = 0, in order, such as "1,2,3"."""
        return ",".join(sorted(self.cleaned_data["weekdays"], key=int))


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


class EnrolFile(NamedTuple):
    """An uploaded list of participants: the text of a CSV file, or an Excel workbook's bytes."""

    kind: str  # "csv" or "xlsx"
    content: str | bytes


class EnrolFileForm(forms.Form):
    """A CSV file or an Excel workbook of participants (email, name, municipality code)."""

    file = forms.FileField(
        label=_("Fil (CSV eller Excel)"),
        help_text=_(
            "Rubrikrad E-post, Namn, Kommunkod (eller email, name, municipality_code), "
            "en deltagare per rad. En Excel-fil (.xlsx) läses från första bladet; en CSV-fil "
            "får ha komma eller semikolon som avgränsare. Högst 1 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> EnrolFile:
        """The upload, at most 1 MB: a workbook by its name (.xlsx), otherwise CSV text."""
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 1 MB."))
        data = upload.read()
        if upload.name.lower().endswith(".xlsx"):
            return EnrolFile("xlsx", data)
        try:
            return EnrolFile("csv", csv_text(data))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("Filen går inte att läsa som text. Spara den som CSV (UTF-8) eller som .xlsx.")
            ) from error


class SessionCancelForm(forms.Form):
    """Why a session is cancelled; the reason reaches the participants."""

    reason = forms.CharField(label=_("Anledning"), max_length=300)
