"""Cells for spreadsheets (CSV and Excel) that no spreadsheet program runs as a formula.

Every export of the platform passes its text cells through `spreadsheet_safe`: the interest
registrations here, the statistics and the rollout plan in `lms` and `scheduling`. Following
OWASP's rule for CSV injection, a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, which spreadsheet programs read as "this is text".
Numbers, dates and empty cells pass unchanged.
"""

from accounts.validators import starts_like_formula


def spreadsheet_safe(value):
    """The value, with an apostrophe before a text that would be read as a formula."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
