"""The platform's URLs with the baseline view in front of them."""

from django.urls import include, path

from bench.baseline import baseline_view

urlpatterns = [
    path("bench/baseline/<int:pk>/", baseline_view),
    path("", include("config.urls")),
]
