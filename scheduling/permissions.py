"""Which counties' scheduling data a staff member reaches."""

from django.db.models import Q, QuerySet


def sees_all_counties(user) -> bool:
    """True for administrators and national coordinators."""
    return user.is_superuser or user.has_perm("scheduling.view_all_counties")


def cohorts_for(user, queryset: QuerySet) -> QuerySet:
    """Cohorts the user may see: all, their county's (hosted or joined), or those they lead.

    Only a county coordinator (who may change cohorts) reaches the county's cohorts; a trainer
    who works at a county board sees the cohorts they lead and no others of that county.
    """
    if sees_all_counties(user):
        return queryset
    scope = Q(trainers=user)
    if user.county_id and user.has_perm("scheduling.change_cohort"):
        scope |= Q(county_id=user.county_id) | Q(guest_counties=user.county_id)
    return queryset.filter(pk__in=queryset.model.objects.filter(scope).values("pk"))


def cohorts_changeable_by(user, queryset: QuerySet) -> QuerySet:
    """Cohorts the user may change: all, or those their county hosts."""
    if sees_all_counties(user):
        return queryset
    if not user.county_id or not user.has_perm("scheduling.change_cohort"):
        return queryset.none()
    return queryset.filter(county_id=user.county_id)


def by_county_for(user, queryset: QuerySet, county_field: str) -> QuerySet:
    """Rows whose county (reached through county_field) is the user's own, or all of them."""
    if sees_all_counties(user):
        return queryset
    if not user.county_id:
        return queryset.none()
    return queryset.filter(**{county_field: user.county_id})
