"""Min kurs, reflections and the learning log, and the query cost of the participant's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.models import Reflection
from lms.services import attendance_record, progress_complete
from tests.factories import ModulePageFactory, UserFactory


@pytest.mark.django_db
def test_min_kurs_shows_progress_next_module_cohort_and_attendance(
    participant_client, participant, modules, cohort
):
    progress_complete(user=participant, module=modules[0])
    html = participant_client.get(reverse("lms:my_course")).content.decode()
    assert "1 av 3 moduler klara" in html
    assert '<progress class="progress" max="3" value="1"' in html
    assert f"Fortsätt med {modules[1].title}" in html
    assert "Din grupp: Grupp 1" in html
    assert "webcal://" in html
    assert "Du har slutfört kursen" not in html


@pytest.mark.django_db
def test_min_kurs_offers_the_certificate_once_completed(
    participant_client, participant, modules, cohort
):
    for module in modules[:2]:
        progress_complete(user=participant, module=module)
    attendance_record(
        session=cohort.sessions.first(), attended_ids=[participant.pk], recorded_by=None
    )
    html = participant_client.get(reverse("lms:my_course")).content.decode()
    assert "Du har slutfört kursen" in html
    assert reverse("lms:certificate_download", args=[cohort.round.slug]) in html


@pytest.mark.django_db
def test_reflections_are_saved_private_editable_and_downloadable(
    client, participant_client, participant, course_tree
):
    module = ModulePageFactory(
        parent=course_tree["course"],
        title="Reflektera",
        body=[
            {
                "type": "reflection_question",
                "value": {"question": "Vem äger frågan?", "guidance": ""},
            }
        ],
    )
    block_id = module.body[0].id
    url = reverse("lms:reflection_save", args=[module.pk])
    participant_client.post(url, {"block_id": block_id, "answer": "Kommunstyrelsen, i praktiken."})
    participant_client.post(url, {"block_id": block_id, "answer": "Kommundirektören."})
    assert Reflection.objects.get(participant=participant).answer == "Kommundirektören."
    assert "Kommundirektören." in participant_client.get(module.url).content.decode()
    log = participant_client.get(reverse("lms:learning_log"))
    assert log["Content-Disposition"] == 'attachment; filename="larlogg.txt"'
    text = log.content.decode()
    assert "Reflektera" in text and "Vem äger frågan?" in text and "Kommundirektören." in text
    response = participant_client.post(url, {"block_id": "finns-inte", "answer": "x"})
    assert response.status_code == 302 and Reflection.objects.count() == 1

    staff = UserFactory(email="chef@example.com", is_staff=True)
    client.force_login(staff)
    assert "Kommundirektören." not in client.get(module.url).content.decode()


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
# Issue 7's budget was 10 each; issue 15 takes the site, the home page, the module, its course
# and the course's contents from the shared cache. The module page: session, user, the reader's
# enrolment (access), view restrictions, progress, reflections. Min kurs: session, user,
# enrolments, sessions, the participant's progress, attendance and completions (one statement),
# calendar token.
@pytest.mark.parametrize(("page_name", "expected"), [("module", 6), ("my_course", 6)])
def test_participant_pages_cost_the_same_with_5_or_50_modules(
    participant_client, participant, course_tree, cohort, page_name, expected
):
    counts = []
    for total in (5, 50):
        while course_tree["course"].get_children().count() < total:
            module = ModulePageFactory(parent=course_tree["course"])
            progress_complete(user=participant, module=module)
        first = course_tree["course"].get_children().first().specific
        url = first.url if page_name == "module" else reverse("lms:my_course")
        counts.append(_count(participant_client, url))
    assert counts == [expected, expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["lms:my_course", "lms:learning_log", "scheduling:my_calendar"]
)
def test_personal_pages_are_never_stored_by_a_cache(participant_client, url_name):
    """Min kurs, the learning log and Min kalender (the secret feed link) stay out of caches."""
    response = participant_client.get(reverse(url_name))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
# Right after a publish every process starts a new generation of the shared cache and reads the
# tree once more: the module page its site, home page, module, course and contents (5 more
# queries), Min kurs the site, home page, course and contents (4 more).
@pytest.mark.parametrize(("page_name", "expected"), [("module", 11), ("my_course", 10)])
def test_participant_pages_right_after_a_publish(
    participant_client, participant, course_tree, cohort, page_name, expected
):
    modules = [ModulePageFactory(parent=course_tree["course"]) for _ in range(5)]
    url = modules[0].url if page_name == "module" else reverse("lms:my_course")
    participant_client.get(url)
    modules[1].save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        assert participant_client.get(url).status_code == 200
    assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
