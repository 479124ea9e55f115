"""The forgotten-password form: a new link for every active account, sent through the outbox."""

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils import translation

from calendars.services import mail_queue


class PasswordLinkForm(PasswordResetForm):
    """Django's form, but an invited account that never chose a password gets a link too.

    The page says the same whether or not the address has an account; an erased account never
    gets a link.
    """

    def get_users(self, email):
        """Active accounts with this address, with or without a usable password, never erased."""
        email_field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email}, is_active=True, erased_at__isnull=True
        )
        # As Django does: the database's case-insensitive match is not Unicode's.
        return (user for user in users if _folded(getattr(user, email_field)) == _folded(email))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the link in the outbox, in Swedish, instead of sending it during the request."""
        with translation.override("sv"):
            subject = loader.render_to_string(subject_template_name, context)
            text = loader.render_to_string(email_template_name, context)
            html = (
                loader.render_to_string(html_email_template_name, context)
                if html_email_template_name
                else ""
            )
        mail_queue(
            to=to_email, subject=subject, text=text, html=html, participant_id=context["user"].pk
        )


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
