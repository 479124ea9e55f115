"""Filling Wagtail's date and time fields the way a person does, without a picker left open."""

from playwright.sync_api import expect


def fill_date_time(field, value):
    """Type a value into a Wagtail date-time field and leave it with Tab, so its picker closes.

    The picker opens 100 ms after the field gets focus. Filled faster than that, the next
    field takes focus first and the picker opens late, over the form's buttons.
    """
    field.fill(value)
    open_picker = field.page.locator(".xdsoft_datetimepicker:visible")
    expect(open_picker).to_have_count(1)
    field.press("Tab")
    expect(open_picker).to_have_count(0)
