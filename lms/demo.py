"""Demo accounts for trying the platform on one's own machine."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .roles import COURSE_EDITORS


@dataclass(frozen=True)
class DemoAccount:
    """A demo login and what it is for."""

    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    is_superuser: bool = False
    group: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount(
        "administratör", "admin@example.com", "demo-admin-2022", "Alva", "Admin", is_superuser=True
    ),
    DemoAccount(
        "kursredaktör",
        "redaktor@example.com",
        "demo-redaktor-2022",
        "Erik",
        "Redaktör",
        group=COURSE_EDITORS,
    ),
]


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts, or reset them to their demo password and role if they exist."""
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _created = user_model.objects.get_or_create(email=account.email)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_staff = True
        user.is_superuser = account.is_superuser
        user.is_active = True
        user.set_password(account.password)
        user.save()
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
    return DEMO_ACCOUNTS
