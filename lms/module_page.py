"""The participant's side of a module page: who may open it, its progress, their reflections.

coursecontent serves the page; lms plugs in through Wagtail's `before_serve_page` hook (see
wagtail_hooks.py) and through coursecontent's extensions, registered in `LmsConfig.ready()`.
"""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.urls import reverse

from .access import may_read
from .selectors import NOT_STARTED, STARTED, module_states, reflections_for
from .services import progress_start


def _is_participant(user) -> bool:
    """Whether the user follows the course (rather than staff reading it)."""
    return user.is_authenticated and not user.is_staff


def course_access(course, request, module) -> dict:
    """`user_may_read` for the module's course (one small query for a participant)."""
    return {"user_may_read": may_read(course, request.user)}


def _course_states(request, course) -> dict[int, str]:
    """The participant's state of each module in the course, read once per request."""
    if not hasattr(request, "_module_states"):
        modules = course.contents(request) if course else []
        request._module_states = module_states(request.user, [m.pk for m in modules])
    return request._module_states


def check_module_access(page, request):
    """Staff and participants with a place read a module; it is started when first opened.

    Returns a response to serve instead (the login page, or a 403 that says why), or None.
    An editor's preview is not checked.
    """
    if getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = page.get_course(request)
    if course is None or not course.user_may_read:
        return TemplateResponse(request, "lms/not_enrolled.html", {"page": page}, status=403)
    if _is_participant(request.user):
        states = _course_states(request, course)
        if states.get(page.pk, NOT_STARTED) == NOT_STARTED:
            progress_start(user=request.user, module=page)
            states[page.pk] = STARTED
    return None


def module_context(page, request, context) -> dict:
    """Each module's state, and for a participant their answers and the forms' addresses."""
    states = getattr(request, "_module_states", None)  # a participant's, read by the access check
    if states is None:
        states = module_states(request.user, [module.pk for module in context["modules"]])
    extra = {"states": states}
    if _is_participant(request.user):
        extra.update(
            state=states.get(page.pk),
            answers=reflections_for(request.user, page),
            reflection_url=reverse("lms:reflection_save", args=[page.pk]),
            module_status_template="lms/includes/module_status.html",
        )
    return extra
