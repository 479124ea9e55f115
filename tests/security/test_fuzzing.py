"""Every input, fuzzed: never a server error, and a rejected input changes nothing.

Each example runs inside a savepoint that is rolled back, so the world of tests/security/world.py
is the same for every example. The Django test client raises the view's exception, so a server
error fails the example with its traceback.
"""

from contextlib import contextmanager
from urllib.parse import quote, urlparse

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.services import password_set_url
from lms.models import Attendance, ModuleProgress, Reflection
from scheduling.models import Cohort, Enrolment, InterestRegistration, Session

from .world import REFLECTION_BLOCK_ID

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = st.sampled_from(
    ["", " ", "\x00", "\ufeff", "a" * 300, "é" * 5000, "0780", "-1", "9" * 30, "'; --", "<b>"]
)
TEXT = st.one_of(NASTY, st.text(st.characters(codec="utf-8"), max_size=400))
NUMBER = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), NASTY, st.just("1e9"))


@contextmanager
def rolled_back():
    """Run the block in a savepoint and undo whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def counts(*models) -> dict:
    """Row counts of the models, to compare before and after a request."""
    return {model.__name__: model.objects.count() for model in models}


# --- The participant CSV import ---------------------------------------------------------------

CSV_CELL = st.one_of(
    NASTY,
    st.sampled_from(["ny@example.com", "Anna Berg", "0780", "1480", "x@", "Ånga Öberg"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40),
)


@st.composite
def csv_files(draw) -> bytes:
    """A CSV file: maybe a BOM, a header, rows; commas, semicolons or tabs; any line ending."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = draw(
        st.one_of(
            st.just(["email", "name", "municipality_code"]),
            st.lists(CSV_CELL, min_size=0, max_size=4),
        )
    )
    rows = draw(st.lists(st.lists(CSV_CELL, min_size=0, max_size=4), max_size=5))
    lines = [delimiter.join(header), *(draw(st.sampled_from([",", ";"])).join(r) for r in rows)]
    text = draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")


@FUZZ
# Regressions: each of these was a server error or a half-written import before.
@example(body=b"email\nny@example.com\n")  # no delimiter in the header
@example(body=b"email,name,municipality_code\rny@example.com,Ann Berg,0780\r")  # lone CRs
@example(body=b"email,name,municipality_code\nny@example.com,Ann\x00 Berg,0780\n")
@example(body=b"email,name,municipality_code\nny@example.com," + b"A" * 300 + b",0780\n")
@example(body=b"email,name,municipality_code\n" + b"a" * 250 + b"@example.com,Ann Berg,0780\n")
@given(body=csv_files())
def test_participant_csv_import_rejects_whole_or_enrols_everyone(as_role, world, body):
    """A rejected file names a row, the header or the file, and changes nothing."""
    client = as_role("county_coordinator")
    url = f"/admin/scheduling/cohort/{world.own.cohort.pk}/deltagare/"
    upload = SimpleUploadedFile("lista.csv", body, content_type="text/csv")
    with rolled_back():
        before = counts(get_user_model(), Enrolment)
        response = client.post(url, {"action": "import", "file": upload})
        after = counts(get_user_model(), Enrolment)
        if response.status_code == 302:
            assert after["Enrolment"] > before["Enrolment"]
        else:
            assert response.status_code == 200
            assert after == before
            page = response.content.decode().lower()
            assert any(word in page for word in ("rad ", "rubrikraden", "filen")), page[-2000:]


@FUZZ
@example(email="ny@example.com", name="A" * 200, municipality="1")  # Regression: name too long
@given(email=TEXT, name=TEXT, municipality=NUMBER)
def test_enrol_one_participant_never_fails_and_refuses_cleanly(
    as_role, world, email, name, municipality
):
    """The enrol-one form: a refusal leaves users and enrolments as they were."""
    client = as_role("county_coordinator")
    url = f"/admin/scheduling/cohort/{world.own.cohort.pk}/deltagare/"
    with rolled_back():
        before = counts(get_user_model(), Enrolment)
        response = client.post(url, {"email": email, "name": name, "municipality": municipality})
        if response.status_code != 302:
            assert counts(get_user_model(), Enrolment) == before


@FUZZ
@example(enrolment="abc")  # Regression: a server error
@given(enrolment=NUMBER)
def test_cancel_an_enrolment_by_any_id_is_404_unless_it_is_the_cohorts(as_role, world, enrolment):
    """Cancelling with a made-up id answers 404 and cancels nothing."""
    client = as_role("county_coordinator")
    url = f"/admin/scheduling/cohort/{world.own.cohort.pk}/deltagare/"
    with rolled_back():
        before = list(Enrolment.objects.values_list("pk", "status"))
        response = client.post(url, {"action": "cancel", "enrolment": enrolment})
        if enrolment.strip() != str(world.own.enrolment.pk):
            assert response.status_code == 404
            assert list(Enrolment.objects.values_list("pk", "status")) == before


