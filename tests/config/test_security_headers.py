"""Security headers: the strict Content-Security-Policy on our pages, a wider one in the admin."""

import pytest
from django.test import RequestFactory, override_settings

from config.client_ip import client_ip


def directives(response) -> dict[str, str]:
    """The response's Content-Security-Policy as {directive: sources}."""
    policy = response.headers["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )


@pytest.mark.parametrize("path", ["/", "/konto/logga-in/", "/lan/", "/intresse/"])
def test_our_pages_get_the_strict_policy(client, real_course, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert "https://www.youtube-nocookie.com" in policy["frame-src"].split()
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_admin_allows_its_own_inline_code_and_nothing_foreign(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"


def test_no_page_of_ours_carries_inline_style_or_script(client, real_course):
    body = client.get("/lan/").content.decode() + client.get("/").content.decode()
    assert "<script" not in body
    assert "style=" not in body
    assert "<style" not in body


XFF = "HTTP_X_FORWARDED_FOR"


@pytest.mark.parametrize(
    ("header", "count", "meta", "expected"),
    [
        (None, 1, {XFF: "203.0.113.9"}, "10.0.0.2"),
        (XFF, 1, {XFF: "6.6.6.6, 203.0.113.9"}, "203.0.113.9"),
        (XFF, 2, {XFF: "198.51.100.4, 10.9.9.9"}, "198.51.100.4"),
        (XFF, 2, {XFF: "198.51.100.4"}, "10.0.0.2"),
        ("HTTP_X_REAL_IP", 1, {"HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
        ("HTTP_X_REAL_IP", 1, {}, "10.0.0.2"),
    ],
)
def test_client_ip_reads_the_configured_proxy_header(header, count, meta, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)
    with override_settings(CLIENT_IP_HEADER=header, CLIENT_IP_PROXY_COUNT=count):
        assert client_ip(request) == expected
