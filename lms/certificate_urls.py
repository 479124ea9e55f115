"""Certificate URLs, included into lms.urls (namespace "lms")."""

from django.urls import path

from . import certificate_views

urlpatterns = [
    path(
        "min-kurs/intyg/<slug:round_slug>.pdf",
        certificate_views.certificate_download,
        name="certificate_download",
    ),
    path("intyg/", certificate_views.certificate_verify, name="certificate_verify"),
    path(
        "intyg/<str:code>/",
        certificate_views.certificate_verify_code,
        name="certificate_verify_code",
    ),
]
