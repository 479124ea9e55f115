"""The members' forms: the directory profile, the needs survey, an answer, an example."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scheduling.models import SupportKind, Topic

from .models import Answer


class ProfileForm(forms.Form):
    """What the member shows the other members; every choice starts switched off."""

    listed = forms.BooleanField(label=_("Visa mig i medlemsförteckningen"), required=False)
    show_name = forms.BooleanField(label=_("Visa mitt namn"), required=False)
    show_title = forms.BooleanField(label=_("Visa min befattning"), required=False)
    job_title = forms.CharField(label=_("Befattning"), max_length=200, required=False)
    show_municipality = forms.BooleanField(label=_("Visa min kommun"), required=False)
    show_topics = forms.BooleanField(label=_("Visa mina ämnen"), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Ämnen jag arbetar med och kan dela erfarenheter av"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class NeedsForm(forms.Form):
    """The needs survey: which topics, and which kinds of support."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Vilka ämnen arbetar kommunen med?"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support = forms.MultipleChoiceField(
        label=_("Vilket stöd från länsstyrelserna behöver ni?"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AnswerForm(forms.Form):
    """A member's answer to a meeting."""

    answer = forms.ChoiceField(
        label=_("Kommer du?"), choices=Answer.choices, widget=forms.RadioSelect
    )


class ExampleForm(forms.Form):
    """A member's example, sent to the coordinators for approval."""

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    summary = forms.CharField(
        label=_("Kort sammanfattning"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Exemplet"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Beskriv vad kommunen gjorde, hur det gick och vad andra kan lära av det."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Ämnen"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
