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
    enrolled = Enrolment.objects.filter(
        participant=user, round__course=OuterRef("pk"), status__in=READING_STATUSES
    )
    return courses.annotate(user_may_read=Exists(enrolled))
