"""The participants' admin screens: attendance at a session."""

from django.urls import path
from wagtail import hooks

from .attendance_views import AttendanceView


@hooks.register("register_admin_urls")
def register_attendance_url():
    """Attendance at one session, at /admin/narvaro/<session>/ (URL name lms_attendance)."""
    return [
        path("narvaro/<int:session_pk>/", AttendanceView.as_view(), name="lms_attendance"),
    ]
