"""The Content-Security-Policy: strict on the site's own pages, wider inside the Wagtail admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class AdminRelaxedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN under CSP_ADMIN_PREFIX.

    Our templates use no inline script or style, so the site keeps the strict policy. Wagtail's
    admin renders inline scripts and styles of its own and frames its own page preview; rewriting
    Wagtail is not ours to do, so the admin, which only staff reach after logging in, gets a
    policy that allows inline code but still no scripts from other origins.
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
