"""The staff roles the platform defines as Django groups, with their permissions."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

COURSE_EDITORS = "Kursredaktörer"
COUNTY_COORDINATORS = "Kurssamordnare"
NATIONAL_COORDINATORS = "Nationella samordnare"
TRAINERS = "Kursledare"

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
ACCESS_ADMIN = ("wagtailadmin", "access_admin")

# Model permissions of each scheduling role; which county's rows a person reaches is decided
# by scheduling.permissions from their county, except for holders of view_all_counties.
COUNTY_COORDINATOR_PERMISSIONS = [
    ACCESS_ADMIN,
    ("scheduling", "view_round"),
    ("scheduling", "view_cohort"),
    ("scheduling", "add_cohort"),
    ("scheduling", "change_cohort"),
    ("scheduling", "view_enrolment"),
    ("scheduling", "add_enrolment"),
    ("scheduling", "change_enrolment"),
    ("scheduling", "view_interestregistration"),
    ("lms", "view_statistics"),
]
NATIONAL_COORDINATOR_PERMISSIONS = COUNTY_COORDINATOR_PERMISSIONS + [
    ("scheduling", "add_round"),
    ("scheduling", "change_round"),
    ("scheduling", "plan_round"),
    ("scheduling", "view_all_counties"),
    # The outbox holds every county's mail: only national staff see it and send it again.
    ("calendars", "resend_outboxmessage"),
]
TRAINER_PERMISSIONS = [ACCESS_ADMIN, ("scheduling", "view_cohort")]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group_with(name: str, permissions: list[tuple[str, str]]) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*(_permission(app, codename) for app, codename in permissions))
    return group


def ensure_course_editor_group(course_root: Page) -> Group:
    """Create or complete the course editors' group: admin, pages below course_root, media."""
    group = _group_with(COURSE_EDITORS, [ACCESS_ADMIN])
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=course_root, permission=_permission("wagtailcore", codename)
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission(app_label, codename)
        )
    return group


def ensure_scheduling_groups() -> dict[str, Group]:
    """Create or complete the county coordinators', national coordinators' and trainers' groups."""
    return {
        COUNTY_COORDINATORS: _group_with(COUNTY_COORDINATORS, COUNTY_COORDINATOR_PERMISSIONS),
        NATIONAL_COORDINATORS: _group_with(NATIONAL_COORDINATORS, NATIONAL_COORDINATOR_PERMISSIONS),
        TRAINERS: _group_with(TRAINERS, TRAINER_PERMISSIONS),
    }
