"""Uploaded documents and images are limited in type and size, with a clear message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


def upload(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Mall",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_csv_template_is_accepted(editor_client):
    response = upload(editor_client, "intressentanalys-mall.csv", b"namn;roll\n")
    assert response.status_code == 302
    assert Document.objects.get().file.name.endswith(".csv")


def test_an_executable_is_refused_with_a_clear_message(editor_client):
    response = upload(editor_client, "mall.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    assert (
        "Filändelsen “exe” är inte giltig. Giltiga filändelser är: csv" in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_with_a_clear_message(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(editor_client, "stor.pdf", b"%PDF" + b"x" * 2048)
    assert response.status_code == 200
    assert "Filen är för stor" in response.content.decode()
    assert not Document.objects.exists()


def test_the_limits_are_set(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert "exe" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
