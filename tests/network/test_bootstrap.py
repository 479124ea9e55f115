"""bootstrap: the network's pages, roles and workflow always; with --demo its two networks."""

from io import StringIO

import pytest
from django.core.management import call_command

from network.models import GuidePage, Meeting, Network, NetworkIndexPage, Topic

pytestmark = pytest.mark.django_db


def test_bootstrap_demo_builds_the_networks_and_a_second_run_changes_nothing(client):
    call_command("bootstrap", "--no-migrate", "--demo", stdout=StringIO())
    call_command("bootstrap", "--no-migrate", "--demo", stdout=StringIO())
    assert set(Network.objects.values_list("slug", flat=True)) == {"nationellt", "kronoberg"}
    kronoberg = Network.objects.get(slug="kronoberg")
    members = set(
        kronoberg.memberships.values_list("member__municipality__county__code", flat=True)
    )
    assert members == {"07"}
    assert kronoberg.memberships.count() == 2  # Växjö and Ljungby
    assert Network.objects.get(slug="nationellt").memberships.count() == 6
    assert Meeting.objects.filter(network=kronoberg).count() == 2
    assert NetworkIndexPage.objects.live().count() == 1
    assert GuidePage.objects.live().count() == 2
    assert set(Topic.objects.values_list("name", flat=True)) >= {"Agenda 2030", "Klimat"}
    index = NetworkIndexPage.objects.get()
    response = client.get(index.url)
    assert response.status_code == 200
    assert "Vägledning för lokalt arbete med miljömål och Agenda 2030" in response.content.decode()
    guide = GuidePage.objects.get(slug="vagledning")
    body = client.get(guide.url).content.decode()
    assert "Länsstyrelserna, 2020" in body
    assert "Läs " not in body  # no link until an editor fills it in
