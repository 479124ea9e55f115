"""Factories for user accounts."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """A participant account with a usable password ("losenord-123")."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Testsson {n}")
    password = factory.PostGenerationMethodCall("set_password", "losenord-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def staff_member(group_name: str, county=None):
    """A staff account in one of the platform's groups (accounts.roles), of a county if given."""
    from django.contrib.auth.models import Group

    from accounts.roles import ensure_scheduling_groups

    ensure_scheduling_groups()
    user = UserFactory(is_staff=True, county=county)
    user.groups.add(Group.objects.get(name=group_name))
    return user
