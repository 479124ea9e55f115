"""Every role against every endpoint, as tests/security/matrix.py grants it, and nothing more."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config import urls as root_urls

from .matrix import COMMANDS, ROLES, ROWS, render_table

DOCS = Path(settings.BASE_DIR) / "docs" / "permissions.md"
TABLE = re.compile(r"<!-- matrix:start -->\n(.*)<!-- matrix:end -->", re.DOTALL)
OUR_VIEW_MODULES = ("lms.", "scheduling.", "coursecontent.", "network.", "config.")
# Admin screens registered by our wagtail_hooks.py and our user viewset (lms.viewsets).
OUR_NAMESPACES = (
    "scheduling_round",
    "scheduling_cohort",
    "scheduling_interest",
    "network_network",
    "network_meeting",
    "network_topic",
)
OUR_ADMIN_NAMES = ("lms_attendance", "lms_stats", "lms_stats_needs")
USER_VIEWSET_NAMESPACE = "wagtailusers_users"


def _fill(template: str, values: dict) -> str:
    return template.format(**values)


def outcome(response, private_text: str | None) -> str:
    """The matrix code of what the response did (S when allowed and the private text is absent)."""
    status = response.status_code
    if status == 404:
        return "N"
    if status == 403:
        return "F"
    if status in (301, 302):
        target = urlparse(response["Location"]).path
        if target in (reverse("lms:login"), reverse("wagtailadmin_login")):
            return "L"
        if target == reverse("wagtailadmin_home"):
            return "A"
        return "Y"
    if status in (200, 304):
        if private_text is None:
            return "Y"
        body = b"".join(response) if response.streaming else response.content
        return "leak" if private_text.encode() in body else "S"
    return f"HTTP {status}"


def _cases():
    for index, row in enumerate(ROWS):
        sides = ("own", "other") if row.names_an_object else ("own",)
        for role in ROLES:
            for side in sides:
                label = f"{role}-{row.method}-{row.label}-{side}"
                yield pytest.param(index, role, side, id=label)


@pytest.mark.parametrize(("row_index", "role", "side"), list(_cases()))
def test_role_reaches_endpoint_exactly_as_the_matrix_grants(as_role, world, row_index, role, side):
    """Request the row as the role with its own or another county's objects."""
    row = ROWS[row_index]
    county = world.own if side == "own" else world.other
    values = {**world.placeholders(), **county.placeholders()}
    path = _fill(row.path, values)
    data = {key: _fill(str(value), values) for key, value in row.data.items()}
    client = as_role(role)
    expected = row.expected(role, side)
    private_text = None
    if expected == "S" and row.marker:
        private_text = world.other.markers()[row.marker]
    response = client.post(path, data) if row.method == "POST" else client.get(path)
    assert outcome(response, private_text) == expected, (
        f"{role} {row.method} {path} ({side}): expected {expected}, got {response.status_code} "
        f"{response.get('Location', '')}"
    )


def _our_url_names(patterns, namespace=None, top_level=True):
    """URL names of our apps' views, our admin screens and the patterns of config/urls.py."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _our_url_names(pattern.url_patterns, inner, top_level=False)
            continue
        assert isinstance(pattern, URLPattern)
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        view = getattr(pattern.callback, "view_class", pattern.callback)
        ours = (
            view.__module__.startswith(OUR_VIEW_MODULES)
            or (namespace or "").split(":")[0] in (*OUR_NAMESPACES, USER_VIEWSET_NAMESPACE)
            or pattern.name in OUR_ADMIN_NAMES
            or (top_level and pattern in root_urls.urlpatterns)
            or pattern.name == "wagtail_serve"
        )
        if ours:
            yield name


def test_every_url_of_our_apps_has_a_row():
    """A new view without a row in the matrix fails here."""
    names = set(_our_url_names(get_resolver().url_patterns))
    missing = names - {row.name for row in ROWS}
    assert not missing, f"URLs without a row in tests/security/matrix.py: {sorted(missing)}"


def test_every_row_names_a_url_that_exists():
    """A row for a removed or renamed URL fails here."""
    names = set()

    def collect(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                collect(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    collect(get_resolver().url_patterns)
    stale = {row.name for row in ROWS} - names
    assert not stale, f"Rows naming no URL: {sorted(stale)}"


def test_every_cell_is_a_known_outcome():
    """Each row has one cell per role, each one code or an own/other pair of codes."""
    for row in ROWS:
        for role, cell in row.by_role.items():
            assert re.fullmatch(r"[YSLANF](/[YSLANF])?", cell), f"{row.label}, {role}: {cell!r}"
            if "S" in cell:
                assert row.marker, f"{row.label}: an S cell needs a marker"


def test_every_management_command_is_in_the_matrix():
    """A new management command without a line in COMMANDS fails here."""
    commands = {
        path.stem
        for path in Path(settings.BASE_DIR).glob("*/management/commands/*.py")
        if path.stem != "__init__"
    }
    assert commands == set(COMMANDS)


def test_docs_table_is_the_matrix():
    """docs/permissions.md shows the matrix as it is (python -m tests.security.matrix prints it)."""
    match = TABLE.search(DOCS.read_text(encoding="utf-8"))
    assert match, "docs/permissions.md has no <!-- matrix:start --> ... <!-- matrix:end --> block"
    assert match.group(1) == render_table()
