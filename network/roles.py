"""The network's part of the staff roles, its topics, and the examples' moderation workflow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import COUNTY_COORDINATORS, COURSE_EDITORS, NATIONAL_COORDINATORS
from scheduling.models import Topic

from .models import ExampleApprovalTask
from .services.examples import EXAMPLE_WORKFLOW

COORDINATOR_PERMISSIONS = [
    "run_network",
    "view_network",
    "view_meeting",
    "add_meeting",
    "change_meeting",
]
NATIONAL_PERMISSIONS = COORDINATOR_PERMISSIONS + ["add_network", "change_network"]
EDITOR_PERMISSIONS = ["view_topic", "add_topic", "change_topic"]
TOPICS = ["Agenda 2030", "Miljöprogram", "Lokala indikatorer", "Klimat"]
APPROVAL_TASK = "Samordnare godkänner erfarenhetsexempel"


def _add(group_name: str, codenames: list[str], app_label: str = "network") -> None:
    group, _created = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


@transaction.atomic
def ensure_network_roles() -> None:
    """Give coordinators and editors their network permissions, and add the first topics."""
    _add(COUNTY_COORDINATORS, COORDINATOR_PERMISSIONS)
    _add(NATIONAL_COORDINATORS, NATIONAL_PERMISSIONS)
    _add(COURSE_EDITORS, EDITOR_PERMISSIONS, app_label=Topic._meta.app_label)
    for order, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


@transaction.atomic
def ensure_example_workflow(index_page: Page) -> Workflow:
    """The moderation of members' examples: coordinators approve before anyone else sees one.

    A county coordinator approves only examples of their county's network, national staff
    every network's (`ExampleApprovalTask`; `network.wagtail_hooks` holds the page editor to
    the same rule). Approving publishes, so the coordinators' groups may change and publish
    the pages below the network's start page. An older databases's plain group approval task
    of the same name, which let any coordinator approve any example, is taken out of the
    workflow and deactivated (examples in it go back to their authors to send again).
    """
    coordinators = Group.objects.filter(name__in=[COUNTY_COORDINATORS, NATIONAL_COORDINATORS])
    # Approving publishes the example: the approvers may change and publish the network's pages.
    for group in coordinators:
        for codename in ("change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    workflow, _created = Workflow.objects.get_or_create(name=EXAMPLE_WORKFLOW)
    for unscoped in GroupApprovalTask.objects.filter(name=APPROVAL_TASK):
        WorkflowTask.objects.filter(workflow=workflow, task=unscoped).delete()
        unscoped.deactivate()
    task = ExampleApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        task = ExampleApprovalTask.objects.create(name=APPROVAL_TASK)
    task.groups.set(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
