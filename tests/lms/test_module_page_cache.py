"""The module page's shared cache: bodies per revision, each reader's own parts, invalidation.

The body's fragments and the page tree are kept in the shared cache (coursecontent's
tree_cache.py and fragments.py); what is a participant's own (progress, reflections, the CSRF
token in the forms) is rendered for each request. These tests try to make one reader's parts
reach another, a draft reach the live page, and a publish go unseen by another process.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Site
from wagtail.rich_text import RichText

from coursecontent import fragments
from coursecontent.tree_cache import generation
from lms.models import Reflection
from lms.services import progress_complete
from scheduling.services import enrolment_cancel, enrolment_create
from tests.factories import ModulePageFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def reflection_module(course, text="Första versionen av texten."):
    """A module with a paragraph, a reflection question and another paragraph."""
    return ModulePageFactory(
        parent=course,
        title="Att leda förändring",
        body=[
            {"type": "paragraph", "value": f"<p>{text}</p>"},
            {"type": "reflection_question", "value": {"question": "Vem äger frågan?"}},
            {"type": "paragraph", "value": "<p>Efter frågan.</p>"},
        ],
    )


def publish_body_text(module, text):
    """An editor publishes a new revision with a new first paragraph."""
    module.body[0] = ("paragraph", RichText(f"<p>{text}</p>"))
    module.save_revision().publish()


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request):
    """Each test of the keys on both the local-memory cache and a real Redis server."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


@pytest.fixture
def second_participant(cohort):
    user = UserFactory(
        email="olle@example.com", first_name="Olle", municipality=cohort.county.municipalities.get()
    )
    enrolment_create(participant=user, cohort=cohort)
    return user


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_participant_never_sees_another_participants_progress_or_answers(
    any_cache, participant, second_participant, course_tree
):
    module = reflection_module(course_tree["course"])
    progress_complete(user=participant, module=module)
    Reflection.objects.create(
        participant=participant, module=module, block_id=module.body[1].id, answer="Saras svar."
    )
    sara, olle = login(participant), login(second_participant)
    assert "Saras svar." in sara.get(module.url).content.decode()  # fills the cache

    html = olle.get(module.url).content.decode()
    assert "Första versionen av texten." in html  # the cached body
    assert "Saras svar." not in html
    assert "Du har markerat modulen som klar." not in html
    assert "Markera som klar" in html
    assert "klar</span>" not in html  # no "klar" beside the module in the contents

    Reflection.objects.create(
        participant=second_participant,
        module=module,
        block_id=module.body[1].id,
        answer="Olles svar.",
    )
    sara_html = sara.get(module.url).content.decode()
    assert "Saras svar." in sara_html and "Olles svar." not in sara_html
    assert "Du har markerat modulen som klar." in sara_html
    olle_html = olle.get(module.url).content.decode()
    assert "Olles svar." in olle_html and "Saras svar." not in olle_html


@pytest.mark.django_db
def test_the_csrf_token_in_the_forms_is_the_requesters_own(
    any_cache, participant, second_participant, course_tree
):
    module = reflection_module(course_tree["course"])
    sara = login(participant, enforce_csrf_checks=True)
    olle = login(second_participant, enforce_csrf_checks=True)
    sara_tokens = CSRF_INPUT.findall(sara.get(module.url).content.decode())
    olle_tokens = CSRF_INPUT.findall(olle.get(module.url).content.decode())
    assert sara_tokens and olle_tokens and set(sara_tokens).isdisjoint(olle_tokens)

    url = reverse("lms:reflection_save", args=[module.pk])
    answer = {"block_id": module.body[1].id, "answer": "Mitt svar."}
    assert olle.post(url, {**answer, "csrfmiddlewaretoken": sara_tokens[0]}).status_code == 403
    assert not Reflection.objects.exists()
    assert olle.post(url, {**answer, "csrfmiddlewaretoken": olle_tokens[0]}).status_code == 302
    assert Reflection.objects.get().participant == second_participant


