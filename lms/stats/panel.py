"""The admin dashboard panel: a coordinator's headline figures for the current round."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from scheduling.permissions import statistics_county
from scheduling.selectors import current_round

from . import results


class HeadlineFiguresPanel(Component):
    """Enrolled, completed and municipalities reached, for the user's county or the country."""

    name = "headline_figures"
    order = 50
    template_name = "lms/admin/headline_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        """The figures of the current round, limited to the coordinator's county."""
        course_round = current_round(today=timezone.localdate())
        if course_round is None:
            return {"round": None}
        try:
            county = statistics_county(self.user)
        except PermissionError:
            return {"round": None}
        snapshot = results.rollout(round=course_round, county=county)
        rollout = snapshot.value
        if county is not None:
            rollout = rollout[rollout["county_code"] == county.code]
        totals = rollout[
            ["municipalities_total", "municipalities_reached", "enrolled", "completed"]
        ].sum()
        return {
            "round": course_round,
            "county": county,
            "enrolled": int(totals["enrolled"]),
            "completed": int(totals["completed"]),
            "reached": int(totals["municipalities_reached"]),
            "municipalities": int(totals["municipalities_total"]),
            "computed_at": snapshot.computed_at,
        }
