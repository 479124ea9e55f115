"""Public scheduling pages: the counties' schedules and the interest registration."""

from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("lan/", views.county_list, name="county_list"),
    path("lan/<str:county_code>/", views.county_detail, name="county_detail"),
    path("intresse/", views.interest_register_view, name="interest_register"),
    path("intresse/tack/", views.interest_thanks, name="interest_thanks"),
]
