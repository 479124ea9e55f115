"""The admin in Swedish: every main screen an editor or a coordinator meets, without English.

Wagtail's Swedish catalogue has gaps ("Exploring", "1-7 of 7", "Saved"); ours
(locale/sv/LC_MESSAGES) fills them, and its compiled .mo must match the .po.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from accounts.demo import ensure_demo_accounts
from accounts.roles import ensure_course_editor_group, ensure_scheduling_groups
from coursecontent.models import CourseIndexPage, CoursePage, ModulePage
from regions.models import County
from scheduling.models import Cohort
from scheduling.rounds import ensure_real_round
from tests.factories.scheduling import SessionFactory

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "sv" / "LC_MESSAGES"

# English that Wagtail shows where its Swedish catalogue has no entry, or writes in English.
ENGLISH = [
    "Exploring",
    "Saved",
    "Autosave",
    "Actions",
    "Minimap",
    "Side panels",
    "Side panel width",
    "Date updated",
    "Locked by",
    "Anyone",
    "Edit account avatar",
    "Maximum filesize",
    "There are no",
    "Page/Snippet",
    "To be created by",
    "Keyboard shortcuts",
    "Go-live",
    "Expiry",
]
# "1-7 of 7 sidor": a count of the form "<n>-<n> of <n>".
ENGLISH_COUNT = re.compile(r"\d+\s*[-–]\s*\d+ of \d+")


def visible_text(html: str) -> str:
    """The text a person sees or hears: text nodes and the labels read out by screen readers."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    labels = [
        str(tag[name])
        for tag in soup.find_all(True)
        for name in ("aria-label", "title", "placeholder", "alt")
        if tag.has_attr(name)
    ]
    return "\n".join([*soup.stripped_strings, *labels])


@pytest.fixture
def screens(client, real_course):
    """(email, path) for the main admin screens of the editor and of the coordinators."""
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    course_round = ensure_real_round(course=real_course.course)
    cohort = Cohort.objects.create(
        round=course_round, county=County.objects.get(code="07"), name="Grupp 1", capacity=20
    )
    session = SessionFactory(cohort=cohort)
    module = ModulePage.objects.live().order_by("path").first()
    course = CoursePage.objects.get()
    index = CourseIndexPage.objects.get()
    editor = "redaktor@example.com"
    coordinator = "samordnare.kronoberg@example.com"
    national = "nationell@example.com"
    return [
        (editor, "/admin/"),
        (editor, "/admin/pages/"),
        (editor, f"/admin/pages/{index.pk}/"),
        (editor, f"/admin/pages/{course.pk}/"),
        (editor, f"/admin/pages/{module.pk}/edit/"),
        (editor, f"/admin/pages/add/coursecontent/modulepage/{course.pk}/"),
        (editor, f"/admin/pages/{module.pk}/history/"),
        (editor, "/admin/pages/search/?q=f%C3%B6r%C3%A4ndring"),
        (editor, "/admin/images/"),
        (editor, "/admin/images/add/"),
        (editor, "/admin/documents/"),
        (editor, "/admin/documents/multiple/add/"),
        (editor, "/admin/snippets/"),
        (editor, "/admin/account/"),
        (editor, "/admin/reports/locked/"),
        (editor, "/admin/reports/aging-pages/"),
        (coordinator, "/admin/"),
        (coordinator, "/admin/scheduling/cohort/"),
        (coordinator, f"/admin/scheduling/cohort/edit/{cohort.pk}/"),
        (coordinator, f"/admin/scheduling/cohort/history/{cohort.pk}/"),
        (coordinator, "/admin/scheduling/interestregistration/"),
        (coordinator, f"/admin/narvaro/{session.pk}/"),
        (coordinator, "/admin/statistik/"),
        (national, "/admin/"),
        (national, "/admin/scheduling/round/"),
        (national, f"/admin/scheduling/round/edit/{course_round.pk}/"),
        (national, "/admin/scheduling/cohort/"),
        (national, "/admin/statistik/"),
        (national, "/admin/reports/site-history/"),
    ]


@pytest.mark.django_db
def test_the_admin_screens_speak_swedish(client, screens):
    found = []
    for email, path in screens:
        client.force_login(get_user_model().objects.get(email=email))
        response = client.get(path, follow=True)
        assert response.status_code == 200, (email, path)
        text = visible_text(response.content.decode())
        found += [(path, word) for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
        found += [(path, match) for match in ENGLISH_COUNT.findall(text)]
    assert found == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
def test_the_swedish_catalogue_is_compiled_from_its_po_file(tmp_path, domain):
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "-o", compiled, LOCALE / f"{domain}.po"], check=True)
    with compiled.open("rb") as fresh, (LOCALE / f"{domain}.mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog
        )


# "denna", "detta", "ditt", "din" agree with a noun's gender, which a placeholder does not have.
GENDERED_BEFORE_PLACEHOLDER = re.compile(
    r"\b(denna|detta|ditt|din)\s+%\((model_name|username_field\w*)\)s", re.I
)


def test_no_admin_sentence_guesses_the_gender_of_a_models_name(settings):
    """Wagtail's Swedish writes "denna %(model_name)s" ("denna nätverk"); ours says it neutrally."""
    import wagtail
    from django.utils import translation

    wagtail_root = Path(wagtail.__file__).parent
    guessed = []
    for catalogue in wagtail_root.glob("**/locale/sv/LC_MESSAGES/django.mo"):
        with catalogue.open("rb") as file:
            entries = gettext.GNUTranslations(file)._catalog
        for key, text in entries.items():
            if GENDERED_BEFORE_PLACEHOLDER.search(text):
                guessed.append(key)
    assert guessed, "Wagtail's catalogue has changed: look again for gendered placeholders"

    with translation.override("sv"):
        still_gendered = [
            key
            for key in guessed
            if GENDERED_BEFORE_PLACEHOLDER.search(
                translation.ngettext(key[0], key[0], key[1] + 1)
                if isinstance(key, tuple)
                else translation.gettext(key)
            )
        ]
    assert still_gendered == []
