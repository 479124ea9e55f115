"""The baseline every page is compared with: one database row rendered through a template."""

from django.shortcuts import get_object_or_404, render

from regions.models import County


def baseline_view(request, pk):
    """A trivial Django view: fetch one county and render it."""
    county = get_object_or_404(County, pk=pk)
    return render(request, "bench/baseline.html", {"county": county})
