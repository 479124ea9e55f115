"""The public interest registration form, in Swedish first."""

from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality

from .models import InterestRegistration, Round, SupportKind, Topic
from .terms import terms_between


class MunicipalitiesByCountyIterator(ModelChoiceIterator):
    """Municipality choices in one <optgroup> per county, in the queryset's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for county, municipalities in groupby(self.queryset, key=lambda m: m.county):
            yield (county.name, [self.choice(municipality) for municipality in municipalities])


class MunicipalityChoiceField(forms.ModelChoiceField):
    """A select of every municipality, grouped by county (county code, then name)."""

    iterator = MunicipalitiesByCountyIterator


class InterestRegistrationForm(forms.ModelForm):
    """A municipality's interest in the open round; the round itself comes from the view."""

    municipality = MunicipalityChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.select_related("county").order_by("county__code", "name"),
        empty_label=_("Välj kommun"),
        help_text=_("Kommunerna är ordnade efter län."),
        error_messages={
            "required": _("Välj vilken kommun anmälan gäller."),
            "invalid_choice": _("Välj en kommun i listan."),
        },
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson"),
        max_length=200,
        help_text=_("Den som länsstyrelsen ska kontakta om kursen."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Skriv kontaktpersonens namn."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken."),
        },
    )
    contact_email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        help_text=_("Hit skickar vi en bekräftelse på anmälan."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Skriv kontaktpersonens e-postadress."),
            "invalid": _("Skriv e-postadressen i rätt format, till exempel namn@kommun.se."),
        },
    )
    strategists = forms.IntegerField(
        label=_("Antal strateger"),
        min_value=1,
        max_value=50,
        help_text=_(
            "Hur många av kommunens miljö- och hållbarhetsstrateger vill gå kursen? "
            "Skriv ett tal från 1 till 50."
        ),
        error_messages={
            "required": _("Skriv hur många strateger som vill gå kursen."),
            "invalid": _("Skriv antalet strateger med siffror, till exempel 3."),
            "min_value": _("Antalet strateger måste vara minst 1."),
            "max_value": _(
                "Antalet strateger kan vara högst 50. Skriv om fler vill gå kursen i meddelandet."
            ),
        },
    )
    preferred_term = forms.ChoiceField(
        label=_("Önskad termin"),
        required=False,
        help_text=_("När passar det kommunen bäst att strategerna går kursen?"),
        error_messages={"invalid_choice": _("Välj en termin i listan.")},
    )
    message = forms.CharField(
        label=_("Meddelande (frivilligt)"),
        required=False,
        max_length=2000,
        help_text=_("Till exempel önskemål om plats eller tider. Högst 2 000 tecken."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _(
                "Meddelandet får vara högst %(limit_value)d tecken, nu är det %(show_value)d."
            ),
        },
    )

    needs_topics = forms.ModelMultipleChoiceField(
        label=_("Vilka ämnen arbetar kommunen med? (frivilligt)"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Länsstyrelserna använder svaren för att se vilket stöd kommunerna behöver."),
    )
    support = forms.MultipleChoiceField(
        label=_("Vilket stöd från länsstyrelserna behöver ni? (frivilligt)"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Välj bland alternativen i listan.")},
    )

    class Meta:
        model = InterestRegistration
        fields = [
            "municipality",
            "contact_name",
            "contact_email",
            "strategists",
            "preferred_term",
            "message",
            "needs_topics",
        ]

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["preferred_term"].choices = [("", _("Ingen preferens"))] + [
            (term.code, term.label) for term in terms_between(round.start_date, round.end_date)
        ]
