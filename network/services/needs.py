"""The needs survey: one answer per person, changed by answering again."""

from django.db import transaction

from scheduling.models import SupportKind

from ..models import NeedsAnswer


def needs_answer_save(
    *, respondent, municipality, topics, support: set[str], registration=None
) -> NeedsAnswer:
    """Save the person's answer: which topics, and which kinds of support they want.

    `registration` is the interest registration the person joined from: this answer takes
    over its answers on the public form, so that the needs report counts them once.
    """
    unknown = set(support) - set(SupportKind.values)
    if unknown:
        raise ValueError(f"Unknown kinds of support: {sorted(unknown)}")
    with transaction.atomic():
        answer = NeedsAnswer.objects.select_for_update().filter(respondent=respondent).first()
        answer = answer or NeedsAnswer(respondent=respondent)
        answer.municipality = municipality
        if registration is not None:
            answer.registration = registration
        answer.set_support(support)
        answer.full_clean()
        answer.save()
        answer.topics.set(topics)
    return answer
