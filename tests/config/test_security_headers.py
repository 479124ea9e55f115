"""Security headers: the strict Content-Security-Policy on our pages, a wider one in the admin."""

import pytest
from django.test import RequestFactory, override_settings

from accounts.client_ip import client_ip


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
    assert policy["frame-ancestors"] == "'none'"
    assert policy["frame-src"].split()[0] == "'self'"


def test_only_the_admin_preview_may_be_framed_and_only_by_our_own_pages(client, real_course):
    from django.contrib.auth import get_user_model

    from coursecontent.models import ModulePage

    module = ModulePage.objects.live().order_by("path").first()
    client.force_login(get_user_model().objects.create_superuser("admin@example.com", "x"))
    edit = client.get(f"/admin/pages/{module.pk}/edit/")
    assert directives(edit)["frame-ancestors"] == "'none'"
    assert "'self'" in directives(edit)["frame-src"].split()
    assert "gravatar.com" not in edit.content.decode()  # the avatar is Wagtail's own
    # Without a form posted first, Wagtail answers with its preview error page; the browser
    # test (tests/browser/test_editor_and_visitor.py) frames a rendered preview.
    preview = client.get(f"/admin/pages/{module.pk}/edit/preview/?in_preview_panel=true")
    assert preview.status_code == 200
    assert directives(preview)["frame-ancestors"] == "'self'"
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    # The revision view is no preview panel: it may not be framed.
    revision = client.get(f"/admin/pages/{module.pk}/revisions/{module.latest_revision_id}/view/")
    assert directives(revision)["frame-ancestors"] == "'none'"


def test_a_rendered_preview_keeps_the_strict_policy_but_its_own_origin_may_frame_it():
    """Wagtail renders a preview through the middleware for the page's public address."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.csp import AdminRelaxedCSPMiddleware

    def preview_view(request):
        # What the page's own (strict) policy and Wagtail's preview decorator leave behind.
        response = HttpResponse("<h1>Modul</h1>")
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; frame-ancestors 'none'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    middleware = AdminRelaxedCSPMiddleware(preview_view)
    request = RequestFactory().get(settings.CSP_ADMIN_PREFIX + "pages/6/edit/preview/")
    policy = directives(middleware(request))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "frame-ancestors": "'self'",
    }


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
