"""A StreamField whose block definitions stay out of migrations."""

from wagtail.fields import StreamField as WagtailStreamField


class StreamField(WagtailStreamField):
    """StreamField that deconstructs without its blocks.

    The database column is JSON whatever the blocks are, so a change to a block needs no
    migration; without this, every edit to a block adds a migration with the whole tree.
    """

    def deconstruct(self):
        """Deconstruct as an empty StreamField of this class."""
        name, path, _args, kwargs = super().deconstruct()
        kwargs.pop("block_lookup", None)
        return name, path, [[]], kwargs
