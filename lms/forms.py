"""The participant's forms: the answer to one reflection question."""

from django import forms
from django.utils.translation import gettext_lazy as _

ANSWER_MAX_LENGTH = 10_000


class ReflectionForm(forms.Form):
    """Which question (its block id) and the answer; NUL characters and overlong answers fail."""

    block_id = forms.CharField(max_length=100)
    answer = forms.CharField(
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Svaret får vara högst %(limit_value)d tecken, nu är det %(show_value)d. "
                "Det sparades inte."
            ),
        },
    )
