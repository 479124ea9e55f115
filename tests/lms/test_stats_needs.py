"""The needs report: the pure function on plain frames, its loader, the admin page and exports."""

import pandas as pd
import pytest
from django.urls import reverse
from pandas.testing import assert_frame_equal

from accounts.roles import COUNTY_COORDINATORS
from lms.stats.needs import needs_by
from lms.stats.needs_data import load_needs_frames
from network.services import needs_answer_save
from scheduling.models import Topic
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import InterestRegistrationFactory
from tests.factories.users import staff_member

LABEL = "färre än 5"


def _answers(rows):
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "answer_id",
            "municipality_code",
            "county_code",
            "skr_group",
            "wants_course",
            "wants_meetings",
            "wants_guide",
            "wants_indicators",
        ],
    )


def test_needs_by_county_counts_and_suppresses_small_groups():
    answers = _answers(
        [(i, "0780", "07", "B3", True, i % 2 == 0, False, True) for i in range(1, 7)]
        + [(10, "1480", "14", "A1", True, False, False, False)]
    )
    topics = pd.DataFrame({"answer_id": [1, 2, 10], "topic": ["Klimat", "Klimat", "Klimat"]})
    groups = pd.DataFrame(
        {"county_code": ["07", "14", "25"], "county_name": ["Kronoberg", "VG", "Norrbotten"]}
    )
    result = needs_by(answers, topics, groups, by="county", threshold=5, label=LABEL)
    expected = pd.DataFrame(
        {
            "county_code": ["07", "14", "25"],
            "county_name": ["Kronoberg", "VG", "Norrbotten"],
            "respondents": [6, LABEL, 0],
            "municipalities": [LABEL, LABEL, 0],
            "wants_course": [6, LABEL, 0],
            "wants_meetings": [LABEL, 0, 0],
            "wants_guide": [0, 0, 0],
            "wants_indicators": [6, 0, 0],
            "topic: Klimat": [LABEL, LABEL, 0],
        }
    )
    counts = [column for column in expected.columns if column not in groups.columns]
    expected[counts] = expected[counts].astype(object)
    assert_frame_equal(result, expected)


def test_needs_by_rejects_an_unknown_grouping():
    with pytest.raises(ValueError):
        needs_by(
            _answers([]),
            pd.DataFrame(columns=["answer_id", "topic"]),
            pd.DataFrame(),
            by="cohort",
            threshold=5,
            label=LABEL,
        )


@pytest.mark.django_db
def test_admin_report_is_held_to_the_coordinators_county(client, django_assert_num_queries):
    own, other = CountyFactory(code="07", name="Kronobergs län"), CountyFactory(code="14")
    topic = Topic.objects.create(name="Lokala indikatorer")
    for county, count in ((own, 6), (other, 2)):
        municipality = MunicipalityFactory(county=county)
        for _ in range(count):
            user = UserFactory(municipality=municipality)
            needs_answer_save(
                respondent=user, municipality=municipality, topics=[topic], support={"guide"}
            )
    client.force_login(staff_member(COUNTY_COORDINATORS, county=own))
    # The two sources of answers (joining and the public interest form) cost one query each.
    with django_assert_num_queries(15):
        response = client.get(reverse("lms_stats_needs"))
    body = response.content.decode()
    assert "Kronobergs län" in body
    assert "Testlän 14" not in body
    csv = client.get(reverse("lms_stats_needs") + "?export=csv&table=county")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Länskod,Län,Svar,Kommuner som svarat")
    assert "07,Kronobergs län,6,färre än 5" in text
    xlsx = client.get(reverse("lms_stats_needs") + "?export=xlsx")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_participants_cannot_read_the_report(client):
    client.force_login(UserFactory())
    response = client.get(reverse("lms_stats_needs"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_report_counts_the_interest_forms_answers_and_each_person_once():
    county = CountyFactory(code="07", name="Kronobergs län")
    municipality = MunicipalityFactory(county=county, skr_group="B5")
    guide = Topic.objects.create(name="Lokala indikatorer")
    confirmed = {"municipality": municipality}
    on_form = [InterestRegistrationFactory(**confirmed, wants_guide=True) for _ in range(6)]
    on_form[0].needs_topics.set([guide])
    InterestRegistrationFactory(**confirmed)  # said nothing about needs: not a respondent
    InterestRegistrationFactory(municipality=municipality, wants_guide=True, confirmed_at=None)
    # One contact joined the network and answered again: that answer replaces the form's.
    member = UserFactory(municipality=municipality)
    needs_answer_save(
        respondent=member,
        municipality=municipality,
        topics=[],
        support={"meetings"},
        registration=on_form[1],
    )

    frames = load_needs_frames(county=county)
    table = needs_by(
        frames.answers, frames.topics, frames.counties, by="county", threshold=5, label=LABEL
    )
    row = table.iloc[0]
    assert (row["respondents"], row["wants_guide"], row["wants_meetings"]) == (6, 5, LABEL)
    assert row["topic: Lokala indikatorer"] == LABEL
    assert sorted(frames.answers["answer_id"]) == sorted(
        [f"r{r.pk}" for r in on_form if r != on_form[1]] + [f"a{member.needs_answer.pk}"]
    )


@pytest.mark.django_db
def test_a_contact_who_registered_for_several_rounds_counts_once():
    county = CountyFactory(code="07", name="Kronobergs län")
    municipality = MunicipalityFactory(county=county)
    earlier = InterestRegistrationFactory(
        municipality=municipality, contact_email="Kim@Kommun.example", wants_guide=True
    )
    latest = InterestRegistrationFactory(
        municipality=municipality, contact_email="kim@kommun.example", wants_meetings=True
    )
    InterestRegistrationFactory(  # not confirmed: it neither counts nor replaces the others
        municipality=municipality, contact_email="kim@kommun.example", confirmed_at=None
    )
    # A member answered in the network and registered again for another round afterwards:
    # the network's answer counts, the registration does not.
    member = UserFactory(municipality=municipality, email="member@kommun.example")
    needs_answer_save(respondent=member, municipality=municipality, topics=[], support={"guide"})
    InterestRegistrationFactory(
        municipality=municipality, contact_email="MEMBER@kommun.example", wants_course=True
    )

    answers = load_needs_frames(county=county).answers
    assert sorted(answers["answer_id"]) == sorted([f"r{latest.pk}", f"a{member.needs_answer.pk}"])
    assert earlier.pk != latest.pk
    assert answers["wants_guide"].sum() == 1  # the member's; the earlier registration's is gone
    assert answers["wants_meetings"].sum() == 1
    assert answers["wants_course"].sum() == 0
