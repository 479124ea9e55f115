"""Members' own examples: written as drafts, published when a coordinator approves them."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Workflow

from ..models import ExamplePage, Membership, Network, NetworkIndexPage

EXAMPLE_WORKFLOW = "Erfarenhetsexempel"


class ExampleError(ValueError):
    """An example that cannot be submitted; the message says why, in Swedish."""


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:60] or "exempel"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def example_submit(
    *, network: Network, author, title: str, summary: str, body: str, topics=()
) -> ExamplePage:
    """Save a member's example as a draft below the network's page and send it to moderation.

    It stays unpublished, seen by nobody but its author's coordinators, until one of them
    approves it in the admin (Wagtail's workflow "Erfarenhetsexempel").
    """
    if not Membership.objects.filter(network=network, member=author).exists():
        raise ExampleError(_("Bara nätverkets medlemmar kan skriva exempel."))
    index = NetworkIndexPage.objects.first()
    workflow = Workflow.objects.filter(name=EXAMPLE_WORKFLOW, active=True).first()
    if index is None or workflow is None:
        raise ExampleError(_("Exempel kan inte tas emot ännu. Kontakta din samordnare."))
    with transaction.atomic():
        page = ExamplePage(
            title=title,
            slug=_unique_slug(index, title),
            network=network,
            municipality=author.municipality,
            summary=summary,
            body=body,
            author=author,
            live=False,
            owner=author,
        )
        index.add_child(instance=page)
        page.topics.set(topics)
        page.save_revision(user=author, log_action=True)
        page.refresh_from_db()
        workflow.start(page, author)
    return page
