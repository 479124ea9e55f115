"""The member's directory profile: what other members see of them."""

from django.db import transaction

from ..models import MemberProfile


def profile_update(
    *,
    member,
    listed: bool,
    show_name: bool,
    show_title: bool,
    show_municipality: bool,
    show_topics: bool,
    topics,
    job_title: str | None = None,
) -> MemberProfile:
    """Save what the member chooses to show; not listed means nothing is shown."""
    with transaction.atomic():
        profile, _created = MemberProfile.objects.select_for_update().get_or_create(member=member)
        profile.listed = listed
        profile.show_name = show_name
        profile.show_title = show_title
        profile.show_municipality = show_municipality
        profile.show_topics = show_topics
        profile.save()
        profile.topics.set(topics)
        if job_title is not None and job_title != member.job_title:
            member.job_title = job_title
            member.save(update_fields=["job_title"])
    return profile
