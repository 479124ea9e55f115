"""Who may read a course's modules: staff, and participants enrolled in a round of the course."""

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value

from scheduling.models import Enrolment, EnrolmentStatus

READING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


def with_read_access(courses: QuerySet, user) -> QuerySet:
    """Courses annotated with `user_may_read`: whether the user may read their modules.

    Staff always may; a participant may with a place (or a waitlist place) in a round of the
    course. An annotation rather than a second query, since every module page asks.
    """
    if not user.is_authenticated:
        return courses.annotate(user_may_read=Value(False, output_field=BooleanField()))
    if user.is_staff:
        return courses.annotate(user_may_read=Value(True, output_field=BooleanField()))
    return courses.annotate(user_may_read=Exists(_reading_places(user, OuterRef("pk"))))


def may_read(course, user) -> bool:
    """Whether the user may read the course's modules, by the rule of `with_read_access`."""
    if not user.is_authenticated or user.is_staff:
        return user.is_authenticated
    return _reading_places(user, course.pk).exists()


def _reading_places(user, course):
    """The user's places (or waitlist places) in rounds of the course (a pk or an OuterRef)."""
    return Enrolment.objects.filter(
        participant=user, round__course=course, status__in=READING_STATUSES
    )
