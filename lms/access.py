"""Who may read a course's modules: staff, and participants enrolled in a round of the course."""

from scheduling.models import Enrolment, EnrolmentStatus


def may_read_modules(user, course) -> bool:
    """Staff always; a participant with a place (or a waitlist place) in a round of the course."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Enrolment.objects.filter(
        participant=user,
        round__course=course,
        status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED],
    ).exists()
