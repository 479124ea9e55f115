"""Login forms whose email field refuses what no account can have, before any login attempt.

Django's AuthenticationForm sets the username field's max_length from the user model but adds
no validator for it, so an overlong name reached authenticate() and the lockout's record of
the failure (django-axes keeps it in a column of 255 characters: a server error on
PostgreSQL). The email field now fails validation first, with the form's own message.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class _BoundedEmailMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(_BoundedEmailMixin, AuthenticationForm):
    """The participants' login (/konto/logga-in/)."""


class AdminLoginForm(_BoundedEmailMixin, WagtailLoginForm):
    """The Wagtail admin's login (/admin/login/), set by WAGTAILADMIN_USER_LOGIN_FORM."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's field has no label of its own: Django's fallback, "Password", is English
        # on a Swedish page and never translated.
        self.fields["password"].label = _("Lösenord")
