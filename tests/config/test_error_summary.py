"""The one error summary every form page includes: each link lands on its field."""

import re

from django import forms
from django.template.loader import render_to_string


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Namn")
    term = forms.ChoiceField(
        label="Termin", choices=[("vt", "Våren"), ("ht", "Hösten")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Ämnen",
        choices=[("klimat", "Klimat"), ("agenda", "Agenda 2030")],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        raise forms.ValidationError("Formuläret kunde inte sparas.")


def test_every_link_lands_on_an_element_of_the_form():
    form = EveryKindOfField(data={})
    html = render_to_string("includes/error_summary.html", {"form": form})
    targets = re.findall(r'<a href="#([^"]*)">([^<]*)</a>', html)
    assert [text for _target, text in targets] == [
        "Namn: Det här fältet är obligatoriskt",
        "Termin: Det här fältet är obligatoriskt",
        "Ämnen: Det här fältet är obligatoriskt",
    ]
    ids = set(re.findall(r'id="([^"]+)"', form.as_div()))
    assert [target for target, _text in targets] == ["id_name", "id_term_0", "id_topics_0"]
    assert {target for target, _text in targets} <= ids
    assert "<li>Formuläret kunde inte sparas.</li>" in html
    assert 'role="alert"' in html and "autofocus" in html


def test_a_valid_form_shows_no_summary():
    form = EveryKindOfField(data={"name": "Sara", "term": "vt", "topics": ["klimat"]})
    form.clean = lambda: form.cleaned_data
    assert render_to_string("includes/error_summary.html", {"form": form}).strip() == ""


def test_problems_of_a_file_link_to_the_file_field_under_their_own_heading():
    html = render_to_string(
        "includes/error_summary.html",
        {
            "problems": ["Rad 3: e-postadressen saknas."],
            "problems_anchor": "id_file",
            "title": "Filen kunde inte läsas in",
            "admin": True,
        },
    )
    assert '<h2 class="error-summary__title" id="error-summary-title">Filen kunde inte' in html
    assert '<a href="#id_file">Rad 3: e-postadressen saknas.</a>' in html
    assert "help-critical" in html
