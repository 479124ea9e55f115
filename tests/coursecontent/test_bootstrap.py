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
from scheduling.models import County, Municipality


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
    course_dir = tmp_path / "course"
    shutil.copytree(FIXTURES_DIR / "course", course_dir)
    return course_dir


def _edit_module(course_dir, change):
    path = sorted((course_dir / "modules").glob("*.json"))[1]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


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
    (broken_fixtures / "course.json").write_text('{"index": ,}', encoding="utf-8")
    with pytest.raises(CourseFixtureError, match=r"course.json: ogiltig JSON på rad 1, kolumn 11"):
        load_course(broken_fixtures)


@pytest.mark.django_db
def test_bootstrap_command_reports_fixture_errors_cleanly(monkeypatch, broken_fixtures):
    _edit_module(broken_fixtures, lambda d: d.pop("slug"))
    monkeypatch.setattr("coursecontent.course_fixture.FIXTURES_DIR", broken_fixtures.parent)
    with pytest.raises(CommandError, match="saknar slug"):
        call_command("bootstrap", "--no-migrate", stdout=StringIO())
