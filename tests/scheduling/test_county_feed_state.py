"""The county feed's hand-written state query says what the ORM fingerprint says, always."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from scheduling.calendar_data import county_fingerprint, county_sessions, fingerprint
from scheduling.services import session_cancel, session_reschedule
from tests.factories import CountyFactory
from tests.factories.scheduling import CohortFactory, SessionFactory

NOW = datetime(2030, 1, 15, 12, tzinfo=UTC)


def both(county, now=NOW):
    return county_fingerprint(county, now=now), fingerprint(county_sessions(county), now=now)


@pytest.mark.django_db
def test_the_two_fingerprints_agree_through_every_kind_of_change():
    kronoberg = CountyFactory(code="07", name="Kronobergs län")
    kalmar = CountyFactory(code="08", name="Kalmar län")
    seen = set()

    def check(now=NOW):
        ours, orm = both(kronoberg, now)
        assert ours == orm
        assert ours[0] not in seen, "a change left the ETag as it was"
        seen.add(ours[0])

    check()  # no sessions at all
    own = CohortFactory(county=kronoberg)
    first = SessionFactory(cohort=own, start=NOW + timedelta(days=10))
    check()
    session_reschedule(session=first, start=first.start + timedelta(hours=1), end=first.end)
    check()
    hosted_elsewhere = CohortFactory(county=kalmar)
    SessionFactory(cohort=hosted_elsewhere)
    assert both(kronoberg)[0][0] in seen  # another county's session is not in this feed
    hosted_elsewhere.guest_counties.add(kronoberg)
    check()  # shared with Kronoberg: now it is
    own.name = "Kronobergs län, grupp 1 (ny)"
    own.save()
    check()
    session_cancel(session=first, reason="Sjukdom")
    check()
    check(now=first.end + timedelta(days=31))  # the cancelled session has left the feed


@pytest.mark.django_db
def test_one_query(django_assert_num_queries):
    county = CountyFactory(code="07")
    SessionFactory(cohort=CohortFactory(county=county))
    with django_assert_num_queries(1):
        county_fingerprint(county, now=timezone.now())


@pytest.mark.django_db
def test_the_statement_counts_exactly_the_sessions_of_the_cohorts_a_county_hosts_or_joins():
    """The SQL is held to `Cohort.objects.hosted_or_joined_by`, the one definition of the rule."""
    from scheduling.county_feed_state import county_feed_state
    from scheduling.models import Cohort, Session

    kronoberg, kalmar, jonkoping = (
        CountyFactory(code=code, name=name)
        for code, name in (("07", "Kronoberg"), ("08", "Kalmar"), ("06", "Jönköping"))
    )
    hosted = CohortFactory(county=kronoberg)
    joined = CohortFactory(county=kalmar)
    joined.guest_counties.add(kronoberg, jonkoping)
    both_guest_and_host = CohortFactory(county=kronoberg)
    both_guest_and_host.guest_counties.add(kalmar)
    unrelated = CohortFactory(county=jonkoping)
    for cohort in (hosted, joined, both_guest_and_host, unrelated):
        SessionFactory(cohort=cohort, start=NOW + timedelta(days=3))
        SessionFactory(cohort=cohort, start=NOW + timedelta(days=30))

    for county in (kronoberg, kalmar, jonkoping):
        expected = Session.objects.filter(cohort__in=Cohort.objects.hosted_or_joined_by(county))
        state = county_feed_state(county.pk, cancelled_cutoff=NOW - timedelta(days=30))
        assert state["sessions"] == expected.count()
        assert state["id_sum"] == sum(expected.values_list("pk", flat=True))
    assert set(Cohort.objects.hosted_or_joined_by(kronoberg)) == {
        hosted,
        joined,
        both_guest_and_host,
    }
