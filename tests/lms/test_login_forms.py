"""Both login pages refuse an email no account can have before trying to log in.

Regression: an email of more than 255 characters reached django-axes' record of the failed
login and was a server error on PostgreSQL (found by tests/security/test_fuzzing.py).
"""

import pytest
from axes.models import AccessAttempt

LOGIN_PAGES = ["/konto/logga-in/", "/admin/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_PAGES)
@pytest.mark.parametrize("email", ["a" * 300 + "@example.se", "sara\x00@example.se"])
def test_an_impossible_email_is_a_form_error_not_a_login_attempt(client, url, email):
    response = client.post(url, {"username": email, "password": "fel-losenord"})

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
    assert "_auth_user_id" not in client.session
