"""Who runs which network, and who belongs to one: the one place that says so.

County coordinators run their own county's network; national coordinators (and administrators)
run every network, the national one and the reference group included. `networks_run_by` and
`networks_seen_by` are defined beside the models, whose pages and moderation task use them, and
are read from here by everything else.
"""

from django.db.models import QuerySet

from .models import Network, networks_run_by, networks_seen_by

__all__ = ["member_networks", "networks_run_by", "networks_seen_by"]


def member_networks(user) -> QuerySet:
    """The networks the user is a member of."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(memberships__member=user)