# --- Public forms -------------------------------------------------------------------------------


@FUZZ
@given(municipality=NUMBER, contact_name=TEXT, contact_email=TEXT, strategists=NUMBER, message=TEXT)
def test_interest_form(
    client, world, db, municipality, contact_name, contact_email, strategists, message
):
    """The interest form saves a registration or says what is wrong, and saves nothing."""
    data = {
        "municipality": municipality,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "strategists": strategists,
        "preferred_term": "",
        "message": message,
    }
    with rolled_back():
        before = counts(InterestRegistration)
        response = client.post("/intresse/", data)
        if response.status_code == 302:
            assert (
                counts(InterestRegistration)["InterestRegistration"]
                == before["InterestRegistration"] + 1
            )
        else:
            # 429: the examples all come from one address, past the hourly limit.
            assert response.status_code in (200, 429)
            assert counts(InterestRegistration) == before


@FUZZ
@given(token=TEXT)
def test_interest_confirmation_link(client, world, db, token):
    """A made-up confirmation link confirms nothing and answers 404, kindly."""
    with rolled_back():
        before = list(InterestRegistration.objects.values_list("pk", "confirmed_at"))
        response = client.post(f"/intresse/bekrafta/{quote(token, safe='')}/")
        assert response.status_code == 404
        assert list(InterestRegistration.objects.values_list("pk", "confirmed_at")) == before


@FUZZ
@given(username=TEXT, password=TEXT)
@example(username="a" * 300 + "@example.se", password="x")  # longer than axes' column: was a 500
def test_login_form(client, world, db, username, password):
    """Made-up credentials are refused with the form shown again, or with the lockout page.

    The failures add up over the examples: the same made-up email a fifth time is locked out.
    """
    response = client.post("/konto/logga-in/", {"username": username, "password": password})
    assert response.status_code in (200, 429)
    if response.status_code == 429:
        assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert "_auth_user_id" not in client.session


@FUZZ
@given(email=TEXT)
def test_password_reset_form(client, world, db, email):
    """Any address gives the same answer (sent) or a form error, never a server error."""
    with rolled_back():
        response = client.post("/konto/glomt-losenord/", {"email": email})
    assert response.status_code in (200, 302)


@FUZZ
@given(first=TEXT, second=TEXT)
def test_password_set_form(client, world, db, first, second):
    """A refused new password leaves the old one working."""
    # Fresh from the database: force_login in other tests changed last_login on the shared object.
    participant = get_user_model().objects.get(pk=world.own.participant.pk)
    with rolled_back():
        link = urlparse(password_set_url(participant)).path
        form_url = client.get(link)["Location"]
        response = client.post(form_url, {"new_password1": first, "new_password2": second})
        participant.refresh_from_db()
        if response.status_code != 302:
            assert participant.check_password("losenord-123")


