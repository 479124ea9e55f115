"""Certificates: a participant downloads their own; anyone checks one by its code."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .certificates import certificate_data_for, certificate_pdf, certificate_queryset
from .services.completion import CODE_ALPHABET

_NOT_CODE_CHARACTERS = re.compile(r"[^0-9A-Z]")
_CODE = re.compile(rf"^[{CODE_ALPHABET}]{{12}}$")


def normalise_code(raw: str) -> str | None:
    """The code in its stored form (K7QM-2XHP-9DTA) from what a person typed, or None.

    Case, spaces, hyphens and other separators (an en dash copied from a document) are ignored.
    """
    compact = _NOT_CODE_CHARACTERS.sub("", raw.upper())
    if not _CODE.match(compact):
        return None
    return "-".join(compact[i : i + 4] for i in range(0, 12, 4))


def _verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("lms:certificate_verify_code", kwargs={"code": code}))


@require_safe
@login_required
@never_cache
def certificate_download(request, round_slug):
    """The logged-in participant's own certificate for a round, as a PDF; 404 if they have none."""
    completion = (
        certificate_queryset().filter(participant=request.user, round__slug=round_slug).first()
    )
    if completion is None:
        raise Http404
    data = certificate_data_for(
        completion, verify_url=_verify_url(request, completion.verification_code)
    )
    response = HttpResponse(certificate_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kursintyg-{round_slug}.pdf"'
    return response


def _verify_page(request, raw_code: str | None):
    """The verification page: the form, and the certificate's facts if the code is known."""
    context = {"code": (raw_code or "").strip()[:100], "searched": raw_code is not None}
    if raw_code is not None and not raw_code.strip():
        context["error"] = _("Skriv kontrollkoden från intyget.")
    elif raw_code is not None:
        code = normalise_code(raw_code)
        completion = certificate_queryset().filter(verification_code=code).first() if code else None
        if completion is not None:
            context["certificate"] = certificate_data_for(
                completion, verify_url=_verify_url(request, code)
            )
    response = render(request, "lms/certificate_verify.html", context)
    # The page names a person: keep it out of search engines even if a link to it leaks.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def certificate_verify(request):
    """Check a certificate by the code typed into the form (?kod=...)."""
    return _verify_page(request, request.GET.get("kod"))


@require_safe
def certificate_verify_code(request, code):
    """Check a certificate by the code in the URL printed on it (and in its QR code)."""
    return _verify_page(request, code)
