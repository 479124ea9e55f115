"""The Content-Security-Policy: strict on the site's own pages, wider inside the Wagtail admin."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


def frameable_by_own_origin(response) -> bool:
    """Whether the view declared itself fit to be framed by our own pages.

    Wagtail marks exactly its preview views (page and snippet previews, StreamField block
    previews) with ``X-Frame-Options: SAMEORIGIN``; every other response keeps Django's DENY.
    """
    return response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"


def frame_ancestors_self(policy: str) -> str:
    """The policy with its frame-ancestors directive, and nothing else, changed to 'self'."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split(" ", 1)[0] != "frame-ancestors"]
    return "; ".join([*kept, "frame-ancestors 'self'"])


class AdminRelaxedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN under CSP_ADMIN_PREFIX.

    Our templates use no inline script or style, so the site keeps the strict policy. Wagtail's
    admin renders inline scripts and styles of its own and frames its own page preview; rewriting
    Wagtail is not ours to do, so the admin, which only staff reach after logging in, gets a
    policy that allows inline code but still no scripts from other origins. Only the preview
    views may be framed, and only by our own pages.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        """The policy parts for this response, with the admin's policy on admin paths."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.CSP_ADMIN_PREFIX)
        ):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        """Set the policy; an admin preview may then be framed by our own pages.

        Wagtail renders a preview by passing a simulated request for the page's public address
        through the middleware, so the preview arrives with the site's strict policy already
        set. It keeps that policy, with frame-ancestors alone opened to our own origin.
        """
        response = super().process_response(request, response)
        if (
            request.path_info.startswith(settings.CSP_ADMIN_PREFIX)
            and frameable_by_own_origin(response)
            and HEADER in response
        ):
            response[HEADER] = frame_ancestors_self(response[HEADER])
        return response
