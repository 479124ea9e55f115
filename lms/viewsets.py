"""Wagtail's user admin with the fields that our user model adds, and erasing personal data."""

from django import forms
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView, IndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from regions.models import Municipality

from .privacy.admin_views import ParticipantEraseView, erase_url
from .privacy.erasure import erasure_refusal

PARTICIPANT_FIELDS = ("municipality", "job_title", "county")
ERASE_LABEL = _("Radera personuppgifter")


class ParticipantFieldsMixin(forms.ModelForm):
    """Adds the municipality (ordered by name) and job title to a user form."""

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.order_by("name"),
        required=False,
        label=Municipality._meta.verbose_name.capitalize(),
    )


class ParticipantUserCreationForm(ParticipantFieldsMixin, UserCreationForm):
    """The user creation form, with municipality and job title."""

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PARTICIPANT_FIELDS)


class ParticipantUserEditForm(ParticipantFieldsMixin, UserEditForm):
    """The user edit form, with municipality and job title."""

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PARTICIPANT_FIELDS)


def may_erase(request_user, user) -> bool:
    """Whether to offer "Radera personuppgifter" for this account to this admin user."""
    return erasure_refusal(user, by=request_user) is None


class UserIndexView(IndexView):
    """The user list, with "Radera personuppgifter" in a participant's menu for administrators."""

    def get_list_more_buttons(self, instance):
        """Wagtail's buttons, then erasing where the admin user may erase this account."""
        buttons = super().get_list_more_buttons(instance)
        if may_erase(self.request.user, instance):
            buttons.append(
                MenuItem(ERASE_LABEL, url=erase_url(instance), icon_name="bin", priority=40)
            )
        return buttons


class UserEditView(EditView):
    """The user edit page, with "Radera personuppgifter" among its actions for administrators."""

    @cached_property
    def header_more_buttons(self):
        """Wagtail's buttons, then erasing where the admin user may erase this account."""
        buttons = list(super().header_more_buttons)
        if may_erase(self.request.user, self.object):
            buttons.append(
                Button(ERASE_LABEL, url=erase_url(self.object), icon_name="bin", priority=40)
            )
        return buttons


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user viewset using the forms above, with erasure of a participant's data."""

    create_template_name = "lms/users/create.html"
    edit_template_name = "lms/users/edit.html"
    index_view_class = UserIndexView
    edit_view_class = UserEditView

    def get_form_class(self, for_update=False):
        """Return the edit form for an existing user, the creation form for a new one."""
        return ParticipantUserEditForm if for_update else ParticipantUserCreationForm

    def get_urlpatterns(self):
        """Wagtail's user URLs and erase/<pk>/ (wagtailusers_users:erase)."""
        return [
            *super().get_urlpatterns(),
            path("erase/<int:pk>/", ParticipantEraseView.as_view(), name="erase"),
        ]
