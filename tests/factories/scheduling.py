"""Factories for rounds, cohorts, sessions, enrolments and interest registrations."""

from datetime import UTC, date, datetime, timedelta

import factory
from django.utils import timezone

from scheduling.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    InterestRegistration,
    Round,
    Session,
    SessionStatus,
)

from .reference import CountyFactory, MunicipalityFactory
from .users import UserFactory


class RoundFactory(factory.django.DjangoModelFactory):
    """A round over 2022 and 2023, without a course page."""

    class Meta:
        model = Round
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"omgang-{n}")
    title = factory.Sequence(lambda n: f"Kursomgång {n}")
    start_date = date(2022, 1, 1)
    end_date = date(2023, 12, 31)

    class Params:
        # A round that has not ended, so that staff may still enrol people in its cohorts.
        running = factory.Trait(
            end_date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
        )


class CohortFactory(factory.django.DjangoModelFactory):
    """An open cohort of 20 places; pass guest_counties=[...] to share it with other counties."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"Grupp {n}")
    capacity = 20
    status = CohortStatus.OPEN

    @factory.post_generation
    def guest_counties(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.guest_counties.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A three-hour session at the county board, from 1 March 2022 a week after the previous one.

    The numbering starts again in each test (`tests/conftest.py`), so the dates stay in 2022.
    """

    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    start = factory.Sequence(lambda n: datetime(2022, 3, 1, 8, 0, tzinfo=UTC) + timedelta(weeks=n))
    end = factory.LazyAttribute(lambda session: session.start + timedelta(hours=3))
    location = "Länsstyrelsen, sal 1"
    status = SessionStatus.SCHEDULED


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolled participant in a cohort of the cohort's round."""

    class Meta:
        model = Enrolment

    participant = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    round = factory.LazyAttribute(lambda enrolment: enrolment.cohort.round)
    status = EnrolmentStatus.ENROLLED


class InterestRegistrationFactory(factory.django.DjangoModelFactory):
    """A municipality's interest in a round, for three strategists, confirmed by its contact."""

    class Meta:
        model = InterestRegistration

    round = factory.SubFactory(RoundFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    contact_name = "Alex Andersson"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@kommun.example")
    strategists = 3
    confirmed_at = factory.LazyFunction(timezone.now)
