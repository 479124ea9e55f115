"""Mina uppgifter: the participant sees what the platform holds and downloads all of it."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .export import personal_data_export


@require_safe
@login_required
@never_cache
def my_data(request):
    """Mina uppgifter: the account's details, what the download holds, how erasure works."""
    return render(
        request,
        "lms/my_data.html",
        {"person": request.user, "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS},
    )


@require_safe
@login_required
@never_cache
def my_data_download(request):
    """Everything held about the logged-in person, as one UTF-8 JSON file to save."""
    body = json.dumps(personal_data_export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    filename = f"mina-uppgifter-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
