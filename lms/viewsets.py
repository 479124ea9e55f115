"""Wagtail's user admin with the fields that our user model adds."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from scheduling.models import Municipality

PARTICIPANT_FIELDS = ("municipality", "job_title", "county")


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


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user viewset using the forms above and templates that show their fields."""

    create_template_name = "lms/users/create.html"
    edit_template_name = "lms/users/edit.html"

    def get_form_class(self, for_update=False):
        """Return the edit form for an existing user, the creation form for a new one."""
        return ParticipantUserEditForm if for_update else ParticipantUserCreationForm
