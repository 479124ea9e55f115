"""Participants' accounts: login and logout."""

from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "lms"

urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(
            template_name="lms/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
]
