"""Request middleware: the Swedish-first language, our 404 page in development, the cached site."""

from functools import partial

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.views.defaults import page_not_found

from coursecontent.tree_cache import site_for_request


class SwedishFirstLocaleMiddleware:
    """Activate the language from the language cookie, else LANGUAGE_CODE (Swedish).

    Django's LocaleMiddleware also follows the browser's Accept-Language header, which would
    show English to most Swedish civil servants whose browsers are set up in English. Here only
    an explicit choice, made with the language switch, changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NotFoundPageMiddleware:
    """In development, show visitors our Swedish 404 page instead of Django's debug page.

    With DEBUG on, Django answers a missing page with its English technical page, which lists
    every URL pattern. Production renders 404.html; this renders the same page in development,
    for a view that raises Http404 and for an address that matches no URL. A view that answers
    404 with a body of its own keeps it, as it does in production. Inert when DEBUG is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        """Render our 404 page for Http404 raised by a view, as production does."""
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class CachedSiteMiddleware:
    """Give Wagtail the request's site, with its home page, from the shared cache.

    Wagtail looks the site up with `Site.find_for_request`, which keeps its answer on the
    request as `_wagtail_site`; set here, it costs one cache read instead of two queries. It is
    looked up on first use, so a view that needs no site (a feed, an admin list) costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = SimpleLazyObject(partial(site_for_request, request))
        return self.get_response(request)
