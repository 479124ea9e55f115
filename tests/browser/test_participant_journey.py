"""A participant's whole journey: invitation, password, modules, done, certificate, verification."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.services import account_invitation_email, participant_ensure
from calendars.services import mail_queue
from coursecontent.models import ModulePage
from lms.models import Completion
from lms.services import attendance_record, progress_complete
from regions.models import County, Municipality
from scheduling.models import Cohort, Session
from scheduling.rounds import ensure_real_round
from scheduling.services import enrolment_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_invitation_to_verified_certificate(
    page, live_server, real_course, assert_accessible, settings
):
    settings.SITE_URL = live_server.url
    course_round = ensure_real_round(course=real_course.course)
    cohort = Cohort.objects.create(
        round=course_round,
        county=County.objects.get(code="07"),
        name="Kronobergs län, grupp 1",
        capacity=20,
    )
    first_session = Session.objects.create(
        cohort=cohort, start="2022-03-15T08:00:00Z", end="2022-03-15T11:00:00Z", location="Växjö"
    )
    second_session = Session.objects.create(
        cohort=cohort, start="2022-04-12T07:00:00Z", end="2022-04-12T10:00:00Z", location="Växjö"
    )
    participant, _created = participant_ensure(
        email="nora.ny@example.com",
        first_name="Nora",
        last_name="Ny",
        municipality=Municipality.objects.get(code="0780"),
    )
    # The round has ended, so enrol as the system does (the demo, the plan), then queue the
    # welcome that participant_enrol would queue.
    enrolment_create(participant=participant, cohort=cohort)
    welcome = account_invitation_email(participant)
    mail_queue(
        to=participant.email,
        subject=welcome.subject,
        text=welcome.text,
        html=welcome.html,
        participant_id=participant.pk,
    )
    attendance_record(session=first_session, attended_ids=[participant.pk], recorded_by=None)
    attendance_record(session=second_session, attended_ids=[participant.pk], recorded_by=None)
    required = list(ModulePage.objects.live().filter(is_required=True).order_by("path"))
    for module in required[:-2]:
        progress_complete(user=participant, module=module)

    invitation = next(m for m in mail.outbox if m.subject.startswith("Välkommen"))
    link = re.search(r"http://\S+/konto/valj-losenord/\S+/", invitation.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj lösenord")
    assert_accessible(page)
    page.get_by_label("Nytt lösenord", exact=True).fill("ett-riktigt-bra-losenord-5")
    page.get_by_label("Bekräfta nytt lösenord").fill("ett-riktigt-bra-losenord-5")
    page.get_by_role("button", name="Spara lösenordet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Min kurs")
    total = ModulePage.objects.live().count()
    expect(page.get_by_text(f"{len(required) - 2} av {total} moduler klara")).to_be_visible()
    assert_accessible(page)

    for module in required[-2:]:
        page.get_by_role("link", name=f"Fortsätt med {module.title}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        assert_accessible(page)
        page.get_by_role("button", name="Markera som klar").click()
        expect(page.get_by_text("Du har markerat modulen som klar.")).to_be_visible()
        toc = page.get_by_role("navigation", name="Kursens innehåll")
        expect(toc.get_by_role("listitem").filter(has_text=module.title)).to_contain_text("klar")
        assert_accessible(page)
        page.get_by_role("link", name="Till Min kurs").click()

    expect(page.get_by_role("heading", name="Du har slutfört kursen")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner kursintyget (PDF)").click()
    assert download.value.suggested_filename == f"kursintyg-{course_round.slug}.pdf"

    code = Completion.objects.get(participant=participant).verification_code
    page.goto(f"{live_server.url}/intyg/")
    page.get_by_label("Kontrollkod").fill(code.lower().replace("-", ""))
    page.get_by_role("button", name="Kontrollera intyget").click()
    expect(page.get_by_role("heading", name="Intyget är äkta")).to_be_visible()
    expect(page.get_by_text("Nora Ny")).to_be_visible()
    assert_accessible(page)


def test_a_saved_reflection_and_a_course_page_without_a_place(
    page, live_server, participant, log_in, assert_accessible
):
    """The answer saved on the module, and Min kurs for someone not yet given a place."""
    log_in()
    module = next(
        module
        for module in ModulePage.objects.live().order_by("path")
        if any(block.block_type == "reflection_question" for block in module.body)
    )
    page.goto(live_server.url + module.url)
    form = page.locator("form.reflection-form").first
    form.locator("textarea").fill("Vi behöver börja med dem som redan vill.")
    form.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Ditt svar är sparat.")).to_be_visible()
    expect(page.locator("form.reflection-form textarea").first).to_have_value(
        "Vi behöver börja med dem som redan vill."
    )
    assert_accessible(page)

    participant.enrolments.all().delete()
    page.goto(live_server.url + "/min-kurs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min kurs")
    expect(page.get_by_text("Du är inte anmäld till någon kurs.")).to_be_visible()
    assert_accessible(page)
