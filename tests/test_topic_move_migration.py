"""Topic moves from `network` down to `scheduling` (the public interest form asks about it):
its table, rows, the members' and examples' links to it, and its content type with the
editors' permissions all stay."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0002_example_approval_task"), ("scheduling", "0006_interest_confirmed_at")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_topics_and_their_links_survive_the_move_to_scheduling():
    old = _migrate(BEFORE)
    topic = old.get_model("network", "Topic").objects.create(name="Klimat", sort_order=5)
    county = old.get_model("regions", "County").objects.create(code="07", name="Kronobergs län")
    municipality = old.get_model("regions", "Municipality").objects.create(
        code="0780", name="Växjö", county=county, skr_group="B3", population=95000
    )
    user = old.get_model("lms", "User").objects.create(
        email="anna@example.com", municipality=municipality
    )
    profile = old.get_model("network", "MemberProfile").objects.create(member=user)
    profile.topics.add(topic)
    content_types = old.get_model("contenttypes", "ContentType")
    content_type, _created = content_types.objects.get_or_create(app_label="network", model="topic")
    permission, _created = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="change_topic", defaults={"name": "Can change ämne"}
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = new.get_model("scheduling", "Topic").objects.get()
    assert (moved.pk, moved.name, moved.sort_order) == (topic.pk, "Klimat", 5)
    profile = new.get_model("network", "MemberProfile").objects.get(member_id=user.pk)
    assert list(profile.topics.values_list("name", flat=True)) == ["Klimat"]
    content_type = new.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert (content_type.app_label, content_type.model) == ("scheduling", "topic")
    assert new.get_model("auth", "Permission").objects.get(pk=permission.pk).content_type_id == (
        content_type.pk
    )
