"""Members' examples: drafts sent to moderation, published by a coordinator's approval, read by
the network's members only."""

import pytest
from django.urls import reverse
from wagtail.models import Site, TaskState

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS
from network.content import ensure_network_pages
from network.models import ExamplePage, NetworkKind
from network.roles import ensure_example_workflow, ensure_network_roles
from network.services import ExampleError, example_submit
from tests.factories import HomePageFactory, UserFactory
from tests.factories.network import MembershipFactory, NetworkFactory
from tests.factories.users import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    home = HomePageFactory(title="Start")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    ensure_network_roles()
    page = ensure_network_pages(home)
    ensure_example_workflow(page)
    return page


def test_an_example_is_a_draft_in_moderation_until_approved(client, index):
    network = NetworkFactory()
    author = MembershipFactory(network=network).member
    reader = MembershipFactory(network=network).member
    client.force_login(author)
    response = client.post(
        reverse("network:example_create", args=[network.slug]),
        {"title": "Indikatorer i Växjö", "summary": "Kort.", "body": "Först.\n\nSedan."},
    )
    assert response.status_code == 302
    page = ExamplePage.objects.get()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert page.get_latest_revision_as_object().body == "<p>Först.</p><p>Sedan.</p>"

    coordinator = staff_member(COUNTY_COORDINATORS, county=network.county)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, coordinator, "approve")
    page.refresh_from_db()
    assert page.live

    client.force_login(reader)
    assert "Indikatorer i Växjö" in client.get(index.url).content.decode()
    assert client.get(page.url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(page.url).status_code == 404
    assert "Indikatorer i Växjö" not in client.get(index.url).content.decode()
    client.logout()
    assert client.get(page.url).status_code == 302


def test_only_members_submit(index):
    with pytest.raises(ExampleError):
        example_submit(
            network=NetworkFactory(), author=UserFactory(), title="X", summary="Y", body="Z"
        )


def _submitted(network, title: str) -> ExamplePage:
    author = MembershipFactory(network=network).member
    return example_submit(network=network, author=author, title=title, summary="S", body="<p>B</p>")


def _approve(client, page):
    state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    )


def _refused(response) -> bool:
    """Wagtail's admin answers a refusal by sending the user back to the dashboard."""
    return (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}


def test_a_county_coordinator_approves_only_their_own_countys_examples(client, index):
    own, other = NetworkFactory(), NetworkFactory()
    own_example = _submitted(own, "Vårt exempel")
    other_example = _submitted(other, "Deras exempel")
    coordinator = staff_member(COUNTY_COORDINATORS, county=own.county)
    client.force_login(coordinator)

    task = other_example.current_workflow_task_state.task.specific
    assert task.get_actions(other_example, coordinator) == []
    assert [
        state.workflow_state.content_object.pk
        for state in (TaskState.objects.reviewable_by(coordinator))
    ] == [own_example.pk]
    assert _refused(_approve(client, other_example))
    # Nor round the workflow: the page editor refuses to open or publish it.
    edit = reverse("wagtailadmin_pages:edit", args=[other_example.pk])
    assert _refused(client.get(edit))
    assert _refused(client.post(edit, {"action-publish": "1"}))
    other_example.refresh_from_db()
    assert not other_example.live

    assert not _refused(_approve(client, own_example))
    own_example.refresh_from_db()
    assert own_example.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own_example.pk])).status_code == 200


def test_national_staff_approve_every_networks_examples(client, index):
    county_example = _submitted(NetworkFactory(), "Länets exempel")
    national_example = _submitted(
        NetworkFactory(kind=NetworkKind.NATIONAL, county=None, slug="nationellt"), "Nationellt"
    )
    national = staff_member(NATIONAL_COORDINATORS)
    county_coordinator = staff_member(COUNTY_COORDINATORS, county=county_example.network.county)
    client.force_login(county_coordinator)
    assert _refused(_approve(client, national_example))
    client.force_login(national)
    for page in (county_example, national_example):
        assert not _refused(_approve(client, page))
        page.refresh_from_db()
        assert page.live
