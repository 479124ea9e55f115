"""What a county coordinator reads in the admin: names and Swedish time, never raw values."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS, TRAINERS
from scheduling.admin_forms import RoundForm
from scheduling.models import Cohort, Enrolment, Round
from scheduling.plan_format import hosts_by_county
from scheduling.planner import CountySummary
from scheduling.selectors import county_schedule
from scheduling.services import EnrolmentError, participant_enrol
from scheduling.wagtail_hooks import CohortViewSet, RoundViewSet
from tests.factories import UserFactory
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    InterestRegistrationFactory,
    RoundFactory,
    SessionFactory,
)
from tests.factories.users import staff_member as staff


@pytest.fixture
def coordinator(counties):
    return staff(COUNTY_COORDINATORS, counties["07"])


@pytest.fixture
def kronoberg_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _cohort_form(user, cohort, data=None):
    """The admin's cohort form, as the edit view builds it for the user."""
    form_class = CohortViewSet.edit_handler.bind_to_model(Cohort).get_form_class()
    return form_class(data, instance=cohort, for_user=user)


@pytest.mark.django_db
def test_the_trainer_picker_lists_trainers_only_the_own_countys_first(counties, coordinator):
    far = staff(TRAINERS, counties["14"])
    far.first_name = "Alma"
    far.save()
    near = staff(TRAINERS, counties["07"])
    near.first_name = "Örjan"
    near.save()
    staff(NATIONAL_COORDINATORS)
    UserFactory(is_superuser=True, is_staff=True)
    UserFactory(municipality=counties["14"].municipalities.get())
    cohort = CohortFactory(county=counties["07"])
    form = _cohort_form(coordinator, cohort)
    assert list(form.fields["trainers"].queryset) == [near, far]
    labels = [label for _value, label in form.fields["trainers"].choices]
    assert labels[0] == f"{near} (Kronobergs län)"


@pytest.mark.django_db
def test_a_former_trainer_of_the_cohort_stays_choosable(counties, coordinator):
    cohort = CohortFactory(county=counties["07"])
    former = UserFactory(is_staff=True, county=counties["07"])
    cohort.trainers.add(former)
    assert former in _cohort_form(coordinator, cohort).fields["trainers"].queryset


@pytest.mark.django_db
def test_the_host_county_is_not_offered_nor_accepted_as_a_guest(counties, coordinator):
    cohort = CohortFactory(county=counties["07"])
    form = _cohort_form(coordinator, cohort)
    assert counties["07"] not in form.fields["guest_counties"].queryset
    assert counties["14"] in form.fields["guest_counties"].queryset

    national = staff(NATIONAL_COORDINATORS)  # who may pick any county as host
    form = _cohort_form(
        national,
        cohort,
        {
            "name": "Grupp",
            "round": cohort.round_id,
            "county": counties["14"].pk,
            "guest_counties": [counties["14"].pk],
            "capacity": 16,
            "status": "open",
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "sessions-MIN_NUM_FORMS": 0,
            "sessions-MAX_NUM_FORMS": 1000,
        },
    )
    assert not form.is_valid()
    assert "Västra Götalands län är värdlän och kan inte också vara gästlän." in str(
        form.errors["guest_counties"]
    )


@pytest.mark.django_db
def test_weekdays_are_checkboxes_stored_as_numbers():
    course_round = RoundFactory(weekdays="1,2,3")
    round_form = RoundViewSet.edit_handler.bind_to_model(Round).get_form_class()
    assert issubclass(round_form, RoundForm)
    form = round_form(instance=course_round)
    html = str(form["weekdays"])
    assert 'type="checkbox"' in html and "måndag" in html and "fredag" in html
    assert form["weekdays"].value() == ["1", "2", "3"]
    assert "0 = måndag" not in str(form["weekdays"].help_text)
    bound = round_form({"weekdays": ["3", "0"]}, instance=course_round)
    bound.is_valid()
    assert "weekdays" not in bound.errors
    assert bound.cleaned_data["weekdays"] == "0,3"
    empty = round_form({}, instance=course_round)
    empty.is_valid()
    assert empty.errors["weekdays"] == ["Välj minst en veckodag."]


def test_the_plan_names_the_host_county():
    def county(code, name, hosted_by=()):
        return CountySummary(
            code=code,
            name=name,
            demand=1,
            seats=0,
            cohorts=0,
            hosted_by=tuple(hosted_by),
            first_session=None,
            last_session=None,
        )

    class Plan:
        counties = [county("07", "Kronobergs län"), county("10", "Blekinge län", ["07"])]

    assert hosts_by_county(Plan) == {"07": "", "10": "Kronobergs län"}


@pytest.mark.django_db
def test_a_session_is_named_in_swedish_time(counties):
    session = SessionFactory(
        start=datetime(2027, 2, 10, 8, tzinfo=UTC), end=datetime(2027, 2, 10, 11, tzinfo=UTC)
    )
    assert str(session).endswith(": 2027-02-10 09:00")
    assert session.when() == "onsdag 10 februari 2027, 09.00–12.00"


