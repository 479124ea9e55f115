"""The interface is Swedish unless a person chooses English with the language switch."""

import pytest
from django.utils import translation


@pytest.mark.django_db
def test_swedish_even_for_an_english_browser(client, course_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html


@pytest.mark.django_db
def test_switching_to_english_and_back(client, course_tree):
    response = client.post("/sprak/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    client.post("/sprak/", {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_switch_does_not_redirect_off_site(client, course_tree):
    response = client.post("/sprak/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_english_catalogue_is_compiled_and_complete():
    with translation.override("en"):
        assert translation.gettext("Hoppa till innehållet") == "Skip to content"
        assert translation.gettext("Kursens innehåll") == "Course contents"
