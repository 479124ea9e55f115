"""Logging in to the admin as staff do: through its login page, landing on the dashboard."""

from playwright.sync_api import expect


def log_in_to_admin(page, live_server, email, password):
    """Log in on /admin/login/ and wait for the dashboard and its heading."""
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
