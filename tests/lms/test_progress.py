"""Module progress: started on opening, completed by the button, idempotent, undoable, race-safe."""

from functools import partial

import pytest
from django.urls import reverse

from lms.models import ModuleProgress
from lms.selectors import COMPLETED, NOT_STARTED, STARTED, module_states
from lms.services import progress_complete, progress_start, progress_undo
from tests.races import errors_of, postgresql_only, race


@pytest.mark.django_db
def test_opening_a_module_records_it_as_started_once(participant_client, participant, modules):
    participant_client.get(modules[0].url)
    participant_client.get(modules[0].url)
    progress = ModuleProgress.objects.get(participant=participant)
    assert progress.module_id == modules[0].pk
    assert progress.completed_at is None


@pytest.mark.django_db
def test_mark_done_is_a_post_that_works_without_javascript(
    participant_client, participant, modules
):
    url = reverse("lms:module_complete", args=[modules[0].pk])
    assert participant_client.get(url).status_code == 405
    response = participant_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == modules[0].url + "#module-done-heading"
    first = ModuleProgress.objects.get(participant=participant).completed_at
    participant_client.post(url)  # repeating changes nothing
    assert ModuleProgress.objects.get(participant=participant).completed_at == first
    page = participant_client.get(modules[0].url).content.decode()
    assert "Du har markerat modulen som klar." in page
    assert "Ångra: markera som inte klar" in page
    participant_client.post(reverse("lms:module_undo", args=[modules[0].pk]))
    assert ModuleProgress.objects.get(participant=participant).completed_at is None
    assert "Markera som klar" in participant_client.get(modules[0].url).content.decode()


@pytest.mark.django_db
def test_contents_show_each_modules_state(participant_client, participant, modules):
    progress_complete(user=participant, module=modules[0])
    progress_start(user=participant, module=modules[1])
    html = participant_client.get(modules[2].url).content.decode()
    toc = html[html.index('id="toc-heading"') :]
    assert toc.count("klar</span>") == 1
    assert toc.count("påbörjad</span>") == 2  # module 2, and this one on opening


@pytest.mark.django_db
def test_module_states_answer_for_the_modules_asked_about_only(participant, modules):
    progress_complete(user=participant, module=modules[0])
    progress_start(user=participant, module=modules[2])
    asked = [modules[0].pk, modules[1].pk]
    assert module_states(participant, asked) == {
        modules[0].pk: COMPLETED,
        modules[1].pk: NOT_STARTED,
    }
    assert module_states(participant, [modules[2].pk]) == {modules[2].pk: STARTED}


@pytest.mark.django_db
def test_someone_without_a_place_cannot_mark_or_read(client, modules, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="utan@example.com"))
    assert client.get(modules[0].url).status_code == 403
    assert client.post(reverse("lms:module_complete", args=[modules[0].pk])).status_code == 403
    client.logout()
    response = client.get(modules[0].url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


@pytest.mark.django_db
def test_undo_keeps_the_row(participant, modules):
    progress_complete(user=participant, module=modules[0])
    progress_undo(user=participant, module=modules[0])
    assert ModuleProgress.objects.filter(participant=participant).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_requests_make_one_row_and_keep_the_completion(course_tree):
    from tests.factories import ModulePageFactory, UserFactory

    module = ModulePageFactory(parent=course_tree["course"])
    user = UserFactory()

    outcomes = race(
        *(
            partial(progress_complete if index % 2 else progress_start, user=user, module=module)
            for index in range(8)
        )
    )

    assert errors_of(outcomes) == []
    (row,) = ModuleProgress.objects.filter(participant=user, module=module)
    assert row.completed_at is not None
