"""Where apps above coursecontent add to its pages, registered at start-up.

coursecontent imports none of our apps. An app that knows more about a page than its content
(who may read a module, how far a participant has come) registers in its `AppConfig.ready()`:

- a course reader, `reader(course, request, module)`, which returns attributes to set on the
  module's course for this request (the course itself comes from the shared cache);
- a context provider, `provider(page, request, context)`, which returns entries to add to the
  page's template context;
- a subpage type, which lets a higher app's page types live below one of coursecontent's pages
  (the network's pages below the home page).
"""

from collections import defaultdict
from collections.abc import Callable

_course_readers: list[Callable] = []
_context_providers: defaultdict[type, list[Callable]] = defaultdict(list)


def register_course_reader(reader: Callable) -> None:
    """Have `reader(course, request, module)` return attributes for a module's course."""
    if reader not in _course_readers:
        _course_readers.append(reader)


def register_context_provider(page_type: type, provider: Callable) -> None:
    """Have `provider(page, request, context)` add its entries to pages of `page_type`."""
    if provider not in _context_providers[page_type]:
        _context_providers[page_type].append(provider)


def read_course(course, request, module):
    """The course with the attributes every registered reader returns set on it."""
    for reader in _course_readers:
        for name, value in reader(course, request, module).items():
            setattr(course, name, value)
    return course


def extra_context(page, request, context) -> dict:
    """What the registered providers add to the page's context."""
    extra = {}
    for provider in _context_providers[type(page)]:
        extra.update(provider(page, request, context))
    return extra


def register_subpage_type(page_type: type, subpage_type: str) -> None:
    """Allow pages of `subpage_type` ("app_label.Model") below pages of `page_type`."""
    if subpage_type not in page_type.subpage_types:
        page_type.subpage_types = [*page_type.subpage_types, subpage_type]
