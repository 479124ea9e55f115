"""The needs survey's frames for `lms.stats.needs`, from the network's needs answers and the
interest registrations' answers on the public form, in six queries whatever the size."""

from dataclasses import dataclass

import pandas as pd
from django.db.models import Exists, OuterRef, Q, QuerySet

from network.models import NeedsAnswer
from regions.models import County, Municipality, SkrGroup
from scheduling.models import InterestRegistration

from .needs import SUPPORT_COLUMNS

# Answer ids of the two sources, kept apart: a needs answer and a registration.
ANSWER_PREFIX = "a"
REGISTRATION_PREFIX = "r"


@dataclass(frozen=True)
class NeedsFrames:
    """The answers, the topics they name, and the groups to report on."""

    answers: pd.DataFrame
    topics: pd.DataFrame
    counties: pd.DataFrame
    skr_groups: pd.DataFrame


def answered_registrations() -> QuerySet:
    """Confirmed interest registrations whose needs survey (on the public form) says something,
    one per contact: the newest confirmed, and none where the contact has a network needs
    answer (that one counts instead), whichever round they registered for."""
    said = Q(needs_topics__isnull=False)
    for column in SUPPORT_COLUMNS:
        said |= Q(**{column: True})
    answered = InterestRegistration.objects.filter(
        pk__in=InterestRegistration.objects.filter(said).values("pk"), confirmed_at__isnull=False
    )
    same_contact = Q(contact_email__iexact=OuterRef("contact_email"))
    newer = answered.filter(same_contact).filter(
        Q(confirmed_at__gt=OuterRef("confirmed_at"))
        | Q(confirmed_at=OuterRef("confirmed_at"), pk__gt=OuterRef("pk"))
    )
    answered_in_network = NeedsAnswer.objects.filter(
        Q(respondent__email__iexact=OuterRef("contact_email"))
        | Q(registration__contact_email__iexact=OuterRef("contact_email"))
    )
    return (
        answered.filter(needs_answer__isnull=True)
        .exclude(Exists(newer))
        .exclude(Exists(answered_in_network))
    )


def _answer_rows(queryset, prefix: str) -> list[tuple]:
    return [
        (f"{prefix}{pk}", *rest)
        for pk, *rest in queryset.order_by("pk").values_list(
            "pk",
            "municipality__code",
            "municipality__county__code",
            "municipality__skr_group",
            *SUPPORT_COLUMNS,
        )
    ]


def load_needs_frames(*, county: County | None = None) -> NeedsFrames:
    """Every answer (of one county's municipalities, if given) with its municipality's groups:
    the network's needs answers and the interest registrations' answers on the public form,
    each person's counted once. Six queries whatever the size."""
    answers = NeedsAnswer.objects.all()
    registrations = answered_registrations()
    counties = County.objects.order_by("code")
    municipalities = Municipality.objects.all()
    if county is not None:
        answers = answers.filter(municipality__county=county)
        registrations = registrations.filter(municipality__county=county)
        counties = counties.filter(pk=county.pk)
        municipalities = municipalities.filter(county=county)
    answer_rows = pd.DataFrame.from_records(
        _answer_rows(answers, ANSWER_PREFIX) + _answer_rows(registrations, REGISTRATION_PREFIX),
        columns=["answer_id", "municipality_code", "county_code", "skr_group", *SUPPORT_COLUMNS],
    )
    answer_topics = (
        NeedsAnswer.topics.through.objects.filter(needsanswer__in=answers)
        .order_by("pk")
        .values_list("needsanswer_id", "topic__name")
    )
    registration_topics = (
        InterestRegistration.needs_topics.through.objects.filter(
            interestregistration__in=registrations
        )
        .order_by("pk")
        .values_list("interestregistration_id", "topic__name")
    )
    topic_rows = pd.DataFrame.from_records(
        [(f"{ANSWER_PREFIX}{pk}", name) for pk, name in answer_topics]
        + [(f"{REGISTRATION_PREFIX}{pk}", name) for pk, name in registration_topics],
        columns=["answer_id", "topic"],
    )
    names = {value: str(label) for value, label in SkrGroup.choices}
    groups = sorted(set(municipalities.values_list("skr_group", flat=True)))
    return NeedsFrames(
        answers=answer_rows,
        topics=topic_rows,
        counties=pd.DataFrame.from_records(
            list(counties.values_list("code", "name")), columns=["county_code", "county_name"]
        ),
        skr_groups=pd.DataFrame(
            {"skr_group": groups, "skr_group_name": [names.get(g, g) for g in groups]}
        ),
    )