@pytest.mark.django_db
def test_the_body_is_rendered_once_per_revision_and_language(
    monkeypatch, participant, second_participant, course_tree
):
    module = reflection_module(course_tree["course"])
    renders = []
    original = fragments.body_segments

    def counted(page):
        renders.append(page.pk)
        return original(page)

    monkeypatch.setattr(fragments, "body_segments", counted)
    sara, olle = login(participant), login(second_participant)

    sara.get(module.url)
    olle.get(module.url)
    assert len(renders) == 1

    olle.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in olle.get(module.url).content.decode()
    assert len(renders) == 2

    publish_body_text(module, "Andra versionen av texten.")
    html = sara.get(module.url).content.decode()
    assert "Andra versionen av texten." in html and "Första versionen" not in html
    assert len(renders) == 3


@pytest.mark.django_db
def test_a_preview_shows_the_draft_and_leaves_the_live_page_alone(participant_client, course_tree):
    module = reflection_module(course_tree["course"])
    participant_client.get(module.url)  # the live body is cached
    module.body[0] = ("paragraph", RichText("<p>Utkastets text.</p>"))
    module.save_revision()
    draft = module.get_latest_revision_as_object()
    assert "Utkastets text." in draft.make_preview_request().content.decode()
    html = participant_client.get(module.url).content.decode()
    assert "Första versionen av texten." in html and "Utkastets text." not in html


@pytest.mark.django_db
def test_a_cancelled_place_closes_the_cached_module_at_once(
    participant_client, participant, modules
):
    assert participant_client.get(modules[0].url).status_code == 200  # the course is cached
    enrolment_cancel(enrolment=participant.enrolments.get())
    assert participant_client.get(modules[0].url).status_code == 403


@pytest.mark.django_db
def test_a_changed_site_is_served_at_once(participant_client, modules):
    assert participant_client.get(modules[0].url).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.hostname = "annan.example"
    site.save()
    assert participant_client.get(modules[0].url).status_code == 404


@pytest.mark.django_db
def test_min_kurs_shows_a_renamed_module_at_once(participant_client, modules):
    url = reverse("lms:my_course")
    assert "Fortsätt med Modul 1" in participant_client.get(url).content.decode()
    modules[0].title = "Ny rubrik"
    modules[0].save_revision().publish()
    assert "Fortsätt med Ny rubrik" in participant_client.get(url).content.decode()


OTHER_PROCESS = """
import django
django.setup()
from django.test import Client
from lms.models import User
client = Client()
client.force_login(User.objects.get(email="sara@example.com"))
response = client.get("{url}")
print(response.status_code)
print(response.content.decode())
"""


def serve_in_another_process(url: str, shared_cache: dict) -> str:
    """The module page as a separate Django process renders it, on this test's database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{db['NAME']}"
    else:
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS.format(url=url)],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            **shared_cache,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    status, _, html = result.stdout.partition("\n")
    assert status == "200", result.stdout[:2000] + result.stderr[-2000:]
    return html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_is_served_at_once_by_another_process(
    redis_cache, participant_client, participant, course_tree
):
    module = reflection_module(course_tree["course"])
    body_key = f"coursecontent:{generation()}:body:{module.pk}:{module.live_revision_id}:sv"
    assert cache.get(body_key) is None

    first = serve_in_another_process(module.url, redis_cache)
    assert "Första versionen av texten." in first
    assert "Första versionen av texten." in "".join(
        part for part in cache.get(body_key) if isinstance(part, str)
    ), "the other process should have left the body in the shared cache"

    publish_body_text(module, "Andra versionen av texten.")
    for html in (
        participant_client.get(module.url).content.decode(),
        serve_in_another_process(module.url, redis_cache),
    ):
        assert "Andra versionen av texten." in html
        assert "Första versionen av texten." not in html
