"""Participants' pages: login and logout, Min kurs, progress, reflections, certificates, data."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts.login_forms import LoginForm

from . import views
from .password_reset import PasswordLinkForm
from .privacy import views as privacy_views
from .stats import public as stats_public

app_name = "lms"

urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(
            template_name="lms/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/valj-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="lms/password_set.html",
            post_reset_login=True,
            # Axes stands first among the backends; the login itself is the model backend's.
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url=reverse_lazy("lms:my_course"),
        ),
        name="password_set",
    ),
    path(
        "konto/glomt-losenord/",
        auth_views.PasswordResetView.as_view(
            template_name="lms/password_reset.html",
            form_class=PasswordLinkForm,
            email_template_name="lms/email/password_reset.txt",
            subject_template_name="lms/email/password_reset_subject.txt",
            success_url=reverse_lazy("lms:password_reset_sent"),
        ),
        name="password_reset",
    ),
    path(
        "konto/glomt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(template_name="lms/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path("", include("lms.certificate_urls")),
    path("statistik/", stats_public.rollout_page, name="rollout"),
    path("statistik/utrullning.csv", stats_public.rollout_csv, name="rollout_csv"),
    path("min-kurs/", views.my_course, name="my_course"),
    path("min-kurs/larlogg.txt", views.learning_log, name="learning_log"),
    path("min-kurs/mina-uppgifter/", privacy_views.my_data, name="my_data"),
    path("min-kurs/mina-uppgifter.json", privacy_views.my_data_download, name="my_data_download"),
    path("min-kurs/moduler/<db_id:module_id>/klar/", views.module_complete, name="module_complete"),
    path("min-kurs/moduler/<db_id:module_id>/inte-klar/", views.module_undo, name="module_undo"),
    path(
        "min-kurs/moduler/<db_id:module_id>/reflektion/",
        views.reflection_save_view,
        name="reflection_save",
    ),
]
