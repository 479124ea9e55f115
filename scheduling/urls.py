"""Public scheduling pages, feeds and Min kalender; the personal feed's view is `calendars`'."""

from django.urls import path

from calendars.feeds import personal_feed

from . import feeds, views

app_name = "scheduling"

urlpatterns = [
    path("lan/", views.county_list, name="county_list"),
    path("lan/<county_code:county_code>/", views.county_detail, name="county_detail"),
    path("intresse/", views.interest_register_view, name="interest_register"),
    path("intresse/tack/", views.interest_thanks, name="interest_thanks"),
    path("intresse/bekrafta/<str:token>/", views.interest_confirm_view, name="interest_confirm"),
    path("lan/<county_code:county_code>/kalender.ics", feeds.county_feed, name="county_feed"),
    path("grupper/<int:cohort_id>/kalender.ics", feeds.cohort_feed, name="cohort_feed"),
    path("kalender/<token:token>.ics", personal_feed, name="personal_feed"),
    path("traffar/<uuid:uid>.ics", feeds.session_ics, name="session_ics"),
    path("min-kalender/", views.my_calendar, name="my_calendar"),
    path("min-kalender/ny-lank/", views.my_calendar_rotate, name="my_calendar_rotate"),
]
