"""Accounts: enrolling someone new creates the account and emails a single-use invitation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lms.services import participant_ensure


@pytest.fixture
def invited(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user, created = participant_ensure(
            email="Ny.Strateg@Example.com",
            first_name="Ny",
            last_name="Strateg",
            municipality=cohort.county.municipalities.get(),
        )
    assert created
    return user


def invitation_link(message) -> str:
    return re.search(r"https?://\S+/konto/valj-losenord/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_a_new_account_gets_a_swedish_invitation(invited):
    (message,) = mail.outbox
    assert message.to == ["ny.strateg@example.com"]
    assert message.subject == "Välkommen till kursen i förändringsledning"
    assert "Hej Ny Strateg!" in message.body
    assert "gäller i 7 dagar" in message.body
    assert not invited.has_usable_password()


@pytest.mark.django_db
def test_the_link_sets_a_password_once(client, invited):
    link = invitation_link(mail.outbox[0])
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
    invited, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _user, created = participant_ensure(
            email="ny.strateg@example.com",
            first_name="X",
            last_name="Y",
            municipality=cohort.county.municipalities.get(),
        )
    assert not created
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, participant):
    response = client.post("/konto/glomt-losenord/", {"email": "sara@example.com"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "/konto/valj-losenord/" in message.body
    assert message.subject == "Välj ett nytt lösenord"
