"""Who may read a course's modules: staff, and participants enrolled in a round of the course."""

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value

from scheduling.models import Enrolment, EnrolmentStatus

READING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


def may_read_modules(user, course) -> bool:
    """Staff always; a participant with a place (or a waitlist place) in a round of the course."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Enrolment.objects.filter(
        participant=user,
        round__course=course,
        status__in=READING_STATUSES,
    ).exists()


def with_read_access(courses: QuerySet, user) -> QuerySet:
    """Courses annotated with `user_may_read`, the rule of `may_read_modules`, in the same query."""
    if not user.is_authenticated:
        return courses.annotate(user_may_read=Value(False, output_field=BooleanField()))
    if user.is_staff:
        return courses.annotate(user_may_read=Value(True, output_field=BooleanField()))
    enrolled = Enrolment.objects.filter(
        participant=user, round__course=OuterRef("pk"), status__in=READING_STATUSES
    )
    return courses.annotate(user_may_read=Exists(enrolled))
