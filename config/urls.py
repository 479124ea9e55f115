"""Root URLs: the Wagtail admin, documents, the language switch, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.documents import urls as wagtaildocs_urls

from scheduling.admin_views import refused_to_county_staff

from .converters import register_converters
from .views import favicon

register_converters()

# Wagtail's site history lists every county's scheduling entries; county staff read theirs in
# each cohort's history instead. These two paths come first, so they win over Wagtail's own.
site_history_urls = [
    path(
        f"admin/reports/site-history/{suffix}",
        require_admin_access(refused_to_county_staff(LogEntriesView.as_view(**kwargs))),
        name=name,
    )
    for suffix, name, kwargs in (
        ("", "site_history", {}),
        ("results/", "site_history_results", {"results_only": True}),
    )
]

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static file.
    path("favicon.ico", favicon, name="favicon"),
    *site_history_urls,
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
    path("sprak/", set_language, name="set_language"),
    path("", include("lms.urls")),
    path("", include("scheduling.urls")),
    path("", include("network.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
