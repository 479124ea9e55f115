"""Demo accounts for trying the platform on one's own machine."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from regions.models import County, Municipality

from .roles import COUNTY_COORDINATORS, COURSE_EDITORS, NATIONAL_COORDINATORS, TRAINERS


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
    county_code: str | None = None
    municipality_code: str | None = None
    job_title: str = ""

    @property
    def is_staff(self) -> bool:
        """Staff log into the admin; participants do not."""
        return self.municipality_code is None


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
    DemoAccount(
        "nationell samordnare",
        "nationell@example.com",
        "demo-nationell-2022",
        "Nora",
        "Nationell",
        group=NATIONAL_COORDINATORS,
    ),
    DemoAccount(
        "kurssamordnare, Kronobergs län",
        "samordnare.kronoberg@example.com",
        "demo-kronoberg-2022",
        "Karin",
        "Kronoberg",
        group=COUNTY_COORDINATORS,
        county_code="07",
    ),
    DemoAccount(
        "kurssamordnare, Västra Götalands län",
        "samordnare.vg@example.com",
        "demo-vg-2022",
        "Viktor",
        "Västergård",
        group=COUNTY_COORDINATORS,
        county_code="14",
    ),
    DemoAccount(
        "kursledare, Kronobergs län",
        "kursledare@example.com",
        "demo-kursledare-2022",
        "Kim",
        "Kursledare",
        group=TRAINERS,
        county_code="07",
    ),
    DemoAccount(
        "deltagare, Växjö",
        "deltagare.vaxjo@example.com",
        "demo-deltagare-2022",
        "Sara",
        "Strateg",
        municipality_code="0780",
        job_title="Hållbarhetsstrateg",
    ),
    DemoAccount(
        "deltagare, Göteborg",
        "deltagare.goteborg@example.com",
        "demo-deltagare-2022",
        "Ali",
        "Miljöstrateg",
        municipality_code="1480",
        job_title="Miljöstrateg",
    ),
    DemoAccount(
        "deltagare, Ljungby",
        "deltagare.ljungby@example.com",
        "demo-deltagare-2022",
        "Lena",
        "Lind",
        municipality_code="0781",
        job_title="Miljöstrateg",
    ),
    DemoAccount(
        "deltagare, Luleå",
        "deltagare.lulea@example.com",
        "demo-deltagare-2022",
        "Oskar",
        "Nord",
        municipality_code="2580",
        job_title="Klimatstrateg",
    ),
    DemoAccount(
        "deltagare, Malmö",
        "deltagare.malmo@example.com",
        "demo-deltagare-2022",
        "Maja",
        "Syd",
        municipality_code="1280",
        job_title="Hållbarhetsstrateg",
    ),
    DemoAccount(
        "deltagare, Visby (Gotland)",
        "deltagare.gotland@example.com",
        "demo-deltagare-2022",
        "Gustav",
        "Ö",
        municipality_code="0980",
        job_title="Miljöstrateg",
    ),
]


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts, or reset them to their demo password and role if they exist."""
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _created = user_model.objects.get_or_create(email=account.email)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_staff = account.is_staff
        user.is_superuser = account.is_superuser
        user.is_active = True
        user.job_title = account.job_title
        user.county = County.objects.get(code=account.county_code) if account.county_code else None
        user.municipality = (
            Municipality.objects.get(code=account.municipality_code)
            if account.municipality_code
            else None
        )
        user.set_password(account.password)
        user.save()
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
    return DEMO_ACCOUNTS
