"""bootstrap builds everything from nothing and is safe to run again."""

import json
import shutil
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from wagtail.models import Page, Site

from coursecontent.course_fixture import FIXTURES_DIR, CourseFixtureError, load_course
from coursecontent.models import CourseIndexPage, CoursePage, HomePage, ModulePage
from regions.models import County, Municipality


def tree_snapshot():
    """Every page as (path, type, slug, title, live, latest revision)."""
    return list(
        Page.objects.order_by("path").values_list(
            "path", "content_type__model", "slug", "title", "live", "latest_revision_id"
        )
    )


@pytest.mark.django_db
def test_bootstrap_builds_site_course_and_reference_data(client):
    call_command("bootstrap", "--no-migrate", stdout=StringIO())
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    course = CoursePage.objects.get()
    assert course.get_parent().specific_class is CourseIndexPage
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    assert 6 <= len(modules) <= 8
    assert all(module.revisions.exists() for module in modules)
    assert [m.is_required for m in modules].count(False) == 1
    assert (County.objects.count(), Municipality.objects.count()) == (21, 290)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_bootstrap_speaks_swedish_only(caplog):
    """Wagtail logs every page it creates and publishes in English; bootstrap keeps that quiet."""
    caplog.set_level("INFO")
    output = StringIO()
    call_command("bootstrap", "--no-migrate", stdout=output)
    assert "Sidor: 10 skapade" in output.getvalue()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("wagtail")] == []


@pytest.mark.django_db
def test_bootstrap_twice_gives_the_same_tree():
    call_command("bootstrap", "--no-migrate", stdout=StringIO())
    before = tree_snapshot()
    output = StringIO()
    call_command("bootstrap", "--no-migrate", stdout=output)
    assert tree_snapshot() == before
    assert "Sidor: 0 skapade, 10 fanns redan och lämnades orörda" in output.getvalue()
    assert "kommuner: 0 nya, 0 uppdaterade, 290 oförändrade" in output.getvalue()


@pytest.mark.django_db
def test_bootstrap_keeps_editors_changes_and_restores_a_missing_module_in_place(real_course):
    modules = list(ModulePage.objects.order_by("path"))
    edited, removed = modules[0], modules[2]
    edited.title = "Redaktörens egen titel"
    edited.save_revision().publish()
    removed.delete()

    result = load_course()

    edited.refresh_from_db()
    assert edited.title == "Redaktörens egen titel"
    assert result.created == [removed.title]
    slugs = list(ModulePage.objects.order_by("path").values_list("slug", flat=True))
    assert slugs == [m.slug for m in modules]


@pytest.mark.django_db
def test_demo_accounts_can_log_in():
    call_command("bootstrap", "--no-migrate", "--demo", stdout=StringIO())
    # Axes (the login lockout) needs the request that a login comes with.
    request = RequestFactory().post("/konto/logga-in/")
    admin = authenticate(request, username="admin@example.com", password="demo-admin-2022")
    editor = authenticate(request, username="redaktor@example.com", password="demo-redaktor-2022")
    assert admin.is_superuser
    assert editor.is_staff and not editor.is_superuser
    assert editor.has_perm("wagtailadmin.access_admin")
    course_index = CourseIndexPage.objects.get()
    assert course_index.permissions_for_user(editor).can_publish()
    assert not Page.get_first_root_node().permissions_for_user(editor).can_add_subpage()


@pytest.fixture
def broken_fixtures(tmp_path):
    """A writable copy of fixtures/ (without the maps, which bootstrap does not read)."""
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures, ignore=shutil.ignore_patterns("maps"))
    return fixtures


def _edit_module(fixtures, change):
    path = sorted((fixtures / "course" / "modules").glob("*.json"))[1]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _bootstrap_from(monkeypatch, fixtures):
    """Run bootstrap on the given copy of fixtures/; return the CommandError it raises."""
    monkeypatch.setattr("coursecontent.course_fixture.FIXTURES_DIR", fixtures)
    monkeypatch.setattr("regions.loader.REFERENCE_DIR", fixtures / "reference")
    with pytest.raises(CommandError) as error:
        call_command("bootstrap", "--no-migrate", stdout=StringIO())
    return str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "saknar title"),
        (lambda d: d.update(colour="grön"), "okända fält colour"),
        (lambda d: d["body"].append({"type": "quiz", "value": {}}), "okänd blocktyp 'quiz'"),
        (lambda d: d["body"].append({"type": "heading", "value": {"text": "x"}}), "saknar level"),
        (
            lambda d: d["body"].append({"type": "heading", "value": {"text": "x", "level": "h9"}}),
            "ogiltigt värde (level: Välj ett giltigt alternativ. h9",
        ),
    ],
)
def test_a_bad_module_file_is_named_and_nothing_is_written(broken_fixtures, change, message):
    path = _edit_module(broken_fixtures, change)
    with pytest.raises(CourseFixtureError) as error:
        load_course(broken_fixtures)
    assert path.name in str(error.value)
    assert message in str(error.value)
    assert not HomePage.objects.exists()
    assert not ModulePage.objects.exists()


