"""The one place that answers which counties, cohorts and sessions a staff member reaches.

Model permissions (from the roles in `accounts.roles`) say what a person may do; this module
says where: everywhere for administrators and national coordinators, their own county for a
county coordinator, the cohorts they lead for a trainer. Every admin screen, report and panel
asks here, so the rule is written once.
"""

from django.db.models import Q, QuerySet

from .models import Cohort


def sees_all_counties(user) -> bool:
    """True for administrators and national coordinators."""
    return user.is_superuser or user.has_perm("scheduling.view_all_counties")


def statistics_county(user):
    """The county whose statistics the user sees: None for the whole country.

    Raises PermissionError for county staff without a county, who see no figures at all.
    """
    if sees_all_counties(user):
        return None
    if user.county is None:
        raise PermissionError("county staff without a county")
    return user.county


def cohorts_for(user, queryset: QuerySet) -> QuerySet:
    """Cohorts the user may see: all, their county's (hosted or joined), or those they lead.

    Only a county coordinator (who may change cohorts) reaches the county's cohorts; a trainer
    who works at a county board sees the cohorts they lead and no others of that county.
    """
    if sees_all_counties(user):
        return queryset
    scope = Q(trainers=user)
    if user.county_id and user.has_perm("scheduling.change_cohort"):
        scope |= Cohort.objects.hosted_or_joined_q(user.county_id)
    return queryset.filter(pk__in=Cohort.objects.filter(scope).values("pk"))


def cohorts_changeable_by(user, queryset: QuerySet) -> QuerySet:
    """Cohorts the user may change: all, or those their county hosts."""
    if sees_all_counties(user):
        return queryset
    if not user.county_id or not user.has_perm("scheduling.change_cohort"):
        return queryset.none()
    return queryset.filter(county_id=user.county_id)


def sessions_for_attendance(user, queryset: QuerySet) -> QuerySet:
    """Sessions whose attendance the user may take: cohorts they lead or their county hosts."""
    if sees_all_counties(user):
        return queryset
    # Subqueries, not joins: a cohort with several trainers must still give one row per session.
    led = Cohort.objects.filter(trainers=user).values("pk")
    hosted = cohorts_changeable_by(user, Cohort.objects.all()).values("pk")
    return queryset.filter(Q(cohort__in=led) | Q(cohort__in=hosted))


def visible_county_ids(user, cohort: Cohort) -> list[int] | None:
    """Whose entries and participants of the cohort the user sees; None: every county's.

    The host county, national staff and the cohort's trainers see everything of the cohort; a
    guest county's coordinator sees only what concerns their own county.
    """
    if (
        sees_all_counties(user)
        or not user.county_id
        or user.county_id == cohort.county_id
        or cohort.trainers.filter(pk=user.pk).exists()
    ):
        return None
    return [user.county_id]


def by_county_for(user, queryset: QuerySet, county_field: str) -> QuerySet:
    """Rows whose county (reached through county_field) is the user's own, or all of them."""
    if sees_all_counties(user):
        return queryset
    if not user.county_id:
        return queryset.none()
    return queryset.filter(**{county_field: user.county_id})
