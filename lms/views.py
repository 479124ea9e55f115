"""The participant's pages: Min kurs, marking modules done, reflections and the learning log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from calendars.feeds import subscription_links
from calendars.services import calendar_token_for
from coursecontent.models import CoursePage, ModulePage

from .access import with_read_access
from .forms import ReflectionForm
from .learning_log import learning_log_text
from .selectors import course_overviews
from .services import ReflectionError, progress_complete, progress_undo, reflection_save


def _readable_module(request, module_id) -> ModulePage:
    """The live module, if the user may read its course; else 404 or 403."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    course = with_read_access(CoursePage.objects.ancestor_of(module), request.user).first()
    if course is None or not course.user_may_read:
        raise PermissionDenied
    return module


@login_required
@require_POST
def module_complete(request, module_id):
    """Mark a module done ("Markera som klar") and go back to it."""
    module = _readable_module(request, module_id)
    progress_complete(user=request.user, module=module)
    messages.success(request, _("Modulen är markerad som klar."))
    return redirect(module.url + "#module-done-heading")


@login_required
@require_POST
def module_undo(request, module_id):
    """Mark a module as not done again."""
    module = _readable_module(request, module_id)
    progress_undo(user=request.user, module=module)
    messages.info(request, _("Modulen är markerad som inte klar."))
    return redirect(module.url + "#module-done-heading")


@login_required
@require_POST
def reflection_save_view(request, module_id):
    """Save the participant's answer to one reflection question."""
    module = _readable_module(request, module_id)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(module.url)
    block_id = form.cleaned_data["block_id"]
    try:
        reflection_save(
            participant=request.user,
            module=module,
            block_id=block_id,
            answer=form.cleaned_data["answer"],
        )
    except ReflectionError:
        messages.error(request, _("Frågan finns inte längre i modulen; svaret sparades inte."))
        return redirect(module.url)
    messages.success(request, _("Ditt svar är sparat."))
    return redirect(f"{module.url}#reflektion-{block_id}")


@login_required
@never_cache
def learning_log(request):
    """The participant's own reflections as a text file to keep."""
    response = HttpResponse(
        learning_log_text(request.user, today=timezone.localdate()),
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="larlogg.txt"'
    return response


@login_required
@never_cache
def my_course(request):
    """Min kurs: progress, the next module, the cohort's sessions, attendance, the certificate."""
    overviews = course_overviews(request.user)
    token = calendar_token_for(participant=request.user) if overviews else None
    links = (
        subscription_links(
            request, reverse("scheduling:personal_feed", kwargs={"token": token.token})
        )
        if token
        else None
    )
    return render(request, "lms/my_course.html", {"overviews": overviews, "feed_links": links})