@pytest.mark.django_db
def test_invalid_json_names_line_and_column(broken_fixtures):
    (broken_fixtures / "course" / "course.json").write_text('{"index": ,}', encoding="utf-8")
    with pytest.raises(CourseFixtureError, match=r"course.json: ogiltig JSON på rad 1, kolumn 11"):
        load_course(broken_fixtures)


@pytest.mark.django_db
def test_bootstrap_command_reports_fixture_errors_cleanly(monkeypatch, broken_fixtures):
    _edit_module(broken_fixtures, lambda d: d.pop("slug"))
    assert "saknar slug" in _bootstrap_from(monkeypatch, broken_fixtures)


def _latin1_municipalities(fixtures):
    path = fixtures / "reference" / "municipalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))


BAD_BLOCK = {"type": "fact_box", "value": {"title": "", "text": "<p>Text</p>"}}
MISSING_DOCUMENT = {
    "type": "document",
    "value": {"file": "saknas.pdf", "title": "Mall", "description": ""},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            _latin1_municipalities,
            "municipalities.csv, rad 2, fält name: filen är inte sparad som UTF-8 (byte 0xe4)",
        ),
        (
            lambda f: _edit_module(f, lambda d: d.update(estimated_minutes="abc")),
            'leda-forandring-steg-for-steg.json, fält estimated_minutes: "abc" ska vara ett heltal',
        ),
        (
            lambda f: _edit_module(f, lambda d: d.update(estimated_minutes=-5)),
            "leda-forandring-steg-for-steg.json, fält estimated_minutes: -5 ska vara minst 1",
        ),
        (
            lambda f: _edit_module(f, lambda d: d.update(slug="steg för steg!")),
            "leda-forandring-steg-for-steg.json, fält slug: Fyll i en giltig 'slug'",
        ),
        (
            lambda f: _edit_module(f, lambda d: d.update(title="")),
            "leda-forandring-steg-for-steg.json, fält title: Detta fält får inte vara tomt.",
        ),
        (
            lambda f: _edit_module(f, lambda d: d.update(title="x" * 300)),
            "leda-forandring-steg-for-steg.json, fält title: Säkerställ att detta värde har",
        ),
        (
            lambda f: _edit_module(f, lambda d: d["body"].insert(0, BAD_BLOCK)),
            "leda-forandring-steg-for-steg.json, block 1: ogiltigt värde (title:",
        ),
        (
            lambda f: _edit_module(f, lambda d: d["body"].insert(0, MISSING_DOCUMENT)),
            "leda-forandring-steg-for-steg.json, block 1, fält file: dokumentet saknas.pdf saknas",
        ),
    ],
    ids=[
        "latin-1",
        "minutes-text",
        "minutes-negative",
        "slug",
        "empty-title",
        "long-title",
        "block",
        "document",
    ],
)
def test_bootstrap_checks_every_fixture_before_it_writes_anything(
    monkeypatch, broken_fixtures, breakage, message
):
    pages_before = tree_snapshot()
    breakage(broken_fixtures)
    assert message in _bootstrap_from(monkeypatch, broken_fixtures)
    assert not County.objects.exists()
    assert not Municipality.objects.exists()
    assert tree_snapshot() == pages_before


@pytest.mark.django_db
def test_bootstrap_names_the_problems_of_every_file_at_once(monkeypatch, broken_fixtures):
    _latin1_municipalities(broken_fixtures)
    _edit_module(broken_fixtures, lambda d: d.update(estimated_minutes="abc"))
    (broken_fixtures / "site.json").write_text('{"home": {"title": ""}}', encoding="utf-8")
    problems = _bootstrap_from(monkeypatch, broken_fixtures).splitlines()
    assert [problem.split(",")[0].rsplit("/", 1)[-1] for problem in problems] == [
        "municipalities.csv",
        "site.json",
        "02-leda-forandring-steg-for-steg.json",
    ]


@pytest.mark.django_db
def test_a_failure_after_the_fixtures_are_written_leaves_nothing_behind(monkeypatch):
    pages_before = tree_snapshot()

    def fail(**kwargs):
        raise RuntimeError("stopp")

    monkeypatch.setattr("lms.management.commands.bootstrap.ensure_real_round", fail)
    with pytest.raises(RuntimeError, match="stopp"):
        call_command("bootstrap", "--no-migrate", stdout=StringIO())
    assert not County.objects.exists()
    assert tree_snapshot() == pages_before
