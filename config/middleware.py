"""Language selection that keeps the site Swedish unless a person picks another language."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
