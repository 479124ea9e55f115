"""Reusable filters over cohorts; the one place that says which cohorts a county takes part in."""

from django.db import models
from django.db.models import Q


class CohortQuerySet(models.QuerySet):
    """Cohorts, with the filters that several screens, feeds and reports share."""

    def hosted_or_joined_q(self, county_id: int) -> Q:
        """A filter for the cohorts that the county hosts or joins as a guest.

        Guest cohorts come from a subquery on the link table, not a join, so that no cohort
        is counted twice. `scheduling.county_feed_state` writes the same rule in SQL; a test
        holds the two together.
        """
        guest_of = self.model.guest_counties.through.objects.filter(county_id=county_id)
        return Q(county_id=county_id) | Q(pk__in=guest_of.values("cohort_id"))

    def hosted_or_joined_by(self, county) -> "CohortQuerySet":
        """The cohorts that the county (a County or its id) hosts or joins as a guest."""
        return self.filter(self.hosted_or_joined_q(getattr(county, "pk", county)))
