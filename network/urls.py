"""The members' pages of the network, the invitation link and the network feeds."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("natverk/", views.my_networks, name="mine"),
    path("natverk/min-profil/", views.profile_view, name="profile"),
    path("natverk/behov/", views.needs_view, name="needs"),
    path("natverk/inbjudan/<token:token>/", views.accept_view, name="accept"),
    path("natverk/<slug:slug>/", views.network_detail, name="detail"),
    path("natverk/<slug:slug>/medlemmar/", views.directory_view, name="directory"),
    path("natverk/<slug:slug>/exempel/nytt/", views.example_create, name="example_create"),
    path("natverk/<slug:slug>/traffar/<uuid:uid>/", views.meeting_detail, name="meeting"),
    path("natverk/<slug:slug>/kalender/<token:token>.ics", views.network_feed, name="feed"),
]
