"""Site-wide views that belong to no app."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Send browsers that ask for /favicon.ico on to the icon among the static files."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
