"""Accounts: enrolling someone new creates the account and emails a single-use invitation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from scheduling.models import Cohort
from scheduling.services import participant_enrol
from tests.factories import UserFactory
from tests.factories.scheduling import RoundFactory


@pytest.fixture
def course_round(course_tree):
    """A round that runs today: staff enrol people only into running rounds."""
    return RoundFactory(course=course_tree["course"], required_sessions_attended=1, running=True)


def enrol(cohort, email, first_name="Ny", last_name="Strateg"):
    return participant_enrol(
        email=email,
        first_name=first_name,
        last_name=last_name,
        municipality=cohort.county.municipalities.get(),
        cohort=cohort,
    )


def plain_mail():
    """The emails sent that are not calendar invitations (those carry an invite.ics)."""
    return [message for message in mail.outbox if not message.attachments]


@pytest.fixture
def invited(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(cohort, "Ny.Strateg@Example.com")
    return enrolment.participant


def invitation_link(message) -> str:
    return re.search(r"https?://\S+/konto/valj-losenord/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_a_new_account_gets_a_swedish_invitation(invited):
    (message,) = plain_mail()
    assert message.to == ["ny.strateg@example.com"]
    assert message.subject == "Välkommen till kursen i förändringsledning"
    assert "Hej Ny Strateg!" in message.body
    assert "gäller i 7 dagar" in message.body
    assert not invited.has_usable_password()


@pytest.mark.django_db
def test_the_link_sets_a_password_once(client, invited):
    link = invitation_link(plain_mail()[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Välj lösenord" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "ett-bra-losenord-99", "new_password2": "ett-bra-losenord-99"}
    )
    assert response.status_code == 302 and response["Location"] == "/min-kurs/"
    assert get_user_model().objects.get(pk=invited.pk).check_password("ett-bra-losenord-99")
    client.logout()
    again = client.get("/" + path, follow=True).content.decode()
    assert "Länken fungerar inte längre" in again


@pytest.mark.django_db
def test_an_existing_account_gets_no_new_invitation(
    invited, course_round, django_capture_on_commit_callbacks
):
    other = Cohort.objects.create(
        round=RoundFactory(course=course_round.course, running=True),
        county=invited.municipality.county,
        name="Grupp 2",
        capacity=10,
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(other, "ny.strateg@example.com", "X", "Y")
    assert enrolment.participant == invited
    assert len(plain_mail()) == 1


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/glomt-losenord/", {"email": "sara@example.com"})
    assert response.status_code == 302
    (message,) = plain_mail()
    assert "/konto/valj-losenord/" in message.body
    assert message.subject == "Välj ett nytt lösenord"


@pytest.mark.django_db
def test_an_invited_account_without_a_password_can_ask_for_a_new_link(
    client, invited, django_capture_on_commit_callbacks
):
    """The first link expired unused: the forgotten-password page sends a new one."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/glomt-losenord/", {"email": "ny.strateg@example.com"})
    assert response.status_code == 302
    (message,) = plain_mail()
    assert message.to == ["ny.strateg@example.com"]
    link = invitation_link(message)
    response = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]), follow=True)
    assert "Välj lösenord" in response.content.decode()


@pytest.mark.django_db
def test_the_page_reveals_nothing_and_never_mails_an_erased_or_unknown_account(
    client, invited, django_capture_on_commit_callbacks
):
    from lms.privacy import participant_erase

    erased = UserFactory(email="borta@example.com", municipality=invited.municipality)
    participant_erase(erased, by=None)
    erased.refresh_from_db()
    mail.outbox.clear()
    pages = []
    for address in ["ny.strateg@example.com", erased.email, "okand@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/konto/glomt-losenord/", {"email": address}, follow=True)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        pages.append((response.redirect_chain, page))
    assert pages[0] == pages[1] == pages[2]
    assert [m.to for m in plain_mail()] == [["ny.strateg@example.com"]]