@pytest.mark.django_db
def test_an_interest_registration_in_swedish_time_and_words(kronoberg_client, counties):
    registration = InterestRegistrationFactory(
        municipality=counties["07"].municipalities.get(), preferred_term="2026-HT"
    )
    registration.created_at = datetime(2026, 3, 2, 7, 23, tzinfo=UTC)
    registration.save()
    assert registration.get_preferred_term_display() == "hösten 2026"
    listing = kronoberg_client.get("/admin/scheduling/interestregistration/").content.decode()
    assert "hösten 2026" in listing and "2026-HT" not in listing
    detail = kronoberg_client.get(
        f"/admin/scheduling/interestregistration/inspect/{registration.pk}/"
    ).content.decode()
    assert "2 mars 2026, 08.23" in detail and "07.23" not in detail and "07:23" not in detail
    assert "hösten 2026" in detail


@pytest.mark.django_db
def test_a_filtered_list_counts_cohorts_not_sessions(kronoberg_client, counties):
    course_round = RoundFactory()
    CohortFactory(county=counties["07"], round=course_round)
    html = kronoberg_client.get(f"/admin/scheduling/cohort/?round={course_round.pk}")
    html = html.content.decode()
    assert "Antal grupper som matchar: 1" in html
    assert "träffar" not in re.sub(r"Deltagare och träffar", "", html).lower().split("<table")[0]
    empty = kronoberg_client.get("/admin/scheduling/interestregistration/").content.decode()
    assert "Här finns inga intresseanmälningar ännu." in empty


@pytest.mark.django_db
def test_our_admin_pages_show_their_title_and_breadcrumbs(kronoberg_client, counties):
    cohort = CohortFactory(county=counties["07"], name="Kronoberg grupp")
    session = SessionFactory(
        cohort=cohort,
        start=datetime(2027, 2, 10, 8, tzinfo=UTC),
        end=datetime(2027, 2, 10, 11, tzinfo=UTC),
        location="Länsstyrelsen, Växjö",
    )
    for url, title in [
        (f"/admin/scheduling/cohort/{cohort.pk}/deltagare/", "Deltagare i Kronoberg grupp"),
        (
            f"/admin/scheduling/cohort/trff/{session.pk}/stall-in/",
            "Ställ in träffen onsdag 10 februari 2027, 09.00–12.00",
        ),
    ]:
        html = kronoberg_client.get(url).content.decode()
        headings = re.findall(r"<h1([^>]*)>(.*?)</h1>", html, re.S)
        assert len(headings) == 1
        attributes, text = headings[0]
        assert "w-sr-only" not in attributes
        assert title in " ".join(re.sub(r"<[^>]+>", "", text).split())
        assert re.search(r'href="/admin/scheduling/cohort/"[^>]*>\s*Grupper\s*</a>', html)
    assert "Länsstyrelsen, Växjö" in html and "<dd>Kronoberg grupp</dd>" in html


@pytest.mark.django_db
def test_staff_cannot_enrol_in_a_cohort_whose_round_has_ended(kronoberg_client, counties):
    ended = CohortFactory(county=counties["07"], round=RoundFactory(end_date=date(2023, 12, 31)))
    with pytest.raises(EnrolmentError, match="slutade 31 december 2023"):
        participant_enrol(
            email="ny@example.com",
            first_name="Ny",
            last_name="Person",
            municipality=counties["07"].municipalities.get(),
            cohort=ended,
        )
    url = f"/admin/scheduling/cohort/{ended.pk}/deltagare/"
    page = kronoberg_client.get(url).content.decode()
    assert "Gruppen tar inte emot fler anmälningar." in page
    assert 'name="action" value="import"' not in page
    response = kronoberg_client.post(
        url,
        {
            "action": "one",
            "email": "ny@example.com",
            "name": "Ny Person",
            "municipality": counties["07"].municipalities.get().pk,
        },
        follow=True,
    )
    assert "tar inte emot fler anmälningar" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_the_duplicate_enrolment_message_appears_once(kronoberg_client, counties):
    cohort = CohortFactory(county=counties["07"], round__running=True)
    person = UserFactory(email="anna@example.com", municipality=counties["07"].municipalities.get())
    EnrolmentFactory(participant=person, cohort=cohort)
    html = kronoberg_client.post(
        f"/admin/scheduling/cohort/{cohort.pk}/deltagare/",
        {
            "action": "one",
            "email": "anna@example.com",
            "name": "Anna Berg",
            "municipality": counties["07"].municipalities.get().pk,
        },
    ).content.decode()
    assert html.count("är redan anmäld till den här kursomgången") == 1
    assert 'class="error-summary' in html and "autofocus" in html


@pytest.mark.django_db
def test_the_public_page_says_full_and_ended_where_that_is_the_truth(client, counties):
    today = timezone.localdate()
    running = RoundFactory(running=True)
    full = CohortFactory(county=counties["07"], round=running, capacity=1, name="Full")
    EnrolmentFactory(cohort=full)
    CohortFactory(county=counties["07"], round=running, name="Ledig")
    CohortFactory(
        county=counties["07"], round=RoundFactory(end_date=date(2023, 12, 1)), name="Gammal"
    )
    past = CohortFactory(county=counties["07"], round=running, name="Klar")
    SessionFactory(
        cohort=past,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=3),
    )
    labels = {
        entry.cohort.name: entry.status_label
        for schedule in county_schedule(counties["07"], today=today).rounds
        for entry in schedule.cohorts
    }
    assert labels == {
        "Full": "Fullt – reservlista",
        "Ledig": "Öppen för anmälan",
        "Gammal": "Avslutad",
        "Klar": "Avslutad",
    }
    html = client.get("/lan/07/").content.decode()
    assert "Fullt – reservlista" in html and "Avslutad" in html
    assert Round.objects.count() == 2
