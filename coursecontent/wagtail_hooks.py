"""The admin's additions that come with the course editor's pages."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_styles():
    """Our corrections to the admin's styles (contrast), on every admin page."""
    return format_html('<link rel="stylesheet" href="{}">', static("coursecontent/admin.css"))


@hooks.register("insert_global_admin_js")
def field_names_script():
    """Names the fields Wagtail leaves unnamed (rich text, list items), on every admin page."""
    return format_html(
        '<script src="{}" defer></script>', static("coursecontent/admin-field-names.js")
    )
