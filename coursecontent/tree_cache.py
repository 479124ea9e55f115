"""What every page view needs of the page tree, kept in the shared cache.

Serving a page takes the site for the request's host, the home page the path is routed from,
and the course's table of contents; a module page also renders the same body for every reader.
None of these changes unless an editor (or a command) publishes, unpublishes, moves, deletes or
otherwise changes a live page, changes a site, or replaces an image or a document. So they are
kept in the shared cache (Redis in production, each process's memory otherwise) under a
generation token, and any such change replaces the token: from the next request on, every app
server reads and fills entries under the new token, and the old entries are never read again
and expire. A draft (Wagtail's editor saves one every half second while someone types), a lock
or a comment writes only the page row's editing fields, which readers never see: those saves
keep the token.

The token is replaced at once and again when the transaction commits, so a server that filled
an entry from the rows before the commit has filled it under a token nobody reads any more.
"""

from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "coursecontent:generation"
ENTRY_TIMEOUT = 24 * 60 * 60  # old generations' entries only take space until then
_MISSING = object()
_TREE_MODELS = (Page, Site, PageViewRestriction, AbstractImage, AbstractDocument)
#: The page row's fields that a draft, a lock or a comment writes (`Page.save_revision`,
#: Wagtail's lock actions); what a reader is served comes from the live fields and the tree.
_EDITING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def generation(request=None) -> str:
    """The current generation token, read once per request."""
    token = getattr(request, "_tree_generation", None)
    if token is None:
        token = cache.get(GENERATION_KEY)
        if token is None:
            cache.add(GENERATION_KEY, uuid4().hex, timeout=None)
            token = cache.get(GENERATION_KEY)
        if request is not None:
            request._tree_generation = token
    return token


def cached(request, name: str, compute):
    """The entry `name` of the current generation, computed and stored when missing.

    An entry is read from the cache once per request: the module page's access check and its
    context both need the course's contents.
    """
    key = f"coursecontent:{generation(request)}:{name}"
    seen = request.__dict__.setdefault("_tree_entries", {}) if request is not None else {}
    if key not in seen:
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, timeout=ENTRY_TIMEOUT)
        seen[key] = value
    return seen[key]


def site_for_request(request):
    """Wagtail's site for the request's host, with its home page (as its own type) loaded.

    The same answer as `Site.find_for_request`, which costs two queries on every request.
    """
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def load():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.localized.specific  # noqa: B018  (loaded now, stored with the site)
        return site

    return cached(request, f"site:{hostname}:{port}", load)


def course_contents(course_id: int, modules, request=None) -> list:
    """The course's live modules in tree order, listed by `modules()` once per generation."""
    return cached(request, f"contents:{course_id}", lambda: list(modules()))


def page_at(request, url_path: str, find):
    """The page at url_path, found with `find()` once per generation; a miss is not kept.

    Misses are looked up every time, so that requests for made-up addresses cannot fill the
    cache; the key is a digest, since an address may hold characters a key may not.
    """
    key = f"coursecontent:{generation(request)}:page:{sha256(url_path.encode()).hexdigest()}"
    page = cache.get(key)
    if page is None:
        page = find()
        if page is not None:
            cache.set(key, page, timeout=ENTRY_TIMEOUT)
    return page


def new_generation() -> None:
    """Replace the token now and once more when the current transaction commits."""
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid4().hex, timeout=None))


def _on_model_change(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, _TREE_MODELS):
        return
    if isinstance(instance, Page) and update_fields and update_fields <= _EDITING_FIELDS:
        return
    new_generation()


def _on_page_change(sender, **kwargs):
    new_generation()


def connect_invalidation() -> None:
    """Replace the generation whenever the tree, a site or a shown file changes."""
    post_save.connect(_on_model_change, dispatch_uid="coursecontent-tree-save")
    post_delete.connect(_on_model_change, dispatch_uid="coursecontent-tree-delete")
    page_published.connect(_on_page_change, dispatch_uid="coursecontent-tree-publish")
    page_unpublished.connect(_on_page_change, dispatch_uid="coursecontent-tree-unpublish")
    post_page_move.connect(_on_page_change, dispatch_uid="coursecontent-tree-move")
