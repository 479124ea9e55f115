"""A module body rendered once per published revision and language, kept in the shared cache.

The body is split into segments: runs of blocks that read the same for everyone, rendered
without any request or user in their context and cached as HTML, and the indexes of blocks
marked `per_reader` (a reflection question holds the reader's own answer and a form with
their CSRF token), which are rendered on every request with the page's context. The key
names the page, its live revision and the language, under the page tree's generation (see
tree_cache.py), so a publish, or a changed image or document, is served at once everywhere.
"""

from django.utils import translation
from django.utils.safestring import mark_safe

from .tree_cache import cached


def render_body(context, page) -> str:
    """The module's body for this request: cached fragments and the reader's own blocks."""
    request = context.get("request")
    if getattr(request, "is_preview", False) or not page.live:
        segments = body_segments(page)  # a draft is never cached under the live revision
    else:
        key = f"body:{page.pk}:{page.live_revision_id}:{translation.get_language()}"
        segments = cached(request, key, lambda: body_segments(page))
    parts = []
    flat = None  # the page's context, flattened once for the reader's own blocks
    for segment in segments:
        if isinstance(segment, str):
            parts.append(segment)
        else:
            flat = flat if flat is not None else context.flatten()
            block = page.body[segment]
            parts.append(block.render_as_block(context={**flat, "block_id": block.id}))
    return mark_safe("".join(parts))  # noqa: S308  (blocks render through their templates)


def body_segments(page) -> list[str | int]:
    """The body as HTML strings for shared runs and indexes for the blocks rendered per reader."""
    segments: list[str | int] = []
    run: list[str] = []
    for index, block in enumerate(page.body):
        if getattr(block.block, "per_reader", False):
            if run:
                segments.append("".join(run))
                run = []
            segments.append(index)
        else:
            run.append(block.render_as_block(context={"block_id": block.id}))
    if run:
        segments.append("".join(run))
    return segments
