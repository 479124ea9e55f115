"""scheduling adds the interest section to coursecontent's course page."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_course_page_invites_municipalities_to_register_interest(client, course_tree):
    html = client.get(course_tree["course"].url).content.decode()
    assert "Vill din kommun vara med?" in html
    assert f'href="{reverse("scheduling:interest_register")}"' in html
    assert f'href="{reverse("scheduling:county_list")}"' in html
