"""The rollout per county as the map's values, labels and links."""

from collections.abc import Callable

import pandas as pd
from django.utils.translation import gettext as _

from .sweden_map import percent


def rollout_map(rollout: pd.DataFrame, *, link: Callable[[str], str], hidden=frozenset()) -> dict:
    """Share of municipalities reached per county; counties in `hidden` show no figure."""
    values, labels, links = {}, {}, {}
    for row in rollout.itertuples(index=False):
        code = row.county_code
        links[code] = link(code)
        share = row.reach_share
        if code in hidden or share is None or share != share:
            values[code] = None
            labels[code] = _("%(county)s: uppgift saknas eller är för liten för att visas") % {
                "county": row.county_name
            }
            continue
        values[code] = float(share)
        labels[code] = _(
            "%(county)s: %(percent)s %% av kommunerna nådda (%(reached)d av %(total)d)"
        ) % {
            "county": row.county_name,
            "percent": percent(float(share)),
            "reached": row.municipalities_reached,
            "total": row.municipalities_total,
        }
    return {"values": values, "labels": labels, "links": links}