@FUZZ
@given(language=TEXT, next_url=TEXT)
def test_language_switch(client, world, db, language, next_url):
    """Any language and any next address: a redirect, never off the site."""
    response = client.post("/sprak/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert not urlparse(response["Location"]).netloc


# --- The participant's actions ----------------------------------------------------------------


@FUZZ
@example(module_id=10**30, action="klar")  # Regression: overflowed SQLite's integer
@given(
    module_id=st.integers(min_value=0, max_value=10**30),
    action=st.sampled_from(["klar", "inte-klar"]),
)
def test_module_complete_and_undo_with_any_id(as_role, world, module_id, action):
    """An id that is not a readable module answers 404 and records no progress."""
    client = as_role("participant")
    with rolled_back():
        before = counts(ModuleProgress)
        response = client.post(f"/min-kurs/moduler/{module_id}/{action}/")
        if module_id != world.module.pk:
            assert response.status_code == 404
            assert counts(ModuleProgress) == before


@FUZZ
@example(block_id=REFLECTION_BLOCK_ID, answer="a\x00b")  # Regression: a server error
@example(block_id=REFLECTION_BLOCK_ID, answer="a" * 10_001)  # Regression: silently cut short
@given(block_id=st.one_of(st.just(REFLECTION_BLOCK_ID), TEXT), answer=TEXT)
def test_reflection_form(as_role, world, block_id, answer):
    """An answer to a real question with valid text is saved; anything else changes nothing."""
    client = as_role("participant")
    participant = world.own.participant
    with rolled_back():
        before = list(Reflection.objects.values_list("participant", "block_id", "answer"))
        response = client.post(
            f"/min-kurs/moduler/{world.module.pk}/reflektion/",
            {"block_id": block_id, "answer": answer},
        )
        assert response.status_code == 302
        after = list(Reflection.objects.values_list("participant", "block_id", "answer"))
        saved = block_id == REFLECTION_BLOCK_ID and "\x00" not in answer and len(answer) <= 10_000
        if not saved:
            assert after == before
        else:
            others = [row for row in after if row[0] != participant.pk]
            assert others == [row for row in before if row[0] != participant.pk]


# --- Admin screens ------------------------------------------------------------------------------


@FUZZ
@given(attended=st.lists(NUMBER, max_size=4))
def test_attendance_form_with_any_post_data(as_role, world, attended):
    """Attendance is saved for the cohort's participants only; a refusal records nothing."""
    client = as_role("county_coordinator")
    with rolled_back():
        before = counts(Attendance)
        response = client.post(f"/admin/narvaro/{world.own.session.pk}/", {"attended": attended})
        if response.status_code == 200:
            assert counts(Attendance) == before
            assert "Närvaron sparades inte" in response.content.decode()
        else:
            assert response.status_code == 302
            assert set(
                Attendance.objects.filter(attended=True).values_list("participant", flat=True)
            ) <= {world.own.participant.pk}


STATS_PARAMS = st.dictionaries(
    st.sampled_from(["round", "county", "start", "end", "export", "table", "omgang"]),
    st.one_of(TEXT, st.dates().map(str), st.sampled_from(["csv", "xlsx", "cohort", "county"])),
)


@FUZZ
@example(params={"start": "0001-01-01", "end": "9999-12-31"}, role="national_coordinator")
@given(params=STATS_PARAMS, role=st.sampled_from(["county_coordinator", "national_coordinator"]))
def test_statistics_filters(as_role, world, params, role):
    """The admin's statistics with any query: a page, an export or the form's errors."""
    response = as_role(role).get("/admin/statistik/", params)
    assert response.status_code == 200


@FUZZ
@example(params={"omgang": "\x00"})  # Regression: a server error on PostgreSQL
@given(params=STATS_PARAMS)
def test_public_statistics_filters(client, world, db, params):
    """The public statistics page and its CSV with any query."""
    assert client.get("/statistik/", params).status_code == 200
    assert client.get("/statistik/utrullning.csv", params).status_code in (200, 404)


@FUZZ
@example(token="ab\x00cd", county_code="0\x00")  # Regression: a server error on PostgreSQL
@given(token=TEXT, county_code=TEXT)
def test_feed_paths(client, world, db, token, county_code):
    """A made-up token or county code in a feed path is a 404 (or the real feed)."""
    token_response = client.get(f"/kalender/{quote(token, safe='')}.ics")
    assert token_response.status_code == (200 if token == world.own.token else 404)
    county_response = client.get(f"/lan/{quote(county_code, safe='')}/kalender.ics")
    assert county_response.status_code in (200, 404)
    assert client.get(f"/lan/{quote(county_code, safe='')}/").status_code in (200, 404)


@FUZZ
@given(name=TEXT, capacity=NUMBER, location=TEXT, start=TEXT)
def test_cohort_form(as_role, world, name, capacity, location, start):
    """The cohort form with its sessions: saved whole, or shown again with nothing changed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    cohort, session = world.own.cohort, world.own.session
    data = nested_form_data(
        {
            "name": name,
            "round": cohort.round_id,
            "county": cohort.county_id,
            "guest_counties": [],
            "capacity": capacity,
            "status": cohort.status,
            "trainers": [],
            "sessions": inline_formset(
                [
                    {
                        "id": session.pk,
                        "start": start,
                        "end": "2022-03-01 12:00",
                        "location": location,
                        "online_url": "",
                        "ORDER": 1,
                    }
                ],
                initial=1,
            ),
        }
    )
    client = as_role("county_coordinator")
    with rolled_back():
        before = (
            list(Cohort.objects.values_list("name", "capacity")),
            list(Session.objects.values_list("start", "location", "sequence")),
        )
        response = client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
        after = (
            list(Cohort.objects.values_list("name", "capacity")),
            list(Session.objects.values_list("start", "location", "sequence")),
        )
        if response.status_code == 200:
            assert after == before
        else:
            assert response.status_code == 302


@FUZZ
@given(reason=TEXT)
def test_session_cancel_form(as_role, world, reason):
    """A session is cancelled with a reason, or the form says what is wrong and nothing changes."""
    client = as_role("county_coordinator")
    session = world.own.session
    with rolled_back():
        response = client.post(
            f"/admin/scheduling/cohort/trff/{session.pk}/stall-in/", {"reason": reason}
        )
        status = Session.objects.get(pk=session.pk).status
        if response.status_code == 200:
            assert status == session.status
        else:
            assert response.status_code == 302
            assert status != session.status
