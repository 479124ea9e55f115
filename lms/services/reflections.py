"""Reflections: a participant's private answers to a module's reflection questions."""

from django.db import transaction

from ..models import Reflection


class ReflectionError(ValueError):
    """The question does not exist in the module."""


def reflection_questions(module) -> dict[str, str]:
    """The module's reflection questions by their block id, in page order."""
    return {
        block.id: block.value["question"]
        for block in module.body
        if block.block_type == "reflection_question"
    }


@transaction.atomic
def reflection_save(*, participant, module, block_id: str, answer: str) -> Reflection | None:
    """Save (or replace) the participant's answer to one question; an empty answer deletes it."""
    questions = reflection_questions(module)
    if block_id not in questions:
        raise ReflectionError(block_id)
    answer = answer.strip()
    if not answer:
        Reflection.objects.filter(participant=participant, block_id=block_id).delete()
        return None
    reflection, _created = Reflection.objects.update_or_create(
        participant=participant,
        block_id=block_id,
        defaults={"module": module, "question": questions[block_id], "answer": answer},
    )
    return reflection
