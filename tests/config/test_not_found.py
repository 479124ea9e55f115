"""A missing page: our Swedish 404 page, in production and in development alike; the favicon."""

import pytest
from django.test import override_settings


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/finns-inte/", "/finns.inte/", "/lan/99/"])
def test_a_missing_page_is_our_swedish_404(client, real_course, debug, path):
    with override_settings(DEBUG=debug):
        response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in html
    assert '<html lang="sv">' in html
    assert "Page not found" not in html
    assert "URLconf" not in html


def test_a_404_with_a_body_of_its_own_keeps_it(client, real_course):
    with override_settings(DEBUG=True):
        response = client.get("/statistik/utrullning.csv?omgang=finns-inte")
    assert response.status_code == 404
    assert b"Sidan finns inte" not in response.content


def test_favicon_ico_leads_to_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"


def test_the_home_page_names_the_site_once(client, real_course):
    html = client.get("/").content.decode()
    assert "<title>Länsstyrelsernas kursplattform</title>" in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
